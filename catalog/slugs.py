"""A note's address from its paper's title, as the sources make it.

A leaf module: the listing parser, the services that create notes, the
submission form and the corpus generator all derive slugs the same way.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_LENGTH = 80


def slug_from_title(title: str) -> str:
    """The source's note slug: lower case, punctuation dropped, `_` for spaces."""
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    )
    words = re.sub(r"[^\w\s-]", "", ascii_title.lower()).split()
    return "_".join(words)[:SLUG_LENGTH].strip("_-")
