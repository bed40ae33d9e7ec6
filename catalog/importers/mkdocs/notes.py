"""A note file, `<VENUE>/<area>/<note_slug>.md`: front matter, title, metadata
lines, `##` sections (TL;DR, Rating, the rest as the body) and the generated
RELATED block.

`NoteSource` is what one file says. Its content attributes are NoteContent's
(catalog.notedata), each empty until the file says it, so a field added there
is one here too; `NoteSource.content()` hands them on as a NoteContent.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs.frontmatter import (
    FrontMatter,
    front_list,
    front_text,
    parse_front_matter,
)
from catalog.importers.mkdocs.metadata import read_metadata
from catalog.importers.mkdocs.ratings import read_ratings
from catalog.importers.mkdocs.text import (
    HTML_COMMENT,
    LINK,
    LISTING_FILE,
    MARKDOWN_ESCAPE,
    RelatedKey,
    SourceWarning,
    check_slug,
    joined,
    read_lines,
)
from catalog.importers.mkdocs.venues import Catalog
from catalog.models import Area, Venue
from catalog.notedata import BY_NAME, NoteContent

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# ATX headings; a closing run of `#` needs a space before it, so `C#` survives.
_TITLE = re.compile(r"^#(?!#)\s+(?P<text>.+?)(?:\s+#+)?\s*$")
_H2 = re.compile(r"^##(?!#)\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_TLDR_HEADING = re.compile(r"\btl;?\s*dr\b", re.I)
_RATING_HEADING = re.compile(r"\W*(?:overall\s+)?ratings?\W*", re.I)
_RELATED_START = re.compile(r"<!--\s*RELATED:START\s*-->")
_RELATED_END = re.compile(r"<!--\s*RELATED:END\s*-->")
_WRAPPER_OPEN = re.compile(r'^\s*<div\s+class="related-papers"[^>]*>\s*$')
_WRAPPER_CLOSE = re.compile(r"^\s*</div>\s*$")

# NoteContent's attributes a file can give: all but the rows and the slug,
# which the folders and the file name give.
CONTENT_FIELDS = tuple(
    spec
    for spec in dataclasses.fields(NoteContent)
    if spec.name not in ("venue", "area", "slug")
)


@dataclass(kw_only=True)
class NoteFile:
    """What a note file holds besides its content: where it is, what it
    links to, and what the reader noticed."""

    path: Path
    venue_code: str
    area_slug: str
    slug: str
    # The front matter description without its `[Venue][Area][kw]` prefix.
    fallback_summary: str = ""
    # The venue code the Conference line names, when it names a known one.
    conference: str | None = None
    related: list[RelatedKey] = field(default_factory=list)
    # Each related link's text as the source writes it, unescaped.
    related_texts: dict[RelatedKey, str] = field(default_factory=dict)
    # Field name → line it was read from, so later errors can point at it.
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[SourceWarning] = field(default_factory=list)

    @property
    def key(self) -> RelatedKey:
        return (self.venue_code, self.area_slug, self.slug)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(SourceWarning(self.path, line, message))

    def content(self, *, venue: Venue, area: Area, **filled: Any) -> NoteContent:
        """What the file says as a NoteContent; `filled` replaces attributes
        (the listing's title and summary where the file has none)."""
        values = {spec.name: getattr(self, spec.name) for spec in CONTENT_FIELDS}
        return NoteContent(
            venue=venue, area=area, slug=self.slug, **{**values, **filled}
        )


def _unsaid(spec: dataclasses.Field) -> tuple[str, Any, dataclasses.Field]:
    """A NoteContent attribute as a NoteSource one: empty until read."""
    if spec.default is not dataclasses.MISSING:
        return spec.name, spec.type, field(default=spec.default)
    if spec.default_factory is not dataclasses.MISSING:
        return spec.name, spec.type, field(default_factory=spec.default_factory)
    # Required by NoteContent (the title, the summary): a file may leave it
    # to the listing entry.
    return spec.name, spec.type, field(default=BY_NAME[spec.name].empty())


NoteSource = dataclasses.make_dataclass(
    "NoteSource",
    [_unsaid(spec) for spec in CONTENT_FIELDS],
    bases=(NoteFile,),
    kw_only=True,
)
NoteSource.__module__ = __name__
NoteSource.__doc__ = """What one note file says; empty where it says nothing."""


def parse_note(
    path: Path, *, venue_code: str, area_slug: str, catalog: Catalog
) -> NoteSource:
    """Read `<VENUE>/<area>/<slug>.md`; the folders give the key."""
    note = NoteSource(
        path=path, venue_code=venue_code, area_slug=area_slug, slug=path.stem
    )
    check_slug(path, note.slug, 1)
    lines = read_lines(path)
    front = parse_front_matter(path, lines)
    tags = _read_front_matter(note, front)

    i = front.end
    while i < len(lines) and (not lines[i].strip() or HTML_COMMENT.match(lines[i])):
        i += 1
    if i < len(lines) and (match := _TITLE.match(lines[i])):
        note.title = match["text"]
        note.lines["title"] = i + 1
        i += 1
    i = read_metadata(note, lines, i, catalog)
    if "keywords" not in note.lines and len(tags) > 2:
        # Tags are venue, area, then the keywords (SOURCE-FORMAT.md).
        note.keywords = tags[2:]
        note.lines["keywords"] = front.line("tags")
    rest = _take_related(note, list(enumerate(lines[i:], start=i + 1)))
    _read_sections(note, rest)
    return note


def _read_front_matter(note: NoteSource, front: FrontMatter) -> list[str]:
    """Fill what the front matter gives; returns its tags for later use."""
    path = note.path
    title = front_text(front, "title", path)
    note.title = re.sub(r"^\[Paper Note\]\s*", "", title)
    note.lines["title"] = front.line("title")
    description = front_text(front, "description", path)
    note.fallback_summary = re.sub(r"^(?:\[[^\]]*\])+\s*", "", description)
    if front.values.get("date"):
        note.published_at = _published_at(
            path, front.line("date"), front.values["date"]
        )
        note.lines["published_at"] = front.line("date")
    if "topics" in front.values:
        note.topics = front_list(front, "topics", path)
    return front_list(front, "tags", path)


def _published_at(path: Path, line: int, value: Any) -> datetime:
    text = str(value).strip()
    try:
        published = datetime.fromisoformat(text)
    except ValueError:
        raise SourceError(
            path, line, f"`date` is not a date like 2026-05-08: {text!r}"
        ) from None
    if timezone.is_naive(published):
        published = timezone.make_aware(published)
    return published


def _fence_after(fence: str | None, text: str) -> str | None:
    """The open code fence after this line (None outside any)."""
    # Called for every line of every note: skip the regex for most of them.
    if "```" not in text and "~~~" not in text:
        return fence
    match = _FENCE.match(text)
    if match is None:
        return fence
    marker = match[1]
    if fence is None:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence)
    if closes and not text.strip()[len(marker) :].strip():
        return None
    return fence


