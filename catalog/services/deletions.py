"""Deleting notes, papers and submissions: for superusers only, and logged.

The event log is append-only: a deleted note's events stay, their reference
nulled and the note's title and address copied into `note_label`, and the
deletion itself is one more event. Everyone else unpublishes or archives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from catalog.models import Note, NoteEvent, Paper, Submission
from catalog.services.history import note_lock
from catalog.services.public import public_content_changed

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DELETED = "deleted"


def may_delete(user: User | None) -> bool:
    """Only an active superuser deletes what the event log describes."""
    return bool(user and user.is_active and user.is_superuser)


def _require(user: User | None, what: str, instead: str) -> None:
    if not may_delete(user):
        raise PermissionDenied(
            f"Only a superuser can delete {what}: {instead} instead, "
            "which keeps its history."
        )


def paper_label(paper: Paper) -> str:
    """A paper's title and address, as the log keeps them."""
    return f"“{paper.title}” ({paper.venue.code}/{paper.area.slug}/{paper.slug})"


def _log_and_detach(*, note: Note, actor: User, label: str, reason: str) -> None:
    """Record the deletion, then keep which note every event was about."""
    NoteEvent.objects.create(
        note=note,
        actor=actor,
        action=DELETED,
        from_status=note.status,
        to_status=DELETED,
        reason=reason,
    )
    NoteEvent.objects.filter(note=note).update(note_label=label)


@transaction.atomic
def note_delete(*, note: Note, user: User) -> None:
    """Delete a note and its revisions; its events stay, with this one."""
    _require(user, "a note", "unpublish or archive it")
    note = note_lock(note)
    label = paper_label(note.paper)
    reason = f"Deleted {label}, status {note.get_status_display()}"
    # Readers' suggestions for the note go with it: the log says how many.
    sent = Submission.objects.filter(note=note).count()
    if sent:
        reason += f", with the {sent} reader submission{'s' if sent > 1 else ''} for it"
    _log_and_detach(note=note, actor=user, label=label, reason=reason)
    was_live = note.is_live
    note.delete()
    if was_live:
        public_content_changed()


@transaction.atomic
def paper_delete(*, paper: Paper, user: User) -> None:
    """Delete a paper, and its note as `note_delete` does."""
    _require(user, "a paper", "unpublish or archive its note")
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    note = Note.objects.filter(paper=paper).first()
    label = paper_label(paper)
    if note is not None:
        note_delete(note=note, user=user)
    else:
        NoteEvent.objects.create(
            actor=user,
            action=DELETED,
            to_status=DELETED,
            note_label=label,
            reason=f"Deleted the paper {label}, which had no note",
        )
    paper.delete()


@transaction.atomic
def submission_delete(*, submission: Submission, user: User) -> None:
    """Delete what a reader sent; the log says what it was and who deleted it."""
    _require(user, "a reader's submission", "reject it or mark it as spam")
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("note__paper__venue", "note__paper__area")
        .get(pk=submission.pk)
    )
    note = submission.note
    NoteEvent.objects.create(
        note=note,
        actor=user,
        action="submission_deleted",
        from_status=note.status if note else "",
        to_status=note.status if note else "",
        note_label=paper_label(note.paper) if note else "",
        reason=(
            f"Deleted submission {submission.pk} "
            f"({submission.get_kind_display()}, {submission.get_status_display()}) "
            f"“{submission.title or submission.summary[:80]}”"
        ),
    )
    submission.delete()
