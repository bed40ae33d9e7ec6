"""The submission count kept in the database while the cache is away."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from catalog.models import SubmissionCount


def submission_count(*, address: str, window: int) -> int:
    """Submissions counted for `address` in its current window (0 if none)."""
    since = timezone.now() - timedelta(seconds=window)
    count = (
        SubmissionCount.objects.filter(address=address, window_start__gte=since)
        .values_list("count", flat=True)
        .first()
    )
    return count or 0
