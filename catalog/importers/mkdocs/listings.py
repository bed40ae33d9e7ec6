"""An area listing page, `<VENUE>/<area_slug>/index.md`: its note entries.

Not the rendered listing text a reader sees (catalog.importers.listing reads
that): the Markdown source the old site's generator wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from catalog.importers.mkdocs.frontmatter import parse_front_matter
from catalog.importers.mkdocs.text import (
    LINK,
    LISTING_FILE,
    MARKDOWN_ESCAPE,
    AreaSaid,
    SourceWarning,
    VenueSaid,
    check_slug,
    is_venue_code,
    joined,
    read_lines,
    split_emoji,
)


@dataclass
class ListingEntry:
    """One definition-list entry of a listing page."""

    slug: str
    title: str
    summary: str
    line: int


@dataclass
class ListingSource:
    path: Path
    venue_code: str
    area_slug: str
    entries: list[ListingEntry] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    # What the heading, the venue line and the other venues' line say.
    area: AreaSaid | None = None
    venue: VenueSaid | None = None
    other_venues: list[VenueSaid] = field(default_factory=list)


_HEADING = re.compile(r"^#(?!#)\s+(?P<label>.+?)\s*$")
# `**🤖 AAAI2026** · **4** paper notes`
_VENUE_LINE = re.compile(r"^\*\*(?P<label>[^*]+)\*\*\s*·")
_OTHER_VENUES = "Same area in other venues"
_COUNT = re.compile(r"\s*\(\d+\)$")
_ENTRY = re.compile(r"^\*\*\[(?P<title>.+)\]\(\s*<?(?P<target>[^)\s>]+)>?\s*\)\*\*$")
_DEFINITION = re.compile(r"^:(?:[ \t]+(?P<text>.*))?$")


def parse_listing(path: Path, *, venue_code: str, area_slug: str) -> ListingSource:
    """Read `<VENUE>/<area>/index.md`: its note entries, each with its line.

    The heading, the venue line and the other venues' line name the area and
    venues with their emojis, for the registry; counts and topic lines are
    derived data and are not read: the export writes them anew.
    """
    listing = ListingSource(path=path, venue_code=venue_code, area_slug=area_slug)
    lines = read_lines(path)
    i = parse_front_matter(path, lines).end
    seen: set[str] = set()
    while i < len(lines):
        match = _ENTRY.match(lines[i].strip())
        i += 1
        if match is None:
            if not listing.entries:
                _read_header_line(listing, i, lines[i - 1].strip())
            continue
        number = i
        slug = _listing_slug(match["target"])
        if slug is None:
            listing.warnings.append(
                SourceWarning(
                    path, number, f"entry links to {match['target']!r}, not a note"
                )
            )
            continue
        check_slug(path, slug, number)
        summary, i = _read_definition(lines, i)
        if not summary:
            listing.warnings.append(
                SourceWarning(path, number, "entry has no `:   summary` below it")
            )
        if slug in seen:
            listing.warnings.append(
                SourceWarning(
                    path, number, f"{slug} is listed twice; the first is kept"
                )
            )
            continue
        seen.add(slug)
        title = MARKDOWN_ESCAPE.sub(r"\1", match["title"]).strip()
        listing.entries.append(ListingEntry(slug, title, summary, number))
    return listing


def _read_header_line(listing: ListingSource, number: int, text: str) -> None:
    """The heading, the venue line or the other venues' line, if text is one."""
    if listing.area is None and (match := _HEADING.match(text)):
        emoji, name = split_emoji(MARKDOWN_ESCAPE.sub(r"\1", match["label"]))
        listing.area = AreaSaid(listing.area_slug, listing.path, number, name, emoji)
    elif listing.venue is None and (match := _VENUE_LINE.match(text)):
        emoji, code = split_emoji(match["label"])
        if code == listing.venue_code:
            listing.venue = VenueSaid(code, listing.path, number, emoji)
    elif _OTHER_VENUES in text:
        for link in LINK.finditer(text):
            parts = [part for part in link["url"].split("/") if part]
            emoji, code = split_emoji(_COUNT.sub("", link["text"]))
            if len(parts) >= 3 and parts[-3] == code and is_venue_code(code):
                listing.other_venues.append(
                    VenueSaid(code, listing.path, number, emoji)
                )


def _listing_slug(target: str) -> str | None:
    target = target.split("#")[0]
    if "/" not in target and target.endswith(".md") and target != LISTING_FILE:
        return target[: -len(".md")]
    if target.count("/") == 1 and target.endswith("/"):
        return target[:-1]  # The site URL (`<slug>/`) instead of the file.
    return None


def _read_definition(lines: list[str], i: int) -> tuple[str, int]:
    """The `:   summary` after an entry, with its continuation lines."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    match = _DEFINITION.match(lines[i]) if i < len(lines) else None
    if match is None:
        return "", i
    rows = [match["text"] or ""]
    i += 1
    while i < len(lines):
        text = lines[i]
        if text.strip() and text[0] in " \t":
            rows.append(re.sub(r"^(?: {1,4}|\t)", "", text))
        elif (
            not text.strip()
            and i + 1 < len(lines)
            and lines[i + 1][:1] in (" ", "\t")
            and lines[i + 1].strip()
        ):
            rows.append("")  # A blank line inside an indented definition.
        elif text.strip() and rows[-1] and not _ENTRY.match(text.strip()):
            rows.append(text)  # A lazy continuation line, as Markdown allows.
        else:
            break
        i += 1
    return joined(rows).strip(), i
