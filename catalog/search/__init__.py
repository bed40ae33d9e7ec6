"""Full-text search of the published notes, inside the database.

Two backends behave the same way, and the tests in `tests/search/` run on both:
`sqlite` (FTS5, the embedded default) and `postgresql` (tsvector columns
with GIN indexes). The reader's words are parsed once (`parser`) and
compiled by each backend, so both match the same things; `search_notes`
asks the database's backend for one page of results; `index` writes the
index whenever a note's public content changes.

A match in the title ranks above one in the tags, above one in the summary,
above one in the body, on both backends: a note's field is the best one
holding a wanted phrase, and only the fields the page reaches are ranked.
A search shows and counts the best `MAX_RESULTS` matches only, on both:
counting every match of a word found in every note was most of its cost.

Keywords share the tags field (weight B) with topics: both are short labels
an editor chose for the paper, so a keyword match says more than a word of
the summary; PostgreSQL has only four weights to give.
"""

from catalog.search.index import search_index_notes, search_index_rebuild
from catalog.search.notes import search_notes
from catalog.search.parser import (
    MAX_PHRASES,
    MAX_QUERY_LENGTH,
    STOP_WORDS,
    ParsedQuery,
    Phrase,
    parse_query,
)
from catalog.search.results import (
    MAX_RESULTS,
    SNIPPET_WORDS,
    SearchHit,
    SearchPage,
    snippet_html,
)

__all__ = [
    "MAX_PHRASES",
    "MAX_QUERY_LENGTH",
    "MAX_RESULTS",
    "SNIPPET_WORDS",
    "STOP_WORDS",
    "ParsedQuery",
    "Phrase",
    "SearchHit",
    "SearchPage",
    "parse_query",
    "search_index_notes",
    "search_index_rebuild",
    "search_notes",
    "snippet_html",
]
