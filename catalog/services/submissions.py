"""Reader submissions: a better summary for a note, or a note for a new paper.

A moderator approves, rejects (with a reason) or marks a submission as spam.
The reader is not a user: they are credited by the name they gave and told
of the decision by email, after the commit, if they left an address.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.arxiv import arxiv_id_from_url
from catalog.emails import notify_submission_decided
from catalog.markup import render_markdown
from catalog.models import Area, Note, NoteEvent, Paper, Submission, Topic, Venue
from catalog.permissions import DECIDE_SUBMISSION
from catalog.services.history import event_record
from catalog.services.revisions import note_revise
from catalog.services.workflow import note_publish_revision
from catalog.slugs import slug_from_title

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SUBMISSION_STATUS_SALT = "catalog.submission-status"


def submission_status_token(*, submission: Submission) -> str:
    """The signed key of a submission's status page: unguessable, never expires.

    The same for a submission every time, so every link to its page agrees.
    """
    return signing.Signer(salt=SUBMISSION_STATUS_SALT).sign(str(submission.pk))


def submission_from_token(*, token: str) -> Submission | None:
    """The submission a status token names, or None if the token is not ours."""
    try:
        pk = int(signing.Signer(salt=SUBMISSION_STATUS_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Submission.objects.select_related("note__paper__venue", "note__paper__area")
        .filter(pk=pk)
        .first()
    )


def submission_credit(*, submission: Submission) -> str:
    """How the site credits the submitter: their name, or "a reader"."""
    return submission.name or "a reader"


def submission_create(
    *,
    kind: str,
    summary: str,
    note: Note | None = None,
    title: str = "",
    venue: Venue | None = None,
    area: Area | None = None,
    paper_url: str = "",
    name: str = "",
    email: str = "",
    submitted_by: User | None = None,
) -> Submission:
    """Store what a reader sent, pending a moderator's decision.

    `submitted_by` is the account of a submitter who was logged in: a
    moderator's own submission then needs another moderator's approval.
    """
    # LF line ends, as a note's text is stored (a browser sends CR LF): the
    # summary, once published, is then the same text as the suggestion.
    summary = summary.replace("\r\n", "\n")
    submission = Submission(
        kind=kind,
        summary=summary,
        summary_html=render_markdown(summary),
        name=name,
        email=email,
        submitted_by=submitted_by,
    )
    if kind == Submission.Kind.SUGGESTION:
        if note is None or not Note.objects.published().filter(pk=note.pk).exists():
            raise ValidationError(
                "Summaries can only be suggested for published notes."
            )
        submission.note = note
        submission.base_summary = note.summary
        # Copied so that the moderators' queue filters suggestions like papers.
        submission.venue_id = note.paper.venue_id
        submission.area_id = note.paper.area_id
    else:
        submission.title, submission.venue, submission.area = title, venue, area
        submission.paper_url = paper_url
    submission.full_clean()
    submission.save()
    return submission


def _submission_lock(*, submission: Submission, moderator: User) -> Submission:
    """The submission row, locked, once it is sure this moderator may decide."""
    if not moderator.has_perm(DECIDE_SUBMISSION):
        raise PermissionDenied("Only moderators can decide on reader submissions.")
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.Status.PENDING:
        decided = f"{locked.get_status_display().lower()}"
        if locked.decided_by:
            decided += f" by {locked.decided_by}"
        if locked.decided_at:
            decided += f" on {locked.decided_at:%Y-%m-%d %H:%M}"
        raise ValidationError(f"This submission was already decided: {decided}.")
    return locked


def _submission_decide(
    *, submission: Submission, moderator: User, status: str, reason: str = ""
) -> Submission:
    submission.status = status
    submission.reason = reason
    submission.decided_by = moderator
    submission.decided_at = timezone.now()
    submission.save()
    if submission.email and status != Submission.Status.SPAM:
        # Not for spam: answering would confirm the address to a spammer, or
        # mail whoever's address the spammer typed in.
        notify_submission_decided(
            submission=submission,
            status_token=submission_status_token(submission=submission),
        )
    return submission


@transaction.atomic
def submission_approve(
    *,
    submission: Submission,
    moderator: User,
    venue: Venue | None = None,
    area: Area | None = None,
    topics: Iterable[Topic | str] | None = None,
) -> Submission:
    """Publish what the reader sent as a new revision, crediting them.

    A suggestion revises its note's summary; a new paper becomes a paper and
    note in the venue, area and topics the moderator picked (by default the
    ones the reader chose, no topics). Either is published at once: the
    reader wrote it and the moderator is the second pair of eyes, so a
    moderator who sent it themselves (logged in) is refused.
    """
    submission = _submission_lock(submission=submission, moderator=moderator)
    if submission.submitted_by_id == moderator.pk:
        raise PermissionDenied(
            "You sent this submission yourself, so another moderator must approve "
            "it (four-eyes rule). You may still reject it."
        )
    credit = submission_credit(submission=submission)
    if submission.kind == Submission.Kind.SUGGESTION:
        note = Note.objects.select_for_update().get(pk=submission.note_id)
        if note.status != Note.Status.PUBLISHED:
            # note_revise builds on the working revision: the reader's summary
            # would go live together with an editor's unreviewed draft.
            raise ValidationError(
                f"This note has changes in the review workflow "
                f"({note.get_status_display().lower()}). Publish or withdraw "
                "them first, or ask its editor to take the suggestion into "
                "their draft and reject it here."
            )
        message = f"Summary suggested by {credit}"
        changes = {"summary": submission.summary}
        action, revise_action = "suggestion approved", "revised"
    else:
        note = _submission_new_note(
            submission=submission,
            venue=venue or submission.venue,
            area=area or submission.area,
        )
        message = f"Paper and note submitted by {credit}"
        arxiv_id = arxiv_id_from_url(submission.paper_url)
        changes = {
            "title": submission.title,
            "summary": submission.summary,
            "arxiv_id": arxiv_id,
            "paper_url": "" if arxiv_id else submission.paper_url,
            "topics": [str(topic) for topic in topics or []],
        }
        # The note is empty until this revision: its first, not an edit.
        action, revise_action = "submission approved", "created"
    revision = note_revise(
        note=note, user=None, changes=changes, message=message, action=revise_action
    )
    note = note_publish_revision(note=note, revision=revision, moderator=moderator)
    event_record(
        note=note, actor=moderator, action=action, reason=message, revision=revision
    )
    submission.note = note
    submission.venue, submission.area = note.paper.venue, note.paper.area
    return _submission_decide(
        submission=submission, moderator=moderator, status=Submission.Status.APPROVED
    )


def _submission_new_note(
    *, submission: Submission, venue: Venue | None, area: Area | None
) -> Note:
    """An empty draft note and its paper, for the submission's revision to fill."""
    if venue is None or area is None:
        raise ValidationError("Pick the venue and the area the new note belongs in.")
    slug = slug_from_title(submission.title)
    existing = Paper.objects.filter(venue=venue, area=area, slug=slug).first()
    if existing is not None:
        raise ValidationError(
            f"{venue.code} › {area.name} already has a paper at “{slug}” "
            f"({existing.title}): reject this submission or pick another area."
        )
    paper = Paper(venue=venue, area=area, slug=slug, title=submission.title)
    paper.full_clean()
    paper.save()
    return Note.objects.create(paper=paper, status=Note.Status.DRAFT)


@transaction.atomic
def submission_reject(
    *, submission: Submission, moderator: User, reason: str
) -> Submission:
    """Turn a submission down; the reason is shown to the submitter."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give a reason: the submitter reads it on their status page."}
        )
    submission = _submission_lock(submission=submission, moderator=moderator)
    if submission.note_id:
        NoteEvent.objects.create(
            note_id=submission.note_id,
            actor=moderator,
            action="suggestion rejected",
            reason=reason,
        )
    return _submission_decide(
        submission=submission,
        moderator=moderator,
        status=Submission.Status.REJECTED,
        reason=reason,
    )


@transaction.atomic
def submission_mark_spam(*, submission: Submission, moderator: User) -> Submission:
    """File a submission as spam: out of the queue, and nobody is emailed."""
    submission = _submission_lock(submission=submission, moderator=moderator)
    if submission.note_id:
        NoteEvent.objects.create(
            note_id=submission.note_id, actor=moderator, action="suggestion spam"
        )
    return _submission_decide(
        submission=submission, moderator=moderator, status=Submission.Status.SPAM
    )
