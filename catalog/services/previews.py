"""Preview links: a note's working text for someone without an account."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing

from catalog.models import Note
from catalog.permissions import EDIT_PERMISSION, require
from catalog.services.history import event_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PREVIEW_SALT = "catalog.note-preview"
PREVIEW_MAX_AGE = timedelta(days=7)


def note_preview_token(*, note: Note, user: User) -> str:
    """A signed token that shows the note's working text to anyone, for 7 days."""
    require(user, EDIT_PERMISSION, "Only editors can share a preview of a note.")
    token = signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(note.pk))
    event_record(
        note=note,
        actor=user,
        action="preview_shared",
        from_status=note.status,
        reason="Preview link valid for 7 days",
        revision=note.current_revision,
    )
    return token


def note_from_preview_token(*, token: str) -> Note | None:
    """The note a preview token names, or None if it is forged or expired."""
    try:
        pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(
            token, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is one of these
        return None
    return Note.objects.filter(pk=pk).first()
