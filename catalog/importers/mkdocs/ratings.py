"""The `## Rating` section of a note: one line per aspect, stars or `4/5`."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from catalog.importers.mkdocs.text import HTML_COMMENT, SourceWarning
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


def read_ratings(note: NoteSource, heading: int, part: list[tuple[int, str]]) -> None:
    """Read one Rating section (its heading on line `heading`).

    Lenient: a line whose score cannot be read (`TBD`, nothing, `6/5`) leaves
    its aspect unrated with a warning; a section that rates nothing leaves
    the note unrated, with one warning.
    """
    unread: list[SourceWarning] = []
    seen: set[str] = set()
    for number, text in part:
        text = text.strip()
        if not text or HTML_COMMENT.match(text):
            continue
        match = _RATING_LINE.match(text)
        if match is None:
            note.warn(number, f"line in the Rating section rates no aspect: {text!r}")
            continue
        aspect = _ASPECTS[" ".join(match["label"].split()).casefold()]
        if aspect in seen:
            note.warn(number, f"{match['label']} is rated twice; the first one is kept")
            continue
        seen.add(aspect)
        score, reason = _score(match["rest"])
        if isinstance(score, str):
            unread.append(SourceWarning(note.path, number, f"{match['label']} {score}"))
            continue
        if score != round(score):
            rounded = int(score.quantize(Decimal(1), rounding=ROUND_HALF_UP))
            note.warn(number, f"score {score}/5 rounded to {rounded}/5")
            score = rounded
        note.ratings[aspect] = (int(score), reason)
        note.lines[aspect] = number
    if unread and not note.ratings:
        note.warn(
            heading,
            "Rating section rates no aspect readably "
            f"({'; '.join(w.message for w in unread)}): the note is unrated",
        )
    elif not unread and not seen:
        note.warn(heading, "Rating section is empty: the note is unrated")
    else:
        note.warnings += [
            SourceWarning(w.path, w.line, f"{w.message}: left unrated") for w in unread
        ]


def _score(rest: str) -> tuple[Decimal | str, str]:
    """The score and the reason; instead of a score, what is wrong with it."""
    if stars := _STARS.match(rest):
        score = Decimal(len(_FILLED_STARS.findall(stars["stars"])))
        end = stars.end()
    elif fraction := _FRACTION.match(rest):
        score = Decimal(fraction["score"])
        end = fraction.end()
    else:
        said = rest.strip()
        return (f"has no readable score: {said!r}" if said else "has no score"), ""
    if not 1 <= score <= 5:
        return f"scores {score}, not 1 to 5", ""
    reason = rest[end:].strip().lstrip("—–-:|").strip()
    return score, reason
