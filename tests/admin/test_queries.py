"""The admin's busiest pages run a fixed number of queries, however many rows.

Each page is opened with 2 rows and with 50: the counts must be the same, so
a column or a template that queries once per row fails here. The rows are
written in bulk (tests/factories.py), with what each page shows filled in.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Note, NoteEvent, NoteRevision, ReviewComment, Submission
from tests.factories import make_bulk_notes


def _notes(count: int, *, editor) -> list[Note]:
    """Live notes with a newer working revision, as the editors leave them."""
    notes = make_bulk_notes(
        count=count,
        venues=["ICML2025", "ICLR2026"],
        areas=["llm_safety"],
        topics=["Watermarking", "Jailbreaks"],
    )
    for note in notes:
        note.live_revision, note.current_revision = NoteRevision.objects.bulk_create(
            [
                NoteRevision(note=note, number=1, data={}, created_by=editor),
                NoteRevision(note=note, number=2, data={}, created_by=editor),
            ]
        )
        note.last_edited_by = note.author = editor
    Note.objects.bulk_update(
        notes, ["live_revision", "current_revision", "last_edited_by", "author"]
    )
    return notes


def review_queue(count: int, *, editor, moderator) -> str:
    """Notes in review, every other one claimed, each with an open comment."""
    notes = _notes(count, editor=editor)
    now = timezone.now()
    for n, note in enumerate(notes):
        note.status = Note.Status.IN_REVIEW
        note.review_requested_at = now - timedelta(days=n % 5)
        note.reviewer = moderator if n % 2 else None
    Note.objects.bulk_update(notes, ["status", "review_requested_at", "reviewer"])
    ReviewComment.objects.bulk_create(
        ReviewComment(note=note, author=moderator, text="Why?") for note in notes
    )
    return reverse("admin:catalog_note_review_queue")


def submission_queue(count: int, *, editor, moderator) -> str:
    """Pending summary suggestions and new papers, half and half."""
    notes = _notes(count, editor=editor)
    Submission.objects.bulk_create(
        Submission(
            kind=Submission.Kind.SUGGESTION,
            note=note,
            venue=note.paper.venue,
            area=note.paper.area,
            summary="A better summary.",
            base_summary=note.summary,
            name="A reader",
            email="reader@example.com",
        )
        if n % 2
        else Submission(
            kind=Submission.Kind.NEW_PAPER,
            title=f"A paper we lack {n}",
            venue=note.paper.venue,
            area=note.paper.area,
            summary="What it does.",
        )
        for n, note in enumerate(notes)
    )
    return reverse("admin:catalog_submission_changelist")


def note_changelist(count: int, *, editor, moderator) -> str:
    _notes(count, editor=editor)
    return reverse("admin:catalog_note_changelist")


def note_history(count: int, *, editor, moderator) -> str:
    """One note with `count` revisions, as many events and comments."""
    (note,) = make_bulk_notes(count=1, venues=["ICML2025"], areas=["llm_safety"])
    revisions = NoteRevision.objects.bulk_create(
        NoteRevision(note=note, number=n, data={}, created_by=editor, message="edit")
        for n in range(1, count + 1)
    )
    NoteEvent.objects.bulk_create(
        NoteEvent(note=note, actor=editor, action="revised", revision=revision)
        for revision in revisions
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(note=note, author=moderator, text="Fine.", resolved_by=editor)
        for _ in range(count)
    )
    Note.objects.filter(pk=note.pk).update(
        current_revision=revisions[-1], live_revision=revisions[0]
    )
    return reverse("admin:catalog_note_history", args=[note.pk])


def desk(count: int, *, editor, moderator) -> str:
    """The moderator's desk: every note in review, half of them resubmitted
    (changes requested once) and every other one claimed by them; a pending
    suggestion per note."""
    notes = _notes(count, editor=editor)
    now = timezone.now()
    for n, note in enumerate(notes):
        note.status = Note.Status.IN_REVIEW
        note.review_requested_at = now - timedelta(days=n % 5)
        note.reviewer = moderator if n % 2 else None
        note.author = moderator
    Note.objects.bulk_update(
        notes, ["status", "review_requested_at", "reviewer", "author"]
    )
    NoteEvent.objects.bulk_create(
        NoteEvent(
            note=note,
            actor=moderator,
            action="changes_requested",
            revision=note.current_revision,
            reason="Cite it.",
        )
        for note in notes[::2]
    )
    Submission.objects.bulk_create(
        Submission(
            kind=Submission.Kind.SUGGESTION,
            note=note,
            venue=note.paper.venue,
            area=note.paper.area,
            summary="A better summary.",
            base_summary=note.summary,
        )
        for note in notes
    )
    return reverse("admin:index")


def _rows(response) -> int:
    """How many rows the page lists."""
    context = response.context
    if "cl" in context:
        return len(context["cl"].result_list)
    if "revisions" in context:
        return len(context["revisions"])
    if "rows" not in context:
        # The desk lists the first few and says how many wait.
        return int(re.search(r"(\d+) notes? wait", response.content.decode())[1])
    return len(context["rows"])


PAGES = [review_queue, submission_queue, note_changelist, note_history, desk]


@pytest.mark.parametrize("page", PAGES, ids=[page.__name__ for page in PAGES])
def test_the_page_runs_as_many_queries_for_50_rows_as_for_2(
    page, client, editor, moderator
):
    client.force_login(moderator)
    counts = {}
    for size in (2, 50):
        url = page(size, editor=editor, moderator=moderator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert _rows(response) == size
        counts[size] = len(queries)
        Submission.objects.all().delete()
        Note.objects.all().delete()

    assert counts[50] == counts[2], counts
