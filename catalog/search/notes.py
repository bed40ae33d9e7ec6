"""`search_notes`: the published notes that match a reader's query, best first,
from whichever backend the database has."""

from __future__ import annotations

from catalog.models import Area, Topic, Venue
from catalog.search.backends import backend_for
from catalog.search.parser import ParsedQuery
from catalog.search.results import MAX_RESULTS, SearchPage


def search_notes(
    *,
    query: ParsedQuery,
    venue: Venue | None = None,
    area: Area | None = None,
    topic: Topic | None = None,
    offset: int = 0,
    limit: int = 20,
    snippets: bool = True,
    most: int = MAX_RESULTS,
    using: str = "default",
) -> SearchPage:
    """The published notes that match `query` (and the filters), best first.

    One page of them, with paper, venue and area loaded, and how many match in
    all. Only the best `most` notes are shown, and counted: counting every
    match of a word found in most notes would cost more than the rest of the
    search. Two queries whatever the number of notes: the ranked page with
    the count, then the page's notes. Without `snippets`, snippets are empty.
    """
    limit = min(limit, most - offset)
    if not query or limit <= 0:
        return SearchPage([], 0)
    filters = {"venue": venue, "area": area, "topic": topic}
    page = backend_for(using).search(
        query, filters, offset, limit, snippets, using, most + 1
    )
    return SearchPage(page.hits, min(page.total, most), page.total > most)
