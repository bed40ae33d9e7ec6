"""arXiv identifiers, as readers and sources write them.

Parsing only: the submission form checks a reader's link with these, and
approving a submission keeps the identifier rather than the address.
"""

from __future__ import annotations

import re

# A new-style arXiv identifier, alone or at the end of an arxiv.org address.
ARXIV_ID = re.compile(r"(?:arXiv:)?(?P<id>\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_ARXIV_URL = re.compile(
    r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5})(?:v\d+)?"
    r"(?:\.pdf)?/?",
    re.IGNORECASE,
)


def arxiv_id_from_url(url: str) -> str:
    """The arXiv identifier of an arxiv.org abstract or PDF address, else ""."""
    match = _ARXIV_URL.fullmatch(url.strip())
    return match["id"] if match else ""
