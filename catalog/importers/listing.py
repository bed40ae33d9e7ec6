"""Read a rendered listing page: the text a reader sees on an area page.

The format, top to bottom (SOURCE-FORMAT.md): an optional `Skip to content`,
`<emoji> <Area>`, `<emoji> <VENUE> · <N> paper notes`, an optional
`📌 Same area in other venues: …` line, an optional `🔥 Top topics: …` line,
then for each note its title line and its summary paragraph, separated by
blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from catalog.importers.errors import SourceError, refuse_nul
from catalog.models import Area, Paper, Venue
from catalog.slugs import SLUG_LENGTH, slug_from_title

SKIP_LINK = "Skip to content"
SAME_AREA_PREFIX = "📌 Same area in other venues:"
TOP_TOPICS_PREFIX = "🔥 Top topics:"
# The longest values the models store, checked here so that the error names
# the line (PostgreSQL would refuse a longer one without saying where). A new
# area's address is made from its name, so the name is held to the slug's.
TITLE_LENGTH = Paper._meta.get_field("title").max_length
VENUE_CODE_LENGTH = Venue._meta.get_field("code").max_length
AREA_NAME_LENGTH = Area._meta.get_field("slug").max_length
EMOJI_LENGTH = min(
    Venue._meta.get_field("emoji").max_length, Area._meta.get_field("emoji").max_length
)

VENUE_CODE = r"(?P<code>[A-Za-z][A-Za-z-]*\d{4})"
VENUE_LINE = re.compile(
    rf"^(?:(?P<emoji>\S+)\s+)?{VENUE_CODE} · (?P<count>\d+) paper notes?$"
)
OTHER_VENUE = re.compile(rf"^(?:(?P<emoji>\S+)\s+)?{VENUE_CODE} \((?P<count>\d+)\)$")
HEADING = re.compile(r"^(?:(?P<emoji>[^\w\s(]\S*)\s+)?(?P<name>\w.*)$")


@dataclass
class ListingEntry:
    title: str
    summary: str
    line: int
    slug: str = ""


@dataclass
class OtherVenue:
    code: str
    emoji: str
    count: int


@dataclass
class Listing:
    path: Path
    area_name: str
    area_emoji: str
    venue_code: str
    venue_emoji: str
    count: int
    other_venues: list[OtherVenue] = field(default_factory=list)
    entries: list[ListingEntry] = field(default_factory=list)


def _check_length(path: Path, line: int, what: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise SourceError(
            path, line, f"{what} is longer than {limit} characters: {value[:40]!r}…"
        )


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Non-blank runs of lines, each joined, with the number of its first line."""
    blocks: list[tuple[int, str]] = []
    start, current = 0, []
    for number, text in enumerate(lines, start=1):
        if text.strip():
            if not current:
                start = number
            current.append(text.strip())
        elif current:
            blocks.append((start, " ".join(current)))
            current = []
    if current:
        blocks.append((start, " ".join(current)))
    return blocks


def parse_listing(path: Path) -> Listing:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, 1, f"cannot be read: {error}") from error
    refuse_nul(path, text)
    # Not splitlines(): it also breaks lines at characters (U+2028, form
    # feeds …) that editors do not show as breaks, so line numbers would be off.
    blocks = _paragraphs(text.split("\n"))
    if blocks and blocks[0][1] == SKIP_LINK:
        blocks.pop(0)
    if len(blocks) < 2:
        raise SourceError(path, 1, "expected the area heading and the venue line")

    heading_line, heading = blocks.pop(0)
    match = HEADING.match(heading)
    if not match:
        raise SourceError(
            path, heading_line, f"expected '<emoji> <Area>', found {heading!r}"
        )
    area_emoji, area_name = match["emoji"] or "", match["name"].strip()
    _check_length(
        path, heading_line, "the area name", area_name.lower(), AREA_NAME_LENGTH
    )
    _check_length(path, heading_line, "the area emoji", area_emoji, EMOJI_LENGTH)

    venue_line, venue_text = blocks.pop(0)
    match = VENUE_LINE.match(venue_text)
    if not match:
        raise SourceError(
            path,
            venue_line,
            f"expected '<emoji> <VENUE> · <N> paper notes', found {venue_text!r}",
        )
    _check_length(path, venue_line, "the venue code", match["code"], VENUE_CODE_LENGTH)
    _check_length(
        path, venue_line, "the venue emoji", match["emoji"] or "", EMOJI_LENGTH
    )
    listing = Listing(
        path=path,
        area_name=area_name,
        area_emoji=area_emoji,
        venue_code=match["code"],
        venue_emoji=match["emoji"] or "",
        count=int(match["count"]),
    )

    if blocks and blocks[0][1].startswith(SAME_AREA_PREFIX):
        line, other_text = blocks.pop(0)
        for item in other_text.removeprefix(SAME_AREA_PREFIX).split(" · "):
            match = OTHER_VENUE.match(item.strip())
            if not match:
                raise SourceError(
                    path,
                    line,
                    f"expected '<emoji> <VENUE> (<count>)', found {item.strip()!r}",
                )
            _check_length(path, line, "a venue code", match["code"], VENUE_CODE_LENGTH)
            _check_length(
                path, line, "a venue emoji", match["emoji"] or "", EMOJI_LENGTH
            )
            listing.other_venues.append(
                OtherVenue(match["code"], match["emoji"] or "", int(match["count"]))
            )
    if blocks and blocks[0][1].startswith(TOP_TOPICS_PREFIX):
        blocks.pop(0)  # Derived from the notes' topics; nothing to import.

    if len(blocks) % 2:
        line, title = blocks[-1]
        raise SourceError(path, line, f"the title {title!r} has no summary below it")
    seen: dict[str, int] = {}
    for (line, title), (_, summary) in zip(blocks[::2], blocks[1::2], strict=True):
        _check_length(path, line, "the title", title, TITLE_LENGTH)
        entry = ListingEntry(title=title, summary=summary, line=line)
        entry.slug = slug_from_title(title)
        if not entry.slug:
            raise SourceError(
                path, line, f"cannot make an address from the title {title!r}"
            )
        if entry.slug in seen:
            seen[entry.slug] += 1
            entry.slug = f"{entry.slug[: SLUG_LENGTH - 3]}_{seen[entry.slug]}"
        else:
            seen[entry.slug] = 1
        listing.entries.append(entry)
    if len(listing.entries) != listing.count:
        raise SourceError(
            path,
            venue_line,
            f"the venue line counts {listing.count} notes, "
            f"but {len(listing.entries)} follow",
        )
    return listing
