"""Preview links: one revision of a note, for someone without an account.

Sharing makes a `PreviewLink` for the note's working revision; its signed
token names the link, so the page shows that revision whatever is written
after it. A link works for 7 days unless it is revoked first.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.models import Note, PreviewLink
from catalog.permissions import EDIT_PERMISSION, require
from catalog.services.history import event_record, note_lock

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Not the salt of the old links, which named a note: those stop working.
PREVIEW_SALT = "catalog.preview-link"
PREVIEW_MAX_AGE = timedelta(days=7)


@transaction.atomic
def note_preview_token(*, note: Note, user: User) -> str:
    """A signed link to the note's working revision, for anyone, for 7 days."""
    require(user, EDIT_PERMISSION, "Only editors can share a preview of a note.")
    note = note_lock(note)
    if note.current_revision is None:
        raise ValidationError("This note has no saved text to preview yet: save it.")
    link = PreviewLink.objects.create(
        note=note,
        revision=note.current_revision,
        created_by=user,
        expires_at=timezone.now() + PREVIEW_MAX_AGE,
    )
    event_record(
        note=note,
        actor=user,
        action="preview_shared",
        from_status=note.status,
        reason=f"Preview link {link.pk} of revision {link.revision.number}, "
        "valid for 7 days",
        revision=link.revision,
    )
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(link.pk))


def preview_link_from_token(*, token: str) -> PreviewLink | None:
    """The live link a token names; None if forged, expired or revoked."""
    try:
        pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(
            token, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is one of these
        return None
    link = (
        PreviewLink.objects.select_related("note__paper", "revision")
        .filter(pk=pk)
        .first()
    )
    return link if link is not None and link.is_live else None


@transaction.atomic
def preview_link_revoke(*, link: PreviewLink, user: User) -> PreviewLink:
    """End a shared link now: from the next request on it shows nothing."""
    require(user, EDIT_PERMISSION, "Only editors can revoke a preview link.")
    note = note_lock(link.note)
    link = PreviewLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise ValidationError("This preview link was already revoked.")
    link.revoked_at = timezone.now()
    link.revoked_by = user
    link.save(update_fields=["revoked_at", "revoked_by"])
    event_record(
        note=note,
        actor=user,
        action="preview_revoked",
        from_status=note.status,
        reason=f"Preview link {link.pk} of revision {link.revision.number} revoked",
        revision=link.revision,
    )
    return link
