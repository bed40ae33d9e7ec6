"""The admin index is the editorial desk: each person sees their own work,
in sentences, and the site's name rather than Django's."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from catalog.models import Note
from catalog.services import note_claim, note_request_changes
from tests.admin.note_pages import as_user, in_review, page_text, write_draft
from tests.factories import make_draft, make_note, make_suggestion


def _section(response, section_id: str) -> str:
    """The words of one list of the desk."""
    html = response.content.decode()
    found = re.search(rf'<ul[^>]*id="{section_id}"[^>]*>(.*?)</ul>', html, re.S)
    assert found, f"no {section_id} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_the_index_names_the_site_not_django(people, client):
    as_user(client, people["editor"])

    response = client.get(reverse("admin:index"))

    text = page_text(response)
    assert "notes_cms editorial desk" in text
    assert "Django administration" not in text
    assert "<title>My desk | notes_cms editorial desk</title>" in (
        response.content.decode()
    )


def test_an_editor_sees_their_drafts_and_a_returned_note_with_its_reason(
    people, client
):
    write_draft(people, title="My own draft")
    returned = in_review(people, title="Sent back to me")
    note_request_changes(
        note=returned,
        moderator=people["moderator"],
        reason="Cite the benchmark you compare against.",
    )
    in_review(people, title="Waiting for a moderator")
    make_draft(author=people["editor2"], title="Someone else's draft")
    as_user(client, people["editor"])

    response = client.get(reverse("admin:index"))

    assert _section(response, "desk-drafts").startswith("My own draft")
    assert "Someone else's draft" not in page_text(response)
    assert _section(response, "desk-returned") == (
        "Sent back to me moderator requested changes: "
        "Cite the benchmark you compare against."
    )
    assert _section(response, "desk-in-review").startswith("Waiting for a moderator")
    # An editor has no review desk.
    assert 'id="desk-review"' not in response.content.decode()


def test_a_moderator_sees_what_waits_its_age_and_what_is_theirs(people, client):
    old = in_review(people, title="Waiting three days")
    Note.objects.filter(pk=old.pk).update(
        review_requested_at=timezone.now() - timedelta(days=3)
    )
    fresh = in_review(people, title="Sent an hour ago")
    Note.objects.filter(pk=fresh.pk).update(
        review_requested_at=timezone.now() - timedelta(hours=1)
    )
    note_claim(note=fresh, moderator=people["moderator"])
    make_suggestion(make_note(title="A published note"))
    as_user(client, people["moderator"])

    response = client.get(reverse("admin:index"))

    text = re.sub(r" ([,.])", r"\1", page_text(response))
    assert "2 notes wait for review, 1 for more than two days." in text
    waiting = _section(response, "desk-waiting")
    assert waiting.startswith("Waiting three days")
    # Overdue is said in words, not by colour alone.
    assert "overdue: waiting 3 days" in waiting
    assert "overdue" not in waiting.split("Sent an hour ago")[1]
    assert _section(response, "desk-assigned").startswith("Sent an hour ago")
    assert "Reader submissions waiting: 1" in text
    assert "A published note" in _section(response, "desk-submissions")


def test_the_review_queue_is_in_every_admin_page_s_header_for_a_moderator(
    people, client
):
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    for url in (reverse("admin:index"), reverse("admin:catalog_note_changelist")):
        page = client.get(url).content.decode()
        assert f'href="{queue}" id="nav-review-queue"' in page

    as_user(client, people["editor"])
    assert queue not in client.get(reverse("admin:index")).content.decode()
