"""The workflow's reads: who took part in a note, and what each person may do.

The admin shows buttons from these; each service asks the same functions (or
checks again) and refuses, so a page and a write never disagree on a rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog.models import Note
from catalog.permissions import (
    EDIT_PERMISSION,
    PUBLISH_PERMISSION,
    REVIEW_PERMISSION,
    user_may,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def note_contributors(*, note: Note) -> set[int]:
    """Ids of who wrote the note or changed it since it was last live."""
    people = {note.author_id, note.last_edited_by_id}
    pending = note.revisions.all()
    if note.live_revision_id:
        pending = pending.filter(number__gt=note.live_revision.number)
    people.update(pending.values_list("created_by", flat=True))
    return people - {None}


def comment_can_resolve(*, note: Note, user: User) -> bool:
    """Whether this person may resolve the note's review comments.

    The note's author or last editor (who act on them) or a moderator.
    """
    return (
        note.author_id == user.pk
        or note.last_edited_by_id == user.pk
        or user_may(user, REVIEW_PERMISSION)
    )


def note_allowed_actions(*, note: Note, user: User) -> set[str]:
    """The workflow buttons to show this person for this note.

    Only a guide for the admin: each service checks again and refuses.
    """
    can_edit = user_may(user, EDIT_PERMISSION)
    can_review = user_may(user, REVIEW_PERMISSION)
    can_publish = user_may(user, PUBLISH_PERMISSION)
    in_review = note.status == Note.Status.IN_REVIEW
    actions = set()
    if can_edit:
        actions.update({"revert", "share_preview"})
        if note.current_revision_id and note.status in (
            Note.Status.DRAFT,
            Note.Status.CHANGES_REQUESTED,
            Note.Status.ARCHIVED,
        ):
            actions.add("submit")
    if in_review and can_publish:
        if user.pk in note_contributors(note=note):
            actions.add("approve_blocked")
        else:
            actions.add("approve")
    if in_review and can_review:
        actions.update({"request_changes", "reject"})
        if note.reviewer_id is None:
            actions.add("claim")
    if note.reviewer_id and (note.reviewer_id == user.pk or user.is_superuser):
        actions.add("unclaim")
    if can_review:
        actions.add("comment")
    if note.is_live and can_publish:
        actions.add("unpublish")
    if (
        not note.is_live
        and note.status in (Note.Status.DRAFT, Note.Status.CHANGES_REQUESTED)
        and (can_review or note.author_id == user.pk)
    ):
        actions.add("archive")
    return actions
