"""Revisions: no lost edits (stale saves), what a revision stores, diffs,
reverts, and the history imports and links leave."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.diffs import revision_diff
from catalog.services import (
    NoteContent,
    note_revert,
    note_revise,
    note_set_related,
    note_snapshot,
    note_upsert,
)
from tests.factories import make_bulk_notes, make_note
from tests.services.workflow_notes import actions, live_note, write_draft

# --- No lost edits ----------------------------------------------------------


def test_a_stale_save_is_refused_naming_who_saved_and_nothing_is_lost(people):
    note = write_draft(people)
    opened_at = note.version
    note_revise(
        note=note,
        user=people["editor2"],
        changes={"summary": "Editor two's summary."},
        expected_version=opened_at,
    )

    with pytest.raises(ValidationError) as refused:
        note_revise(
            note=note,
            user=people["editor"],
            changes={"summary": "Editor one's summary."},
            expected_version=opened_at,
        )

    message = " ".join(refused.value.messages)
    assert "Saved by editor2 at" in message
    assert "after you opened it" in message
    assert note_snapshot(note=note)["summary"] == "Editor two's summary."
    assert note.revisions.count() == 2
    note.refresh_from_db()
    assert note.version == opened_at + 1


def test_the_version_goes_up_with_every_saved_revision(people):
    note = write_draft(people)
    first = note.version

    note_revise(note=note, user=people["editor"], changes={"summary": "Two."})
    note_revise(note=note, user=people["editor"], changes={"summary": "Three."})

    note.refresh_from_db()
    assert note.version == first + 2


# --- Revisions --------------------------------------------------------------


def test_revisions_keep_topic_and_keyword_tag_changes(people):
    note = write_draft(people, topics=["LLM"], keywords=["watermark"])

    note_revise(
        note=note,
        user=people["editor"],
        changes={"topics": ["LLM", "Watermarking"], "keywords": ["robust watermark"]},
    )

    first, second = note.revisions.order_by("number")
    assert first.data["topics"] == ["LLM"]
    assert first.data["keywords"] == ["watermark"]
    assert second.data["topics"] == ["LLM", "Watermarking"]
    assert second.data["keywords"] == ["robust watermark"]
    diffs = {d.name: d for d in revision_diff(first.data, second.data)}
    assert diffs["topics"].changed
    assert str(diffs["topics"].html) == (
        '<span class="chip">LLM</span> <ins class="chip">+ Watermarking</ins>'
    )
    assert str(diffs["keywords"].html) == (
        '<ins class="chip">+ robust watermark</ins> <del class="chip">− watermark</del>'
    )


def test_revisions_store_every_text_field_and_rating(people):
    note = write_draft(people)
    changes = {
        "arxiv_id": "2501.01234",
        "paper_url": "https://arxiv.org/abs/2501.01234",
        "code_note": "Not released",
        "area_label": "LLM Safety",
        "body": "Body text.",
        "thoroughness": 3,
        "thoroughness_reason": "Two datasets.",
        "related": [live_note().pk],
    }

    revision = note_revise(note=note, user=people["editor"], changes=changes)

    assert {key: revision.data[key] for key in changes} == changes


def test_word_diff_marks_changed_words_only():
    diffs = revision_diff(
        {"summary": "The model is <fast>."}, {"summary": "The model is very slow."}
    )
    summary = next(d for d in diffs if d.name == "summary")

    assert str(summary.html) == (
        "The model is <del>&lt;fast&gt;.</del><ins>very slow.</ins>"
    )


def test_revert_creates_a_new_revision_with_the_old_text(people):
    note = write_draft(people, topics=["LLM"])
    note_revise(
        note=note,
        user=people["editor"],
        changes={"summary": "Worse.", "topics": ["Alignment/RLHF"]},
    )
    first = note.revisions.get(number=1)

    revision = note_revert(note=note, user=people["editor2"], revision=first)

    assert revision.number == 3
    assert revision.data == first.data
    assert revision.message == "Reverted to revision 1"
    assert note.events.first().action == "reverted"
    assert note.revisions.count() == 3


def test_a_note_older_than_the_history_gets_its_text_as_a_first_revision(people):
    (note,) = make_bulk_notes(count=1, venues=["ICML2025"], areas=["llm_safety"])
    assert not note.revisions.exists()

    revision = note_revise(
        note=note, user=people["editor"], changes={"summary": "Edited."}
    )

    note.refresh_from_db()
    baseline = note.revisions.get(number=1)
    assert baseline.data["summary"] == "A bulk summary with $x^2$ math."
    assert baseline.message == "Text before the history began"
    assert note.live_revision == baseline
    assert (revision.number, note.current_revision) == (2, revision)
    assert actions(note) == ["revised"]


def test_imports_record_a_revision_and_an_event_only_when_something_changed(db):
    note = live_note(topics=["LLM"])
    assert note.revisions.count() == 1
    assert note.live_revision == note.current_revision
    assert note.current_revision.data["topics"] == ["LLM"]
    content = NoteContent(
        venue=note.paper.venue,
        area=note.paper.area,
        slug=note.paper.slug,
        title="A live paper",
        summary="The published summary.",
        published_at=note.published_at,
        topics=["LLM"],
    )

    assert note_upsert(content=content)[1] == "unchanged"
    assert note.revisions.count() == 1

    content.summary = "An imported correction."
    _, outcome = note_upsert(content=content)

    assert outcome == "updated"
    note.refresh_from_db()
    assert note.revisions.count() == 2
    assert note.current_revision.data["summary"] == "An imported correction."
    assert note.live_revision == note.current_revision
    assert actions(note) == ["imported", "imported"]


def test_an_unchanged_import_does_no_history_work(db):
    note = live_note(topics=["LLM"])
    content = NoteContent(
        venue=note.paper.venue,
        area=note.paper.area,
        slug=note.paper.slug,
        title="A live paper",
        summary="The published summary.",
        published_at=note.published_at,
        topics=["LLM"],
    )

    with CaptureQueriesContext(connection) as queries:
        assert note_upsert(content=content)[1] == "unchanged"

    touched = [q["sql"] for q in queries if "noterevision" in q["sql"]]
    touched += [q["sql"] for q in queries if "noteevent" in q["sql"]]
    assert touched == []
    assert len(queries) <= 10


def test_an_import_keeps_an_editors_draft_as_the_newest_revision(people):
    note = live_note()
    note_revise(note=note, user=people["editor"], changes={"body": "Draft body."})
    content = NoteContent(
        venue=note.paper.venue,
        area=note.paper.area,
        slug=note.paper.slug,
        title="A live paper",
        summary="An imported correction.",
        published_at=note.published_at,
    )

    note_upsert(content=content)

    note.refresh_from_db()
    assert note.summary == "An imported correction."
    assert note.live_revision.data["summary"] == "An imported correction."
    assert note.current_revision.data["body"] == "Draft body."
    assert note.current_revision.created_by == people["editor"]


def test_linking_related_notes_is_kept_in_the_history(db):
    note, other = live_note(), make_note(title="Another paper")

    note_set_related(note=note, related=[other])

    note.refresh_from_db()
    assert note.current_revision.data["related"] == [other.pk]
    assert note.live_revision == note.current_revision
