"""What a search returns, whichever backend ran it: a page of hits, each with
its snippet as safe HTML."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from catalog.markup import render_snippet
from catalog.models import Note

SNIPPET_WORDS = 32
# The most notes a search shows, and counts: the best-ranked ones.
MAX_RESULTS = 1000
# Note fields a result never shows: not loaded.
UNSHOWN_FIELDS = ("summary_html", "body_html")

# Around a matched word in a snippet, before the snippet is escaped: control
# characters no note contains, turned into <mark> once the text is safe.
START, STOP = "\x02", "\x03"


@dataclass(frozen=True)
class SearchHit:
    note: Note
    # Escaped text of the note with the matched words in <mark>.
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    # How many notes match in all, up to the most a search shows; 0 also when
    # the page is past the last one.
    total: int
    # More notes match than a search shows: `total` is that most.
    more: bool = False


def snippet_html(*candidates: str | None) -> SafeString:
    """The first candidate with a matched word (else the first), as safe HTML:
    the note's text escaped, its math as MathML, the matched words in <mark>."""
    texts = [text or "" for text in candidates]
    chosen = next((text for text in texts if START in text), texts[0])
    # Its math typeset, as on the note's page: a mark never cuts a formula.
    return mark_safe(render_snippet(chosen, START, STOP))
