"""Deleting notes, papers and submissions: superusers only, and each deletion
stays in the event log with what it deleted."""

import pytest
from django.core.exceptions import PermissionDenied

from catalog.models import Note, NoteEvent, Submission
from catalog.services import note_delete, paper_delete, submission_delete
from tests.factories import make_note, make_suggestion


def test_only_a_superuser_deletes_and_the_refusal_says_what_to_do(people):
    note = make_note(title="A live note")
    suggestion = make_suggestion(note)

    for role in ("editor", "moderator", "staff"):
        with pytest.raises(PermissionDenied) as refused:
            note_delete(note=note, user=people[role])
        assert str(refused.value) == (
            "Only a superuser can delete a note: unpublish or archive it instead, "
            "which keeps its history."
        )
        with pytest.raises(PermissionDenied, match="reject it or mark it as spam"):
            submission_delete(submission=suggestion, user=people[role])
        with pytest.raises(PermissionDenied, match="unpublish or archive its note"):
            paper_delete(paper=note.paper, user=people[role])

    assert Note.objects.filter(pk=note.pk).exists()
    assert not NoteEvent.objects.filter(action="deleted").exists()


def test_a_deleted_note_names_the_reader_submissions_that_went_with_it(people):
    note = make_note(title="A live note")
    make_suggestion(note)
    imported = list(note.events.values_list("pk", flat=True))

    note_delete(note=note, user=people["superuser"])

    assert not Submission.objects.exists()
    deleted = NoteEvent.objects.get(action="deleted")
    assert deleted.reason == (
        "Deleted “A live note” (ICML2025/llm_safety/a_live_note), status Published, "
        "with the 1 reader submission for it"
    )
    assert deleted.note is None
    assert NoteEvent.objects.filter(pk__in=imported, note__isnull=True).count() == 1
