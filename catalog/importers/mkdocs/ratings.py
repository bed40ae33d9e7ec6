"""The `## Rating` section of a note: one line per aspect, stars or `4/5`."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs.text import HTML_COMMENT
from catalog.notedata import RATING_ASPECTS

if TYPE_CHECKING:
    from catalog.importers.mkdocs.notes import NoteSource

# Aspects by the labels notedata gives them, and by their short names.
_ASPECTS = {label.casefold(): aspect for aspect, label in RATING_ASPECTS} | {
    aspect: aspect for aspect, _label in RATING_ASPECTS
}
# Longest label first, so "writing quality" is not read as "writing".
_LABELS = "|".join(
    r"\s+".join(map(re.escape, label.split()))
    for label in sorted(_ASPECTS, key=len, reverse=True)
)
_RATING_LINE = re.compile(
    r"^(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?"
    rf"(?P<label>{_LABELS})(?!\w)"
    r"(?:\s*:)?(?:\*\*|__)?(?:\s*[:—–-])?\s*(?P<rest>.*)$",
    re.I,
)
_STARS = re.compile(r"^(?:\*\*)?(?P<stars>(?:[⭐★🌟☆✩✰]\ufe0f?\s?)+)(?:\*\*)?")
_FILLED_STARS = re.compile(r"[⭐★🌟]")
_FRACTION = re.compile(
    r"^[(\[]?(?:\*\*)?\s*(?P<score>\d+(?:\.\d+)?)\s*/\s*5(?![\d.])\s*(?:\*\*)?[)\]]?"
)


def read_ratings(note: NoteSource, part: list[tuple[int, str]]) -> None:
    for number, text in part:
        text = text.strip()
        if not text or HTML_COMMENT.match(text):
            continue
        match = _RATING_LINE.match(text)
        if match is None:
            note.warn(number, f"line in the Rating section rates no aspect: {text!r}")
            continue
        aspect = _ASPECTS[" ".join(match["label"].split()).casefold()]
        score, reason = _score(note, number, match["rest"])
        if aspect in note.ratings:
            note.warn(number, f"{match['label']} is rated twice; the first one is kept")
            continue
        note.ratings[aspect] = (score, reason)
        note.lines[aspect] = number


def _score(note: NoteSource, number: int, rest: str) -> tuple[int, str]:
    if stars := _STARS.match(rest):
        score = len(_FILLED_STARS.findall(stars["stars"]))
        end = stars.end()
    elif fraction := _FRACTION.match(rest):
        exact = Decimal(fraction["score"])
        score = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if score != exact:
            note.warn(number, f"score {exact}/5 rounded to {score}/5")
        end = fraction.end()
    else:
        raise SourceError(
            note.path,
            number,
            f"rating line has no readable score (⭐⭐⭐☆☆ or 3/5): {rest!r}",
        )
    if not 1 <= score <= 5:
        raise SourceError(note.path, number, f"scores run from 1 to 5, not {score}")
    reason = rest[end:].strip().lstrip("—–-:|").strip()
    return score, reason
