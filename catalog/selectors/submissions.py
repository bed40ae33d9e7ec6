"""Reads of reader submissions: the moderators' queue, the duplicates a
moderator should know of, and what a submitter's status page may name."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from catalog.arxiv import arxiv_id_from_url
from catalog.models import Note, Paper, Submission
from catalog.slugs import slug_from_title


def submission_queue() -> QuerySet[Submission]:
    """Submissions, newest first, with what a row of the queue shows.

    The note and paper a suggestion is for and the venue and area: one query
    for the whole page, however many rows.
    """
    return Submission.objects.select_related("note__paper", "venue", "area")


@dataclass(frozen=True)
class StatusSubject:
    """What the status page says the submission is for, and the link to it."""

    title: str
    url: str = ""


def submission_status_subject(*, submission: Submission) -> StatusSubject:
    """Only what the reader sent or saw, or the published title once the
    note is public: never a draft's or a note in review's title."""
    published = (
        Note.objects.published()
        .select_related("paper__venue", "paper__area")
        .filter(pk=submission.note_id)
        .first()
        if submission.note_id
        else None
    )
    if published is not None:
        return StatusSubject(published.paper.title, published.get_absolute_url())
    return StatusSubject(submission.title or "A note that is not published now")


def submission_duplicates(
    *, title: str, venue_id: int | None, area_id: int | None, paper_url: str
) -> QuerySet[Paper]:
    """Papers with this title in this venue and area, or this arXiv paper,
    whatever their note's status: the moderators' view of a new paper. The
    public form tells a reader only of published ones."""
    match = Q(pk__in=[])
    if title and venue_id and area_id:
        match |= Q(venue_id=venue_id, area_id=area_id, slug=slug_from_title(title))
    arxiv_id = arxiv_id_from_url(paper_url or "")
    if arxiv_id:
        match |= Q(arxiv_id=arxiv_id)
    return (
        Paper.objects.filter(match)
        .select_related("venue", "area", "note")
        .order_by("venue__code", "area__slug", "slug")
    )
