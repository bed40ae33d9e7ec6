"""Reads that pages and the admin share: each runs a fixed number of queries.

Writes live in `catalog.services`; views, the admin and commands call both.
"""

from catalog.selectors.addresses import note_at_address, note_moved_from
from catalog.selectors.desk import desk_dashboard
from catalog.selectors.limits import submission_count
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
from catalog.selectors.related import PendingLink, RelatedLinks, note_related_links
from catalog.selectors.review_queue import notes_in_review, review_queue
from catalog.selectors.rounds import note_review_round, with_review_round
from catalog.selectors.submissions import (
    StatusSubject,
    submission_duplicates,
    submission_queue,
    submission_status_subject,
)
from catalog.selectors.workflow import (
    comment_can_resolve,
    note_allowed_actions,
    note_contributors,
    note_preview_links,
    notes_contributors,
)

__all__ = [
    "PendingLink",
    "RelatedLinks",
    "StatusSubject",
    "area_overview",
    "comment_can_resolve",
    "desk_dashboard",
    "listing_url",
    "note_allowed_actions",
    "note_at_address",
    "note_contributors",
    "note_moved_from",
    "note_preview_links",
    "note_related_links",
    "note_review_round",
    "notes_contributors",
    "notes_in_review",
    "review_queue",
    "same_area_elsewhere",
    "site_overview",
    "submission_count",
    "submission_duplicates",
    "submission_queue",
    "submission_status_subject",
    "top_topics",
    "topic_counts",
    "topic_facets",
    "venue_overview",
    "with_listing",
    "with_review_round",
]
