"""Where notes can go: which areas each venue has notes in, for the note form."""

from __future__ import annotations

from collections import defaultdict

from catalog.models import Paper


def venue_areas() -> dict[int, set[int]]:
    """Area ids by venue id: the listings that exist, in one query."""
    found: dict[int, set[int]] = defaultdict(set)
    pairs = Paper.objects.order_by().values_list("area_id", "venue_id").distinct()
    for area_id, venue_id in pairs:
        found[area_id].add(venue_id)
    return dict(found)
