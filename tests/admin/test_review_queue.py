"""The review queue: notes in review with their age, its filters, claims and
bulk decisions."""

from django.urls import reverse
from django.utils import timezone

from catalog.models import Note
from catalog.services import (
    note_claim,
    note_revise,
)
from tests.admin.note_pages import (
    as_user,
    buttons,
    in_review,
    page_messages,
    page_text,
    transition_url,
    write_draft,
)
from tests.factories import make_note
from tests.support.server import form_fields


def test_review_queue_lists_notes_in_review_with_their_age(people, client):
    waiting = in_review(people, title="Waiting a while")
    Note.objects.filter(pk=waiting.pk).update(
        review_requested_at=timezone.now() - timezone.timedelta(days=3, minutes=5)
    )
    write_draft(people, title="Still a draft")
    as_user(client, people["moderator"])

    response = client.get(reverse("admin:catalog_note_review_queue"))

    text = page_text(response)
    assert "Waiting a while ICML2025 · LLM Safety editor 3 days" in text
    assert "Still a draft" not in text
    assert "new note: whole text" in text
    old_only = client.get(reverse("admin:catalog_note_review_queue") + "?age=7")
    assert "Waiting a while" not in page_text(old_only)


def test_review_queue_filters_assigned_to_me_and_by_venue(people, client):
    mine = in_review(people, title="Claimed by me")
    note_claim(note=mine, moderator=people["moderator"])
    in_review(people, title="Nobody's yet")
    make_note(venue="ICLR2026", title="Elsewhere", status=Note.Status.PUBLISHED)
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    assigned = page_text(client.get(queue + "?assigned=me"))
    unclaimed = page_text(client.get(queue + "?assigned=nobody"))
    iclr = page_text(client.get(queue + "?venue=ICLR2026"))

    assert "Claimed by me" in assigned and "Nobody's yet" not in assigned
    assert "Nobody's yet" in unclaimed and "Claimed by me" not in unclaimed
    assert "No note waits for review with these filters." in iclr


def test_claim_from_the_queue_returns_to_the_queue(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    response = client.post(transition_url(note, "claim"), {"next": queue}, follow=True)

    assert response.redirect_chain[-1][0] == queue
    assert page_messages(response) == [
        "You review “Watermarks that survive paraphrase” now."
    ]
    assert "Unclaim" in buttons(response)
    note.refresh_from_db()
    assert note.reviewer == people["moderator"]


def test_bulk_approve_and_request_changes_from_the_queue(people, client):
    first = in_review(people, title="First in queue")
    second = in_review(people, title="Second in queue")
    own = in_review(people, title="Edited by me")
    note_revise(note=own, user=people["moderator"], changes={"summary": "Edit."})
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")
    shown = client.get(queue)

    approved = client.post(
        queue,
        _posted_back(shown, "queue-form", action="approve", notes=[first.pk, own.pk]),
        follow=True,
    )
    needs_reason = client.post(
        queue,
        _posted_back(shown, "queue-form", action="request_changes", notes=[second.pk]),
        follow=True,
    )
    sent_back = client.post(
        queue,
        _posted_back(
            shown,
            "queue-form",
            action="request_changes",
            notes=[second.pk],
            reason="Too long.",
        ),
        follow=True,
    )

    assert "Approved: “First in queue”." in page_messages(approved)
    assert any(
        m.startswith("“Edited by me” not done: You wrote or edited this note")
        for m in page_messages(approved)
    )
    assert page_messages(needs_reason)[0].startswith("“Second in queue” not done:")
    assert page_messages(sent_back) == ["Sent back for changes: “Second in queue”."]
    statuses = dict(
        Note.objects.filter(pk__in=[first.pk, second.pk, own.pk]).values_list(
            "paper__title", "status"
        )
    )
    assert statuses == {
        "First in queue": "published",
        "Second in queue": "changes_requested",
        "Edited by me": "in_review",
    }


def _posted_back(page, form_id: str, **choices) -> dict:
    """The form of `page` as the moderator's browser sends it, with `choices`."""
    data: dict[str, list[str]] = {}
    for name, value in form_fields(page.content.decode(), form_id):
        data.setdefault(name, []).append(value)
    return {**data, **choices}


def test_bulk_approve_refuses_a_revision_saved_after_the_queue_was_shown(
    people, client
):
    note = in_review(people, title="Swapped after the look")
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")
    shown = client.get(queue)
    note_revise(note=note, user=people["editor2"], changes={"summary": "Unseen."})

    response = client.post(
        queue,
        _posted_back(shown, "queue-form", action="approve", notes=[note.pk]),
        follow=True,
    )

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW and not note.is_live
    assert page_messages(response) == [
        "“Swapped after the look” not done: editor2 saved revision 2 after you "
        "opened the review; look at the changes again before deciding."
    ]
    client.logout()
    assert client.get(note.get_absolute_url()).status_code == 404


def test_bulk_decisions_need_the_revisions_the_queue_showed(people, client):
    note = in_review(people, title="Never shown")
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    approved = client.post(
        queue, {"action": "approve", "notes": [note.pk]}, follow=True
    )
    sent_back = client.post(
        queue,
        {"action": "request_changes", "notes": [note.pk], "reason": "Shorter."},
        follow=True,
    )

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    for response in (approved, sent_back):
        assert page_messages(response) == [
            "“Never shown” not done: the page did not say which revision you "
            "read. Open the review queue or the note again and decide there."
        ]
