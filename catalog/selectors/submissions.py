"""The moderators' queue of reader submissions."""

from __future__ import annotations

from django.db.models import QuerySet

from catalog.models import Submission


def submission_queue() -> QuerySet[Submission]:
    """Submissions, newest first, with what a row of the queue shows.

    The note and paper a suggestion is for and the venue and area: one query
    for the whole page, however many rows.
    """
    return Submission.objects.select_related("note__paper", "venue", "area")
