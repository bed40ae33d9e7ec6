"""The workflow's reads: who took part in a note, and what each person may do.

The admin shows buttons from these; each service asks the same functions (or
checks again) and refuses, so a page and a write never disagree on a rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import F, Q
from django.utils import timezone

from catalog.models import Note, NoteRevision, PreviewLink
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
    return notes_contributors(notes=[note])[note.pk]


def notes_contributors(*, notes: Iterable[Note]) -> dict[int, set[int]]:
    """`note_contributors` of many notes (by note id), in one query."""
    notes = list(notes)
    people = {
        note.pk: {note.author_id, note.last_edited_by_id} - {None} for note in notes
    }
    since_live = NoteRevision.objects.filter(
        Q(note__live_revision__isnull=True)
        | Q(number__gt=F("note__live_revision__number")),
        note__in=notes,
        created_by__isnull=False,
    )
    for note_id, person in since_live.values_list("note_id", "created_by"):
        people[note_id].add(person)
    return people


def comment_can_resolve(*, note: Note, user: User) -> bool:
    """Whether this person may resolve the note's review comments.

    The note's author or last editor (who act on them) or a moderator.
    """
    return (
        note.author_id == user.pk
        or note.last_edited_by_id == user.pk
        or user_may(user, REVIEW_PERMISSION)
    )


def note_allowed_actions(
    *, note: Note, user: User, contributors: set[int] | None = None
) -> set[str]:
    """The workflow buttons to show this person for this note.

    Only a guide for the admin: each service checks again and refuses. A list
    of notes passes each one's `contributors` (`notes_contributors`) to spare
    a query per note.
    """
    can_edit = user_may(user, EDIT_PERMISSION)
    can_review = user_may(user, REVIEW_PERMISSION)
    can_publish = user_may(user, PUBLISH_PERMISSION)
    in_review = note.status == Note.Status.IN_REVIEW
    # Sending a note (back) for review and shelving it are its writers'
    # steps: a moderator who did not write it decides it instead.
    writes_it = user.pk in (note.author_id, note.last_edited_by_id)
    authors_step = writes_it or not can_review or user.is_superuser
    actions = set()
    if can_edit:
        actions.update({"revert", "share_preview"})
        if (
            authors_step
            and note.current_revision_id
            and note.status
            in (
                Note.Status.DRAFT,
                Note.Status.CHANGES_REQUESTED,
                Note.Status.ARCHIVED,
            )
        ):
            actions.add("submit")
    if in_review and can_publish:
        if contributors is None:
            contributors = note_contributors(note=note)
        if user.pk in contributors:
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
        and authors_step
        and (can_review or note.author_id == user.pk)
    ):
        actions.add("archive")
    return actions


def note_preview_links(*, note: Note) -> list[PreviewLink]:
    """The note's shared preview links that still work, newest first."""
    return list(
        PreviewLink.objects.filter(
            note=note, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("revision", "created_by")
    )
