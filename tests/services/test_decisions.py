"""The moderators' decisions: their reasons, draft over live, scheduled
publication and unpublishing, checked on the public page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Note, NoteRevision
from catalog.services import (
    note_approve,
    note_reject,
    note_request_changes,
    note_revise,
    note_snapshot,
    note_submit,
    note_unpublish,
)
from tests.factories import newest_revision
from tests.services.workflow_notes import (
    actions,
    in_review,
    live_note,
    public_text,
)

# --- Reasons ----------------------------------------------------------------


@pytest.mark.parametrize("decide", [note_request_changes, note_reject])
def test_request_changes_and_reject_need_a_reason(people, decide):
    note = in_review(people)

    with pytest.raises(ValidationError, match="Say why"):
        decide(note=note, moderator=people["moderator"], reason="   ")

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_changes_requested_keeps_the_authors_text_and_records_the_reason(people):
    note = in_review(people)

    note_request_changes(
        note=note, moderator=people["moderator"], reason="Cite the baseline."
    )

    note.refresh_from_db()
    assert note.status == Note.Status.CHANGES_REQUESTED
    assert note_snapshot(note=note)["summary"] == "The first summary."
    event = note.events.first()
    assert (event.action, event.reason) == ("changes_requested", "Cite the baseline.")
    assert (event.from_status, event.to_status) == ("in_review", "changes_requested")


def test_author_revises_and_resubmits_after_changes_requested(people):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="Shorter.")

    note_revise(note=note, user=people["editor"], changes={"summary": "Short."})
    note.refresh_from_db()
    assert note.status == Note.Status.CHANGES_REQUESTED
    note_submit(note=note, user=people["editor"])
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )

    note.refresh_from_db()
    assert note.summary == "Short."
    assert actions(note) == [
        "created",
        "submitted",
        "changes_requested",
        "revised",
        "resubmitted",
        "approved",
    ]


def test_rejecting_a_new_note_archives_it_with_its_text(people, client):
    note = in_review(people)

    note_reject(note=note, moderator=people["moderator"], reason="Out of scope.")

    note.refresh_from_db()
    assert note.status == Note.Status.ARCHIVED
    assert not note.is_live
    assert note_snapshot(note=note)["summary"] == "The first summary."
    assert public_text(client, note) is None


def test_rejecting_a_live_notes_draft_keeps_the_published_text(people, client):
    note = live_note()
    rejected = note_revise(
        note=note, user=people["editor"], changes={"summary": "A worse summary."}
    )
    note_submit(note=note, user=people["editor"])

    note_reject(note=note, moderator=people["moderator"], reason="Less accurate.")

    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    assert note.is_live
    assert note_snapshot(note=note)["summary"] == "The published summary."
    assert note.current_revision.number == rejected.number + 1
    assert NoteRevision.objects.get(pk=rejected.pk).data["summary"] == (
        "A worse summary."
    )
    assert "The published summary." in public_text(client, note)


# --- Draft over live, scheduling --------------------------------------------


def test_editing_a_published_note_keeps_the_public_text_until_approval(people, client):
    note = live_note()
    assert "The published summary." in public_text(client, note)

    note_revise(
        note=note, user=people["editor"], changes={"summary": "The revised summary."}
    )
    note.refresh_from_db()

    assert note.status == Note.Status.DRAFT
    assert note.is_live
    assert note.summary == "The published summary."
    lines = public_text(client, note)
    assert "The published summary." in lines
    assert "The revised summary." not in lines

    note_submit(note=note, user=people["editor"])
    assert "The published summary." in public_text(client, note)
    note_approve(
        note=note, moderator=people["moderator"], revision=newest_revision(note)
    )

    lines = public_text(client, note)
    assert "The revised summary." in lines
    assert "The published summary." not in lines
    note.refresh_from_db()
    assert note.live_revision == note.current_revision


def test_approval_publishes_title_links_ratings_topics_and_keywords(people, client):
    note = in_review(
        people,
        title="Robust watermarks",
        code_url="https://github.com/example/wm",
        novelty=4,
        novelty_reason="A new attack model.",
        topics=["Watermarking", "LLM"],
        keywords=["paraphrase attack"],
    )

    note_approve(
        note=note, moderator=people["moderator"], revision=newest_revision(note)
    )

    note.refresh_from_db()
    assert note.paper.title == "Robust watermarks"
    assert sorted(note.topics.names()) == ["LLM", "Watermarking"]
    assert list(note.paper.keywords.names()) == ["paraphrase attack"]
    lines = public_text(client, note)
    assert "Robust watermarks" in lines
    topics = lines.index("Topics")
    assert {"LLM", "Watermarking"} <= set(lines[topics : topics + 4])
    assert "paraphrase attack" in lines
    assert any("4/5 — A new attack model." in line for line in lines)


def test_a_future_publication_time_keeps_an_approved_note_off_until_then(
    people, client, monkeypatch
):
    later = timezone.now() + timedelta(hours=2)
    note = in_review(people, published_at=later)

    note_approve(
        note=note, moderator=people["moderator"], revision=newest_revision(note)
    )

    note.refresh_from_db()
    assert note.is_live and note.published_at == later
    assert public_text(client, note) is None
    assert not Note.objects.published().filter(pk=note.pk).exists()
    # No scheduler: the public query compares with the clock when it runs.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3))
    assert Note.objects.published().filter(pk=note.pk).exists()
    assert "The first summary." in public_text(client, note)


def test_unpublish_takes_the_note_off_and_keeps_its_history(people, client):
    note = live_note()

    note_unpublish(note=note, moderator=people["moderator"], reason="Retracted.")

    note.refresh_from_db()
    assert not note.is_live
    assert note.status == Note.Status.ARCHIVED
    assert public_text(client, note) is None
    assert actions(note) == ["imported", "unpublished"]
