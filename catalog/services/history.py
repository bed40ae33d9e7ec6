"""What every write leaves behind: a revision, an event, under the note's lock.

A note's working state lives in its newest revision (`current_revision`);
the public reads the Note and Paper fields, which hold the live revision
(`live_revision`) while `is_live` is true. Every workflow step locks the
note's row (`note_lock`), checks who is asking and what state the note is
in, and records a NoteEvent (`event_record`), so the log tells the whole
story.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Max

from catalog.models import Note, NoteEvent, NoteRevision

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Rows read per query by the bulk services.
BULK_READ = 500


def note_lock(note: Note) -> Note:
    """The note's row, locked until the transaction ends, fresh from the DB."""
    return (
        Note.objects.select_for_update(of=("self",))
        .select_related("paper", "current_revision", "live_revision")
        .get(pk=note.pk)
    )


def revision_add(
    *, note: Note, user: User | None, data: dict, message: str = ""
) -> NoteRevision:
    """The note's next revision, holding `data`."""
    last = note.revisions.aggregate(number=Max("number"))["number"] or 0
    return NoteRevision.objects.create(
        note=note, number=last + 1, data=data, created_by=user, message=message[:300]
    )


def event_record(
    *,
    note: Note,
    actor: User | None,
    action: str,
    from_status: str = "",
    reason: str = "",
    revision: NoteRevision | None = None,
) -> NoteEvent:
    """Log a step of the note's story, ending in its status now."""
    return NoteEvent.objects.create(
        note=note,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=note.status,
        reason=reason,
        revision=revision,
    )


def actor_name(user: User | None) -> str:
    """Who did it, as messages name them (no account: the importer)."""
    return user.get_username() if user else "the importer"


def moment_text(moment: datetime | None) -> str | None:
    """A time as revision data keeps it (ISO text)."""
    return moment.isoformat() if moment else None


def revision_published_at(data: dict) -> datetime | None:
    """The publication time a revision's data asks for, if any."""
    value = data.get("published_at")
    return datetime.fromisoformat(value) if value else None
