"""The editorial desk on the admin index: each person's own work.

An editor sees their drafts, the notes returned to them (with the
moderator's reason), what they have in review and what went live lately; a
moderator sees what waits for review (oldest first, with its age), what is
assigned to them and the reader submissions waiting. Each list is one query
(the reasons one more), whatever the number of notes.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from catalog.models import Note, NoteEvent, Submission
from catalog.permissions import EDIT_PERMISSION, REVIEW_PERMISSION, user_may
from catalog.selectors.rounds import CHANGES_REQUESTED, with_review_round

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# How many notes each list shows; the full lists are one link away.
SHOWN = 10
# A request for review older than this is overdue.
OVERDUE = timedelta(days=2)
RECENT = timedelta(days=14)


@dataclasses.dataclass(frozen=True)
class Waiting:
    note: Note
    overdue: bool


@dataclasses.dataclass(frozen=True)
class Desk:
    writes: bool
    reviews: bool
    drafts: list[Note] = dataclasses.field(default_factory=list)
    returned: list[Note] = dataclasses.field(default_factory=list)
    in_review: list[Note] = dataclasses.field(default_factory=list)
    published: list[Note] = dataclasses.field(default_factory=list)
    waiting: list[Waiting] = dataclasses.field(default_factory=list)
    waiting_count: int = 0
    overdue_count: int = 0
    assigned: list[Note] = dataclasses.field(default_factory=list)
    submissions: list[Submission] = dataclasses.field(default_factory=list)
    submissions_count: int = 0


def _notes() -> QuerySet[Note]:
    return Note.objects.select_related(
        "paper__venue", "paper__area", "current_revision", "reviewer"
    )


def _mine(user: User) -> QuerySet[Note]:
    return _notes().filter(author=user)


def desk_dashboard(*, user: User) -> Desk:
    """What this person has on their desk now."""
    writes = user_may(user, EDIT_PERMISSION)
    reviews = user_may(user, REVIEW_PERMISSION)
    lists: dict = {}
    if writes:
        lists.update(_writer(user))
    if reviews:
        lists.update(_reviewer(user))
    return Desk(writes=writes, reviews=reviews, **lists)


def _writer(user: User) -> dict:
    decisions = Prefetch(
        "events",
        queryset=NoteEvent.objects.filter(action=CHANGES_REQUESTED).select_related(
            "actor"
        ),
        to_attr="requests",
    )
    returned = list(
        _mine(user)
        .filter(status=Note.Status.CHANGES_REQUESTED)
        .prefetch_related(decisions)
        .order_by("-updated_at", "-pk")[:SHOWN]
    )
    for note in returned:
        # Events are newest first: the request the author has to answer.
        note.request = note.requests[0] if note.requests else None
    since = timezone.now() - RECENT
    return {
        "drafts": list(
            _mine(user)
            .filter(status=Note.Status.DRAFT)
            .order_by("-updated_at", "-pk")[:SHOWN]
        ),
        "returned": returned,
        "in_review": list(
            with_review_round(
                _mine(user).filter(status=Note.Status.IN_REVIEW)
            ).order_by("review_requested_at", "pk")[:SHOWN]
        ),
        "published": list(
            _mine(user)
            .filter(is_live=True, published_at__gte=since)
            .order_by("-published_at", "-pk")[:SHOWN]
        ),
    }


def _reviewer(user: User) -> dict:
    now = timezone.now()
    in_review = with_review_round(
        _notes().filter(status=Note.Status.IN_REVIEW).select_related("author")
    ).order_by("review_requested_at", "pk")
    waiting = [
        Waiting(
            note=note,
            overdue=bool(
                note.review_requested_at and now - note.review_requested_at > OVERDUE
            ),
        )
        for note in in_review[:SHOWN]
    ]
    pending = Submission.objects.filter(status=Submission.Status.PENDING)
    return {
        "waiting": waiting,
        "waiting_count": in_review.count(),
        "overdue_count": in_review.filter(
            review_requested_at__lt=now - OVERDUE
        ).count(),
        "assigned": list(in_review.filter(reviewer=user)[:SHOWN]),
        "submissions": list(
            pending.select_related("note__paper", "venue", "area").order_by(
                "created_at", "pk"
            )[:SHOWN]
        ),
        "submissions_count": pending.count(),
    }
