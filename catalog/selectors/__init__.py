"""Reads that pages and the admin share: each runs a fixed number of queries.

Writes live in `catalog.services`; views, the admin and commands call both.
"""

from catalog.selectors.listing_page import (
    same_area_elsewhere,
    top_topics,
    with_listing,
)
from catalog.selectors.overview import (
    area_overview,
    listing_url,
    site_overview,
    topic_counts,
    topic_facets,
    venue_overview,
)

__all__ = [
    "area_overview",
    "listing_url",
    "same_area_elsewhere",
    "site_overview",
    "top_topics",
    "topic_counts",
    "topic_facets",
    "venue_overview",
    "with_listing",
]
