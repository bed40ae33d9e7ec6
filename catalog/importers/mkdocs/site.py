"""The pages that define the registry: the home page, the venue pages, and the
listings' headings (SOURCE-FORMAT.md, "Home page and venue pages").

    <docs>/index.md            venue cards in order, each with its areas by
                               group: the venues, the groups and their order,
                               each area's name and group
    <docs>/<VENUE>/index.md    `# <emoji> <VENUE> Accepted Papers`, then
                               `## <emoji> <Area> (<count>) { #<area_slug> }`:
                               the venue's emoji, each area's emoji and name,
                               and the generator's order of the areas
    <docs>/<VENUE>/<area>/index.md  `# <emoji> <Area>` and the venue line

`read_site` reads them all (and every listing, which read_tree then merges
with the note files) and says what the tree says about the registry as a
`SiteRegistry`. Nothing here knows the database: catalog.services.registry
plans and writes the rows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs.frontmatter import parse_front_matter
from catalog.importers.mkdocs.listings import ListingSource, parse_listing
from catalog.importers.mkdocs.text import (
    LISTING_FILE,
    AreaSaid,
    SourceWarning,
    VenueSaid,
    is_area_slug,
    is_venue_code,
    read_lines,
    split_emoji,
)

OTHERS = "Others"
T = TypeVar("T", bound=Hashable)

_CARD = re.compile(r"^###\s+(?P<emoji>[^\[]*?)\s*\[(?P<code>[^\]]+)\]\([^)]*\)\s*$")
_GROUP_LABEL = re.compile(r'<div\s+class="area-group-label"\s*>(?P<name>.*?)</div>')
_AREA_TAG = re.compile(
    r'<a\s+(?P<attrs>[^>]*\bclass="area-tag"[^>]*)>(?P<text>.*?)</a>'
)
_HREF = re.compile(r'\bhref="(?P<href>[^"]*)"')
_TRAILING_COUNT = re.compile(r"\s+\d+$")
_VENUE_HEADING = re.compile(r"^#(?!#)\s+(?P<label>.+?)\s+Accepted Papers\s*$")
_AREA_SECTION = re.compile(
    r"^##(?!#)\s+(?P<label>.+?)\s*\(\d+\)\s*\{\s*#(?P<slug>[-\w]+)\s*\}\s*$"
)
_H2 = re.compile(r"^##(?!#)\s")


@dataclass
class HomePage:
    path: Path
    # The venue cards, in order.
    venues: list[VenueSaid] = field(default_factory=list)
    # Each card's group labels, in order.
    group_orders: list[list[str]] = field(default_factory=list)
    # Every area tag, in the order of the page, with its group.
    areas: list[AreaSaid] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)


@dataclass
class VenuePage:
    path: Path
    code: str
    venue: VenueSaid | None = None
    areas: list[AreaSaid] = field(default_factory=list)
    # Runs of area sections (the big areas, then `More Areas`): each in the
    # generator's order of the areas.
    runs: list[list[str]] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)


@dataclass
class Folder:
    """A venue or area folder holding files to import, and its first file."""

    name: str
    path: Path


@dataclass
class SiteRegistry:
    """What the tree says about venues, groups and areas.

    Earlier sources win: the home page, then the venue pages, then the
    listings; a folder nothing names is still listed, with its first file.
    """

    # The home page's venue cards in order: empty without a home page.
    cards: list[str] = field(default_factory=list)
    venues: dict[str, VenueSaid] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)
    areas: dict[str, AreaSaid] = field(default_factory=dict)
    # Area slugs in the generator's order, each list a partial order.
    area_orders: list[list[str]] = field(default_factory=list)
    # Slugs by first appearance on the home page.
    home_order: list[str] = field(default_factory=list)
    venue_folders: dict[str, Folder] = field(default_factory=dict)
    area_folders: dict[str, Folder] = field(default_factory=dict)


@dataclass
class SitePages:
    root: Path
    home: HomePage | None = None
    venue_pages: list[VenuePage] = field(default_factory=list)
    listings: list[ListingSource] = field(default_factory=list)
    # (venue code, area slug) → the files to import in that folder.
    folders: dict[tuple[str, str], list[Path]] = field(default_factory=dict)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)

    def registry(self) -> SiteRegistry:
        return _registry(self)


def read_site(root: Path) -> SitePages:
    """Read the home page, venue pages and listings; find the note folders.

    A folder that cannot be a venue (letters then a year) or an area (a
    slug) is left out with a warning naming its first file.
    """
    site = SitePages(root=root)
    if (root / LISTING_FILE).is_file():
        _try(site, lambda: _home(site, parse_home_page(root / LISTING_FILE)))
    refused: set[str] = set()
    for path in sorted(root.glob("*/*/*.md")):
        parts = path.relative_to(root).parts
        if any(part.startswith((".", "_")) for part in parts):
            continue
        venue_code, area_slug = parts[0], parts[1]
        problem = None
        if not is_venue_code(venue_code):
            problem = f"folder {venue_code!r} is not a venue code (like ICML2025)"
        elif not is_area_slug(area_slug):
            problem = f"folder {area_slug!r} is not an area slug (like llm_safety)"
        if problem:
            if "/".join(parts[:2]) not in refused:
                refused.add("/".join(parts[:2]))
                site.warnings.append(
                    SourceWarning(path, 1, f"{problem}: its files are not imported")
                )
            continue
        site.folders.setdefault((venue_code, area_slug), []).append(path)
    for page in sorted(root.glob(f"*/{LISTING_FILE}")):
        venue_code = page.parent.name
        if is_venue_code(venue_code):
            _try(
                site, lambda p=page, c=venue_code: _venue(site, parse_venue_page(p, c))
            )
    for (venue_code, area_slug), paths in site.folders.items():
        listing = next((p for p in paths if p.name == LISTING_FILE), None)
        if listing is not None:
            _try(
                site,
                lambda p=listing, v=venue_code, a=area_slug: _listing(
                    site, parse_listing(p, venue_code=v, area_slug=a)
                ),
            )
    return site


def _try(site: SitePages, read: Callable[[], None]) -> None:
    try:
        read()
    except SourceError as error:
        site.errors.append(error)


def _home(site: SitePages, home: HomePage) -> None:
    site.home = home
    site.warnings += home.warnings


def _venue(site: SitePages, page: VenuePage) -> None:
    site.venue_pages.append(page)
    site.warnings += page.warnings


def _listing(site: SitePages, listing: ListingSource) -> None:
    site.listings.append(listing)
    site.warnings += listing.warnings


def parse_home_page(path: Path) -> HomePage:
    """The venue cards of `docs/index.md`, each with its area tags by group."""
    home = HomePage(path=path)
    lines = read_lines(path)
    card: VenueSaid | None = None
    group: str | None = None
    start = parse_front_matter(path, lines).end
    for number, text in enumerate(lines[start:], start=start + 1):
        if match := _CARD.match(text.strip()):
            code = html.unescape(match["code"]).strip()
            group = None
            if not is_venue_code(code):
                home.warnings.append(
                    SourceWarning(path, number, f"card {code!r} is not a venue code")
                )
                card = None
                continue
            card = VenueSaid(code, path, number, emoji=match["emoji"].strip())
            home.venues.append(card)
            home.group_orders.append([])
            continue
        if match := _GROUP_LABEL.search(text):
            group = " ".join(html.unescape(match["name"]).split())
            if card is not None and group not in home.group_orders[-1]:
                home.group_orders[-1].append(group)
        for tag in _AREA_TAG.finditer(text):
            _area_tag(home, number, tag, card, group)
    return home


def _area_tag(
    home: HomePage,
    number: int,
    tag: re.Match,
    card: VenueSaid | None,
    group: str | None,
) -> None:
    path = home.path
    href = _HREF.search(tag["attrs"])
    parts = [p for p in (href["href"] if href else "").split("/") if p not in ("", ".")]
    if len(parts) < 2 or not is_area_slug(parts[1]):
        home.warnings.append(
            SourceWarning(path, number, "area tag does not link to <VENUE>/<area>/")
        )
        return
    if card is None or group is None:
        home.warnings.append(
            SourceWarning(path, number, f"area tag {parts[1]} is in no card or group")
        )
        return
    if parts[0] != card.code:
        home.warnings.append(
            SourceWarning(
                path, number, f"area tag links into {parts[0]}, in the {card.code} card"
            )
        )
    name = _TRAILING_COUNT.sub("", " ".join(html.unescape(tag["text"]).split()))
    home.areas.append(AreaSaid(parts[1], path, number, name=name or None, group=group))


def parse_venue_page(path: Path, code: str) -> VenuePage:
    """`docs/<VENUE>/index.md`: the venue's emoji, each area's emoji and name."""
    page = VenuePage(path=path, code=code)
    lines = read_lines(path)
    start = parse_front_matter(path, lines).end
    run: list[str] = []
    for number, text in enumerate(lines[start:], start=start + 1):
        if page.venue is None and (match := _VENUE_HEADING.match(text.strip())):
            emoji, named = split_emoji(match["label"])
            if named != code:
                page.warnings.append(
                    SourceWarning(path, number, f"heading names {named}, not {code}")
                )
            page.venue = VenueSaid(code, path, number, emoji=emoji)
        elif match := _AREA_SECTION.match(text.strip()):
            emoji, name = split_emoji(match["label"])
            page.areas.append(AreaSaid(match["slug"], path, number, name, emoji))
            run.append(match["slug"])
        elif _H2.match(text) and run:
            page.runs.append(run)  # `## More Areas`: a new run starts.
            run = []
    if run:
        page.runs.append(run)
    return page


def _registry(site: SitePages) -> SiteRegistry:
    registry = SiteRegistry()
    home = site.home
    if home is not None:
        registry.cards = list(dict.fromkeys(venue.code for venue in home.venues))
        for venue in home.venues:
            registry.venues.setdefault(venue.code, venue)
        registry.groups = merged_order(home.group_orders, key=lambda g: 0)
        for area in home.areas:
            _say_area(registry, area)
        registry.home_order = list(dict.fromkeys(area.slug for area in home.areas))
    for page in site.venue_pages:
        if page.venue is not None:
            _say_venue(registry, page.venue)
        for area in page.areas:
            _say_area(registry, area)
        registry.area_orders += page.runs
    for listing in site.listings:
        if listing.venue is not None:
            _say_venue(registry, listing.venue)
        for other in listing.other_venues:
            _say_venue(registry, other)
        if listing.area is not None:
            _say_area(registry, listing.area)
    for (venue_code, area_slug), paths in site.folders.items():
        registry.venue_folders.setdefault(venue_code, Folder(venue_code, paths[0]))
        registry.area_folders.setdefault(area_slug, Folder(area_slug, paths[0]))
    return registry


def _say_venue(registry: SiteRegistry, said: VenueSaid) -> None:
    known = registry.venues.setdefault(said.code, said)
    if known.emoji is None:
        known.emoji = said.emoji


def _say_area(registry: SiteRegistry, said: AreaSaid) -> None:
    """Fill what earlier pages left unsaid about the area."""
    known = registry.areas.get(said.slug)
    if known is None:
        registry.areas[said.slug] = AreaSaid(**vars(said))
        return
    for name in ("name", "emoji", "group"):
        if getattr(known, name) is None:
            setattr(known, name, getattr(said, name))


def merged_order(orders: Iterable[list[T]], *, key: Callable[[T], Any]) -> list[T]:
    """Every item of `orders` in one order that keeps each list's order.

    Where the lists leave two items unordered, the one with the smaller
    `key` comes first, then the one seen first; a contradiction between the
    lists is settled the same way.
    """
    seen: dict[T, int] = {}
    after: dict[T, set[T]] = {}
    for order in orders:
        for item in order:
            seen.setdefault(item, len(seen))
            after.setdefault(item, set())
        for before, item in zip(order, order[1:], strict=False):
            if item != before:
                after[before].add(item)
    waiting = {item: 0 for item in seen}
    for followers in after.values():
        for follower in followers:
            waiting[follower] += 1
    rank = {item: (key(item), seen[item]) for item in seen}
    result: list[T] = []
    left = set(seen)
    while left:
        ready = [item for item in left if waiting[item] == 0] or list(left)
        item = min(ready, key=rank.__getitem__)
        result.append(item)
        left.discard(item)
        for follower in after[item]:
            waiting[follower] -= 1
    return result
