"""The moderators' review queue: the notes in review, oldest request first.

Three queries however long the queue: the notes with everything a row shows
(joined, and their open comments counted), and who took part in each
(`notes_contributors`), which decides the buttons a moderator gets.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from catalog.models import Area, Note, Topic, Venue
from catalog.selectors.rounds import with_review_round
from catalog.selectors.workflow import note_allowed_actions, notes_contributors

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclasses.dataclass(frozen=True)
class QueueRow:
    note: Note
    # The workflow buttons this moderator gets (note_allowed_actions).
    actions: set[str]
    # The moderator took part in the note: another one must approve it.
    own: bool


def notes_in_review(
    *,
    user: User,
    assigned: str = "",
    venue: Venue | None = None,
    area: Area | None = None,
    topic: Topic | None = None,
    waiting_days: int | None = None,
) -> QuerySet[Note]:
    """The notes in review, each with what the queue's row shows.

    `assigned` is "me" (claimed by `user`), "nobody" (not claimed) or "" (all).
    Each knows its review round (`with_review_round`).
    """
    notes = with_review_round(
        Note.objects.filter(status=Note.Status.IN_REVIEW)
        .select_related(
            "paper__venue",
            "paper__area",
            "author",
            "last_edited_by",
            "reviewer",
            "current_revision",
            "live_revision",
        )
        .annotate(
            open_comments=Count(
                "review_comments",
                filter=Q(review_comments__resolved_at__isnull=True),
            )
        )
        .order_by("review_requested_at", "pk")
    )
    if assigned == "me":
        notes = notes.filter(reviewer=user)
    elif assigned == "nobody":
        notes = notes.filter(reviewer__isnull=True)
    if venue:
        notes = notes.filter(paper__venue=venue)
    if area:
        notes = notes.filter(paper__area=area)
    if topic:
        notes = notes.filter(topics=topic)
    if waiting_days:
        since = timezone.now() - timedelta(days=waiting_days)
        notes = notes.filter(review_requested_at__lte=since)
    return notes


def review_queue(*, user: User, **filters) -> list[QueueRow]:
    """The queue's rows for this moderator (`filters` as `notes_in_review`)."""
    notes = list(notes_in_review(user=user, **filters))
    contributors = notes_contributors(notes=notes)
    return [
        QueueRow(
            note=note,
            actions=note_allowed_actions(
                note=note, user=user, contributors=contributors[note.pk]
            ),
            own=user.pk in contributors[note.pk],
        )
        for note in notes
    ]
