"""Previews: the admin's preview of the working text, and shared preview links."""

import re

from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.services import (
    PREVIEW_SALT,
    note_revise,
)
from tests.admin.note_pages import (
    as_user,
    buttons,
    change_url,
    page_messages,
    page_text,
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
    link = _shared_link(as_user(client, people["editor"]), note)
    client.logout()
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 3600
    expired = signing.Signer(salt=PREVIEW_SALT).sign(
        f"{link}:{signing.b62_encode(eight_days_ago)}"
    )
    gone = client.get(reverse("catalog:note_preview", args=[expired]))
    assert gone.status_code == 404
    assert (
        "This preview link has expired, was revoked or is not valid"
        in visible_lines(gone.content.decode())
    )
    forged = client.get(reverse("catalog:note_preview", args=[f"{note.pk}:x:y"]))
    assert forged.status_code == 404


def _share(client, note) -> str:
    """The address a shared preview link gives, from the message after sharing."""
    response = client.post(transition_url(note, "share_preview"), follow=True)
    return re.search(r"https?://\S+", page_messages(response)[0]).group(0)


def _shared_link(client, note) -> str:
    """The id the change page's first Revoke button posts."""
    page = client.get(change_url(note)).content.decode()
    return re.search(r'name="link" value="(\d+)"', page).group(1)


def test_shared_preview_shows_the_revision_it_was_made_for(people, client):
    note = write_draft(people, summary="The text the expert was asked to read.")
    url = _share(as_user(client, people["editor"]), note)
    note_revise(
        note=note,
        user=people["editor"],
        changes={"summary": "Written after the link was shared."},
    )
    client.logout()

    lines = visible_lines(client.get(url).content.decode())

    assert "The text the expert was asked to read." in lines
    assert "Written after the link was shared." not in lines
    assert (
        "Preview of revision 1 (not published: the public does not see this text)."
        in lines
    )


def test_a_revoked_preview_link_stops_working_at_once(people, client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    note = write_draft(people, summary="A draft shared by mistake.")
    editor = as_user(client, people["editor"])
    url = _share(editor, note)
    reader = Client()
    assert reader.get(url).status_code == 200
    assert reader.get(url).status_code == 200  # a second read, as a cache would serve

    page = editor.get(change_url(note))
    assert "Revision 1, shared by editor" in page_text(page)
    assert "Revoke" in buttons(page)
    link = _shared_link(editor, note)
    done = editor.post(
        transition_url(note, "revoke_preview"), {"link": link}, follow=True
    )

    assert page_messages(done) == [
        f"Revoked the preview link of revision 1 of “{note}”: it no longer shows "
        "anything."
    ]
    gone = reader.get(url)
    assert gone.status_code == 404
    assert "This preview link has expired, was revoked or is not valid" in (
        visible_lines(gone.content.decode())
    )
    assert "A draft shared by mistake." not in gone.content.decode()
    assert "Revoke" not in buttons(editor.get(change_url(note)))
    assert [event.action for event in note.events.all()[:2]] == [
        "preview_revoked",
        "preview_shared",
    ]
    again = editor.post(
        transition_url(note, "revoke_preview"), {"link": link}, follow=True
    )
    assert page_messages(again) == ["Not done: This preview link was already revoked."]


def test_only_staff_who_edit_may_revoke_a_preview_link(people, client):
    note = write_draft(people)
    url = _share(as_user(client, people["editor"]), note)
    link = _shared_link(client, note)

    as_user(client, people["staff"]).post(
        transition_url(note, "revoke_preview"), {"link": link}
    )
    client.logout()
    client.post(transition_url(note, "revoke_preview"), {"link": link})

    assert client.get(url).status_code == 200
