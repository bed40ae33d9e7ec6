"""The submission rate limit, counted in the database while the cache is away.

The count usually lives in the cache (catalog/views/submissions.py). Counted
here, it still holds across every app server: one statement takes a slot, so
posts arriving together are counted one after the other.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import SubmissionCount

# A new row, a new window once the old one is over, or one more in it.
_TAKE = """
INSERT INTO {table} (address, window_start, count) VALUES (%s, %s, 1)
ON CONFLICT (address) DO UPDATE SET
    count = CASE WHEN {table}.window_start < %s THEN 1 ELSE {table}.count + 1 END,
    window_start = CASE WHEN {table}.window_start < %s
        THEN excluded.window_start ELSE {table}.window_start END
RETURNING count
"""


@transaction.atomic
def submission_count_take(*, address: str, window: int) -> int:
    """Count one submission from `address`: its count in the current window.

    The window starts with the first submission and is not extended by
    later ones, as in the cache.
    """
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    started, cutoff = adapt(now), adapt(now - timedelta(seconds=window))
    with connection.cursor() as cursor:
        cursor.execute(
            _TAKE.format(table=SubmissionCount._meta.db_table),
            [address, started, cutoff, cutoff],
        )
        return cursor.fetchone()[0]


@transaction.atomic
def submission_count_give_back(*, address: str) -> None:
    """Uncount a submission that was counted but could not be stored."""
    SubmissionCount.objects.filter(address=address, count__gt=0).update(
        count=F("count") - 1
    )