def _take_related(
    note: NoteSource, rest: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """Read the RELATED block(s) into note.related; returns the other lines."""
    kept: list[tuple[int, str]] = []
    fence = None
    i = 0
    while i < len(rest):
        number, text = rest[i]
        if fence is None and "RELATED" in text and _RELATED_START.search(text):
            end = next(
                (j for j in range(i + 1, len(rest)) if _RELATED_END.search(rest[j][1])),
                None,
            )
            if end is None:
                raise SourceError(
                    note.path, number, "RELATED:START has no RELATED:END after it"
                )
            _read_related(note, rest[i + 1 : end])
            i = end + 1
            # The wrapper <div> may sit outside the markers instead of inside.
            opening = next(
                (k for k in reversed(range(len(kept))) if kept[k][1].strip()), None
            )
            closing = next((k for k in range(i, len(rest)) if rest[k][1].strip()), None)
            if (
                opening is not None
                and closing is not None
                and _WRAPPER_OPEN.match(kept[opening][1])
                and _WRAPPER_CLOSE.match(rest[closing][1])
            ):
                del kept[opening:]
                i = closing + 1
            continue
        kept.append((number, text))
        fence = _fence_after(fence, text)
        i += 1
    return kept


def _read_related(note: NoteSource, block: list[tuple[int, str]]) -> None:
    here = posixpath.join(note.venue_code, note.area_slug)
    for number, text in block:
        for link in LINK.finditer(text):
            target = link["url"].split("#")[0]
            if not target or "://" in target or target.startswith("mailto:"):
                continue
            parts = posixpath.normpath(posixpath.join(here, target)).split("/")
            if (
                len(parts) != 3
                or not parts[2].endswith(".md")
                or parts[2] == LISTING_FILE
            ):
                note.warn(
                    number, f"related link {target!r} does not point at a note file"
                )
                continue
            key = (parts[0], parts[1], parts[2][: -len(".md")])
            if key != note.key and key not in note.related:
                note.related.append(key)
                text = MARKDOWN_ESCAPE.sub(r"\1", link["text"])
                note.related_texts[key] = " ".join(text.split())


def _read_sections(note: NoteSource, rest: list[tuple[int, str]]) -> None:
    """Split at `##` headings: TL;DR → summary, Rating → ratings, rest → body."""
    headings: list[str | None] = [None]
    parts: list[list[tuple[int, str]]] = [[]]
    fence = None
    for number, text in rest:
        if fence is None and text.startswith("##") and (match := _H2.match(text)):
            headings.append(match["text"])
            parts.append([])
        parts[-1].append((number, text))
        fence = _fence_after(fence, text)
    body = []
    ratings = [
        part[0][0]
        for heading, part in zip(headings, parts, strict=True)
        if heading is not None and _RATING_HEADING.fullmatch(heading)
    ]
    if len(ratings) > 1:
        # Which one holds? Neither is read; both stay in the body as text.
        note.warn(
            ratings[1],
            f"a second Rating section (the first is on line {ratings[0]}): "
            "the note is unrated, and both stay in the text",
        )
    for heading, part in zip(headings, parts, strict=True):
        if heading is not None and not note.summary and _TLDR_HEADING.search(heading):
            note.summary = joined(text for _, text in part[1:]).strip()
            note.lines["summary"] = part[0][0]
        elif len(ratings) == 1 and part and part[0][0] == ratings[0]:
            read_ratings(note, ratings[0], part[1:])
        elif section := joined(text for _, text in part):
            body.append(section)
    note.body = "\n\n".join(body)
    if body:
        note.lines["body"] = next(n for n, text in rest if text.strip())
