"""Reviews: a moderator claims a note in review and leaves comments on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.models import Note, ReviewComment
from catalog.permissions import REVIEW_PERMISSION, require
from catalog.selectors.workflow import comment_can_resolve
from catalog.services.history import actor_name, event_record, note_lock
from catalog.services.workflow import refuse_unless

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def note_claim(*, note: Note, moderator: User) -> Note:
    """Take a note in review: the queue shows it as yours."""
    note = note_lock(note)
    require(moderator, REVIEW_PERMISSION, "Only a moderator can claim a review.")
    refuse_unless(note, Note.Status.IN_REVIEW, doing="claimed")
    if note.reviewer_id == moderator.pk:
        return note
    if note.reviewer_id is not None:
        raise ValidationError(
            f"{actor_name(note.reviewer)} already reviews this note; "
            "ask them to unclaim it."
        )
    note.reviewer = moderator
    note.save(update_fields=["reviewer", "updated_at"])
    event_record(note=note, actor=moderator, action="claimed", from_status=note.status)
    return note


@transaction.atomic
def note_unclaim(*, note: Note, moderator: User) -> Note:
    """Give a claimed review back to the queue."""
    note = note_lock(note)
    require(moderator, REVIEW_PERMISSION, "Only a moderator can unclaim a review.")
    if note.reviewer_id is None:
        raise ValidationError("Nobody has claimed this review.")
    if note.reviewer_id != moderator.pk and not moderator.is_superuser:
        raise PermissionDenied(
            f"{actor_name(note.reviewer)} claimed this review; "
            "only they can unclaim it."
        )
    note.reviewer = None
    note.save(update_fields=["reviewer", "updated_at"])
    event_record(
        note=note, actor=moderator, action="unclaimed", from_status=note.status
    )
    return note


@transaction.atomic
def review_comment_add(*, note: Note, moderator: User, text: str) -> ReviewComment:
    """Leave a remark on a note for its author to act on and resolve."""
    note = note_lock(note)
    require(moderator, REVIEW_PERMISSION, "Only a moderator can leave review comments.")
    text = text.strip()
    if not text:
        raise ValidationError("Write the comment before adding it.")
    comment = ReviewComment.objects.create(note=note, author=moderator, text=text)
    event_record(
        note=note,
        actor=moderator,
        action="commented",
        from_status=note.status,
        reason=text,
        revision=note.current_revision,
    )
    return comment


@transaction.atomic
def review_comment_resolve(*, comment: ReviewComment, user: User) -> ReviewComment:
    """Mark a review comment as dealt with: the author or a moderator may."""
    note = note_lock(comment.note)
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if not comment_can_resolve(note=note, user=user):
        raise PermissionDenied(
            "Only the note's author or a moderator can resolve its comments."
        )
    if comment.resolved_at is not None:
        raise ValidationError("This comment is already resolved.")
    comment.resolved_at = timezone.now()
    comment.resolved_by = user
    comment.save(update_fields=["resolved_at", "resolved_by"])
    event_record(
        note=note,
        actor=user,
        action="comment_resolved",
        from_status=note.status,
        reason=comment.text,
    )
    return comment
