"""Previews: the admin's preview of the working text, and shared preview links."""

import re

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from catalog.services import (
    PREVIEW_SALT,
    note_revise,
)
from tests.admin.note_pages import (
    as_user,
    page_messages,
    transition_url,
    write_draft,
)
from tests.factories import make_note
from tests.pagetext import visible_lines


def test_admin_preview_shows_the_working_text_as_the_public_page(people, client):
    note = make_note(title="A live paper", summary="The published summary.")
    note_revise(note=note, user=people["editor"], changes={"summary": "The draft."})

    response = as_user(client, people["editor"]).get(
        reverse("admin:catalog_note_preview", args=[note.pk])
    )

    lines = visible_lines(response.content.decode())
    assert "The draft." in lines
    assert "The published summary." not in lines
    assert (
        "Preview of revision 2 (not published: the public does not see this text)."
        in lines
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    public = visible_lines(client.get(note.get_absolute_url()).content.decode())
    # The same page as the public one, but for the text of the draft.
    preview = [line for line in lines if not line.startswith("Preview of")]
    assert preview == [
        line.replace("The published summary.", "The draft.") for line in public
    ]


def test_shared_preview_link_works_without_an_account_until_it_expires(people, client):
    note = write_draft(people, summary="A draft for an outside expert.")
    as_user(client, people["editor"])
    response = client.post(transition_url(note, "share_preview"), follow=True)
    url = re.search(r"https?://\S+", page_messages(response)[0]).group(0)
    client.logout()

    shown = client.get(url)

    assert shown.status_code == 200
    assert "A draft for an outside expert." in visible_lines(shown.content.decode())
    assert "no-store" in shown["Cache-Control"]
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 3600
    expired = signing.Signer(salt=PREVIEW_SALT).sign(
        f"{note.pk}:{signing.b62_encode(eight_days_ago)}"
    )
    gone = client.get(reverse("catalog:note_preview", args=[expired]))
    assert gone.status_code == 404
    assert "This preview link has expired or is not valid" in visible_lines(
        gone.content.decode()
    )
    forged = client.get(reverse("catalog:note_preview", args=[f"{note.pk}:x:y"]))
    assert forged.status_code == 404
