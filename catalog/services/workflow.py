"""The editorial workflow: a note's way from draft to the public and back.

Each transition locks the note, checks who asks and what state the note is
in, records a NoteEvent and mails whom it concerns once the transaction
commits. Approval follows the four-eyes rule: nobody publishes their own text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.emails import notify_decision, notify_review_requested
from catalog.models import Area, Note, NoteRevision, Paper, Venue
from catalog.permissions import (
    ADD_PERMISSION,
    EDIT_PERMISSION,
    PUBLISH_PERMISSION,
    REVIEW_PERMISSION,
    require,
    user_may,
)
from catalog.selectors.workflow import note_contributors
from catalog.services.history import (
    actor_name,
    event_record,
    note_lock,
    revision_add,
    revision_published_at,
)
from catalog.services.notes import note_move
from catalog.services.public import public_content_changed
from catalog.services.related import pending_related_resolve
from catalog.services.revisions import (
    note_data_write,
    note_formula_problems,
    note_place_check,
    note_revise,
    note_snapshot_of,
)
from catalog.slugs import slug_from_title

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _check_four_eyes(*, note: Note, moderator: User) -> None:
    if moderator.pk in note_contributors(note=note):
        raise PermissionDenied(
            "You wrote or edited this note, so another moderator must approve it "
            "(four-eyes rule)."
        )


@transaction.atomic
def note_publish_revision(
    *,
    note: Note,
    revision: NoteRevision,
    moderator: User,
    action: str = "approved",
    reason: str = "",
) -> Note:
    """Make `revision` (the note's newest) what the public sees.

    Copies its data into the live fields, renders the HTML, sets topics and
    keywords, marks the note live and published, records the event, emails
    the author once the transaction commits. Refused to anyone without the
    publish permission and to anyone who wrote or edited the note.
    """
    note = note_lock(note)
    require(moderator, PUBLISH_PERMISSION, "Only a moderator can publish a note.")
    if revision.note_id != note.pk:
        raise ValidationError("This revision belongs to another note.")
    if revision.pk != note.current_revision_id:
        raise ValidationError(
            f"Revision {revision.number} is no longer the newest; "
            "review the newest revision instead."
        )
    _check_four_eyes(note=note, moderator=moderator)
    from_status = note.status
    # Checked before anything is written: the address may have been taken
    # since the revision was saved.
    venue, area, slug = note_place_check(
        note=note, data=note_snapshot_of(note=note, revision=revision)
    )
    was_titled = note.paper.title if note.is_live else None
    note_data_write(note=note, data=revision.data)
    moved_from = note_move(note=note, venue=venue, area=area, slug=slug)
    note.published_at = (
        revision_published_at(revision.data) or note.published_at or timezone.now()
    )
    note.is_live = True
    note.status = Note.Status.PUBLISHED
    note.live_revision = revision
    note.reviewer = None
    note.review_requested_at = None
    note.save()
    event = event_record(
        note=note,
        actor=moderator,
        action=action,
        from_status=from_status,
        reason=reason,
        revision=revision,
    )
    _record_identity_changes(
        note=note,
        moderator=moderator,
        revision=revision,
        moved_from=moved_from,
        was_titled=was_titled,
    )
    notify_decision(note=note, event=event)
    public_content_changed(notes=[note])
    return note


def _record_identity_changes(
    *,
    note: Note,
    moderator: User,
    revision: NoteRevision,
    moved_from: str,
    was_titled: str | None,
) -> None:
    """Log a published note's new address or title, from what to what."""
    if moved_from:
        here = note.get_absolute_url()
        same_listing = moved_from.rsplit("/", 2)[0] == here.rsplit("/", 2)[0]
        event_record(
            note=note,
            actor=moderator,
            action="renamed" if same_listing else "moved",
            reason=f"From {moved_from} to {here}",
            revision=revision,
        )
    if was_titled is not None and was_titled != note.paper.title:
        event_record(
            note=note,
            actor=moderator,
            action="retitled",
            reason=f"From “{was_titled}” to “{note.paper.title}”",
            revision=revision,
        )


def refuse_unless(note: Note, *statuses: str, doing: str) -> None:
    if note.status not in statuses:
        allowed = " or ".join(Note.Status(status).label.lower() for status in statuses)
        raise ValidationError(
            f"Only a note that is {allowed} can be {doing}; "
            f"this one is {note.get_status_display().lower()}."
        )


def _reason_required(reason: str, doing: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            f"Say why you {doing}: the author reads the reason to revise the note."
        )
    return reason


# Why a decision that does not name the revision it was taken on is refused.
REVISION_NOT_NAMED = (
    "the page did not say which revision you read. Open the review queue or "
    "the note again and decide there."
)


def _check_revision_seen(*, note: Note, revision: NoteRevision | None) -> None:
    """Refuse a decision taken on a revision that is no longer the newest."""
    if revision is not None and revision.pk != note.current_revision_id:
        current = note.current_revision
        raise ValidationError(
            f"{actor_name(current.created_by)} saved revision {current.number} "
            "after you opened the review; look at the changes again before deciding."
        )


@transaction.atomic
def note_create(
    *,
    venue: Venue,
    area: Area,
    user: User,
    data: dict,
    slug: str = "",
    message: str = "",
) -> Note:
    """Start a new note, and its paper, as a draft only editors see."""
    require(user, ADD_PERMISSION, "Only editors can write notes.")
    slug = slug or slug_from_title(data.get("title", ""))
    paper = Paper(venue=venue, area=area, slug=slug, title=data.get("title", ""))
    try:
        paper.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    paper.save()
    note = Note.objects.create(
        paper=paper, author=user, last_edited_by=user, status=Note.Status.DRAFT
    )
    note_revise(note=note, user=user, changes=data, message=message, action="created")
    note.refresh_from_db()
    pending_related_resolve(notes=[note])
    return note


@transaction.atomic
def note_submit(*, note: Note, user: User, message: str = "") -> Note:
    """Send the note's working revision to the moderators for review."""
    note = note_lock(note)
    require(user, EDIT_PERMISSION, "Only editors can send a note for review.")
    if note.status == Note.Status.PUBLISHED:
        raise ValidationError(
            "The published text is the newest revision: edit the note first, "
            "then send the new revision for review."
        )
    refuse_unless(
        note,
        Note.Status.DRAFT,
        Note.Status.CHANGES_REQUESTED,
        Note.Status.ARCHIVED,
        doing="sent for review",
    )
    if note.current_revision_id is None:
        raise ValidationError("Save the note once before sending it for review.")
    problems = note_formula_problems(data=note.current_revision.data)
    if problems:
        count = len(problems)
        raise ValidationError(
            [
                f"{count} formula{'s' if count > 1 else ''} in this note cannot "
                "be shown as written, so a reader would see TeX instead:",
                *problems,
                "Fix them in the form, save, and send the note for review again.",
            ]
        )
    from_status = note.status
    note.status = Note.Status.IN_REVIEW
    note.review_requested_at = timezone.now()
    note.save(update_fields=["status", "review_requested_at", "updated_at"])
    event = event_record(
        note=note,
        actor=user,
        action="resubmitted"
        if from_status == Note.Status.CHANGES_REQUESTED
        else "submitted",
        from_status=from_status,
        reason=message.strip(),
        revision=note.current_revision,
    )
    notify_review_requested(note=note, event=event)
    return note


@transaction.atomic
def note_approve(
    *,
    note: Note,
    moderator: User,
    revision: NoteRevision | None,
    comment: str = "",
) -> Note:
    """Publish the revision in review that the moderator read (four-eyes checked).

    `revision` is the one the moderator looked at, and is required: without
    it, or if someone saved a newer one since, the approval is refused rather
    than publishing text nobody reviewed. Every caller (the note's button,
    the note list's action, the review queue's bulk form) passes the revision
    its page showed.
    """
    note = note_lock(note)
    require(moderator, PUBLISH_PERMISSION, "Only a moderator can approve a note.")
    refuse_unless(note, Note.Status.IN_REVIEW, doing="approved")
    if revision is None:
        raise ValidationError(REVISION_NOT_NAMED)
    _check_revision_seen(note=note, revision=revision)
    return note_publish_revision(
        note=note,
        revision=revision,
        moderator=moderator,
        action="approved",
        reason=comment.strip(),
    )


@transaction.atomic
def note_request_changes(
    *,
    note: Note,
    moderator: User,
    reason: str,
    revision: NoteRevision | None = None,
) -> Note:
    """Send the note back to its author with what to change; the text stays."""
    note = note_lock(note)
    require(moderator, REVIEW_PERMISSION, "Only a moderator can request changes.")
    refuse_unless(note, Note.Status.IN_REVIEW, doing="sent back for changes")
    _check_revision_seen(note=note, revision=revision)
    reason = _reason_required(reason, "request changes")
    note.status = Note.Status.CHANGES_REQUESTED
    note.review_requested_at = None
    note.save(update_fields=["status", "review_requested_at", "updated_at"])
    event = event_record(
        note=note,
        actor=moderator,
        action="changes_requested",
        from_status=Note.Status.IN_REVIEW,
        reason=reason,
        revision=note.current_revision,
    )
    notify_decision(note=note, event=event)
    return note


@transaction.atomic
def note_reject(
    *,
    note: Note,
    moderator: User,
    reason: str,
    revision: NoteRevision | None = None,
) -> Note:
    """Decline the revision in review; it stays in the history.

    A note that was never live is archived. A live note goes back to its
    published text as a new revision, so the rejected draft stays one click
    away in the history (revert) and nothing the author wrote is lost.
    """
    note = note_lock(note)
    require(moderator, REVIEW_PERMISSION, "Only a moderator can reject a note.")
    refuse_unless(note, Note.Status.IN_REVIEW, doing="rejected")
    _check_revision_seen(note=note, revision=revision)
    reason = _reason_required(reason, "reject it")
    rejected = note.current_revision
    if note.is_live and note.live_revision_id:
        # Nobody wrote the restored text anew: no author, so the four-eyes
        # rule does not count the moderator as an editor of the note.
        restored = revision_add(
            note=note,
            user=None,
            data=note.live_revision.data,
            message=f"Back to the published text; revision {rejected.number} "
            f"rejected by {actor_name(moderator)}",
        )
        note.current_revision = restored
        note.version += 1
        note.status = Note.Status.PUBLISHED
    else:
        note.status = Note.Status.ARCHIVED
    note.review_requested_at = None
    note.reviewer = None
    note.save()
    event = event_record(
        note=note,
        actor=moderator,
        action="rejected",
        from_status=Note.Status.IN_REVIEW,
        reason=reason,
        revision=rejected,
    )
    notify_decision(note=note, event=event)
    return note


@transaction.atomic
def note_unpublish(*, note: Note, moderator: User, reason: str = "") -> Note:
    """Take a live note off the public site; its text and history stay."""
    note = note_lock(note)
    require(moderator, PUBLISH_PERMISSION, "Only a moderator can unpublish a note.")
    if not note.is_live:
        raise ValidationError("This note is not on the public site.")
    from_status = note.status
    note.is_live = False
    note.status = Note.Status.ARCHIVED
    note.review_requested_at = None
    note.reviewer = None
    note.save()
    event = event_record(
        note=note,
        actor=moderator,
        action="unpublished",
        from_status=from_status,
        reason=reason.strip(),
        revision=note.live_revision,
    )
    notify_decision(note=note, event=event)
    public_content_changed(notes=[note])
    return note


@transaction.atomic
def note_archive(*, note: Note, user: User, reason: str = "") -> Note:
    """Shelve a note that is not live: its author or a moderator may."""
    note = note_lock(note)
    if not (user_may(user, REVIEW_PERMISSION) or note.author_id == user.pk):
        raise PermissionDenied("Only the note's author or a moderator can archive it.")
    if note.is_live:
        raise ValidationError("Unpublish the note first: it is on the public site.")
    refuse_unless(
        note,
        Note.Status.DRAFT,
        Note.Status.CHANGES_REQUESTED,
        doing="archived",
    )
    from_status = note.status
    note.status = Note.Status.ARCHIVED
    note.save(update_fields=["status", "updated_at"])
    event = event_record(
        note=note,
        actor=user,
        action="archived",
        from_status=from_status,
        reason=reason.strip(),
        revision=note.current_revision,
    )
    notify_decision(note=note, event=event)
    return note


@transaction.atomic
def note_revert(
    *,
    note: Note,
    user: User,
    revision: NoteRevision,
    expected_version: int | None = None,
) -> NoteRevision:
    """Make an earlier revision's text the working text, as a new revision."""
    if revision.note_id != note.pk:
        raise ValidationError("This revision belongs to another note.")
    return note_revise(
        note=note,
        user=user,
        changes=revision.data,
        expected_version=expected_version,
        message=f"Reverted to revision {revision.number}",
        action="reverted",
    )
