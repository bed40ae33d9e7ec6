"""What the home, venue, area and topic pages show besides their notes.

Each function runs a fixed number of queries whatever the number of notes:
counts come from one GROUP BY and are arranged into tables here, in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count
from django.urls import get_script_prefix, get_urlconf, reverse

from catalog.models import Area, AreaGroup, Note, TaggedTopic, Venue

VENUE_PAGE_NOTES = 10
CHART_TOPICS = 10
AREA_TABLE_TOPICS = 20


@dataclass
class Cell:
    venue: Venue
    count: int
    url: str = ""


def listing_url(venue: Venue, area: Area) -> str:
    """The address of an area's page in a venue, reversed once per process.

    The home page links every listing (about 500), and reversing each on
    every render was a third of the page's time.
    """
    return _listing_url(get_script_prefix(), get_urlconf(), venue.code, area.slug)


@lru_cache(maxsize=4096)
def _listing_url(prefix: str, urlconf: str | None, venue: str, area: str) -> str:
    return reverse("catalog:area_detail", kwargs={"venue": venue, "area_slug": area})


@dataclass
class AreaRow:
    area: Area
    cells: list[Cell]
    total: int


@dataclass
class GroupTable:
    group: AreaGroup
    rows: list[AreaRow]


@dataclass
class AreaTag:
    """One area of a venue card: its name, count and listing."""

    area: Area
    count: int
    url: str


@dataclass
class CardGroup:
    group: AreaGroup
    tags: list[AreaTag]


@dataclass
class VenueCard:
    """A venue on the home page: `<N> notes · <M> areas`, its areas by group."""

    venue: Venue
    notes: int
    groups: list[CardGroup]

    @property
    def areas(self) -> int:
        return sum(len(group.tags) for group in self.groups)


@dataclass
class SiteOverview:
    """The home page's numbers, its venue cards and its venue × area tables."""

    notes: int
    venues: list[Venue]
    areas: int
    cards: list[VenueCard]
    groups: list[GroupTable]

    @property
    def series(self) -> list[str]:
        """The conferences, each once, in display order: ICML, ACL, CVPR …"""
        names = (venue.code.rstrip("0123456789") or venue.code for venue in self.venues)
        return list(dict.fromkeys(names))


def _listing_counts(notes) -> dict[tuple[int, int], int]:
    return {
        (venue_id, area_id): count
        for venue_id, area_id, count in notes.count_by_listing()
    }


def _tag_order(tag: AreaTag) -> tuple[bool, int, str]:
    # As the source's cards: most notes first, then by slug; a group's
    # catch-all ("LLM (Other)") closes it whatever its count.
    return (tag.area.name.endswith("(Other)"), -tag.count, tag.area.slug)


def _venue_cards(
    venues: list[Venue], areas: list[Area], counts: dict[tuple[int, int], int]
) -> list[VenueCard]:
    cards = []
    for venue in venues:
        groups: dict[int, CardGroup] = {}
        for area in areas:
            count = counts.get((venue.pk, area.pk), 0)
            if count:
                tag = AreaTag(area, count, listing_url(venue, area))
                groups.setdefault(area.group_id, CardGroup(area.group, [])).tags.append(
                    tag
                )
        for group in groups.values():
            group.tags.sort(key=_tag_order)
        total = sum(tag.count for group in groups.values() for tag in group.tags)
        cards.append(VenueCard(venue, total, list(groups.values())))
    return cards


def site_overview() -> SiteOverview:
    """Published notes per venue and area, as the home page shows them.

    Only venues and areas with at least one published note take a card, a
    column or a row: an empty column of eleven venues tells a reader nothing.
    Three queries: the counts, the venues, the areas with their groups.
    """
    counts = _listing_counts(Note.objects.published())
    venue_ids = {venue_id for venue_id, _ in counts}
    area_ids = {area_id for _, area_id in counts}
    venues = [venue for venue in Venue.objects.all() if venue.pk in venue_ids]
    # In the registry's order: by group, then the area's position.
    areas = [
        area for area in Area.objects.select_related("group") if area.pk in area_ids
    ]
    groups: dict[int, GroupTable] = {}
    for area in areas:
        cells = []
        for venue in venues:
            count = counts.get((venue.pk, area.pk), 0)
            cells.append(Cell(venue, count, listing_url(venue, area) if count else ""))
        row = AreaRow(area, cells, sum(cell.count for cell in cells))
        groups.setdefault(area.group_id, GroupTable(area.group, [])).rows.append(row)
    return SiteOverview(
        notes=sum(counts.values()),
        venues=venues,
        areas=len(area_ids),
        cards=_venue_cards(venues, areas, counts),
        groups=list(groups.values()),
    )


# A venue page shows each area's first notes; an area with fewer notes than
# MORE_AREAS_BELOW goes under "More Areas" unless its group is one of the
# venue's MAIN_GROUPS largest. This is how the source's venue pages sort them:
# on ECCV2024's, Reinforcement Learning (3) and Recommender Systems (1) stay
# with Decision & Embodied, the venue's third group, while Causal Inference (4)
# and LLM Safety (1) are under More Areas.
MORE_AREAS_BELOW = 5
MAIN_GROUPS = 3
# The areas a venue page's description names, the largest first.
DESCRIBED_AREAS = 8


@dataclass
class AreaPreview:
    area: Area
    count: int
    notes: list[Note] = field(default_factory=list)

    @property
    def more(self) -> bool:
        """More notes than the page shows: it links to all of them."""
        return self.count > len(self.notes)


@dataclass
class VenueOverview:
    """A venue page: its areas in the registry's order, with their first notes
    in listing order, the small ones apart under More Areas."""

    total: int
    sections: list[AreaPreview]
    more: list[AreaPreview]

    @property
    def previews(self) -> list[AreaPreview]:
        return self.sections + self.more

    @property
    def area_count(self) -> int:
        return len(self.sections) + len(self.more)

    @property
    def more_count(self) -> int:
        return sum(preview.count for preview in self.more)

    @property
    def described(self) -> list[AreaPreview]:
        """The largest areas, most notes first, then by name."""
        ranked = sorted(self.previews, key=lambda p: (-p.count, p.area.name.lower()))
        return ranked[:DESCRIBED_AREAS]

    @property
    def undescribed(self) -> int:
        return self.area_count - len(self.described)


def _main_groups(previews: list[AreaPreview]) -> set[int]:
    sizes: dict[int, int] = defaultdict(int)
    for preview in previews:
        sizes[preview.area.group_id] += preview.count
    ranked = sorted(sizes, key=lambda group_id: -sizes[group_id])
    return set(ranked[:MAIN_GROUPS])


def venue_overview(venue: Venue) -> VenueOverview:
    """A venue's areas, each with its count and first notes in listing order.

    Three queries: the counts, the areas, the first notes of every area.
    """
    published = Note.objects.published().filter(paper__venue=venue)
    counts = {area_id: count for _, area_id, count in published.count_by_listing()}
    previews = {
        area.pk: AreaPreview(area, counts[area.pk])
        for area in Area.objects.select_related("group")
        if area.pk in counts
    }
    # What a listing entry shows: the title, its link and the summary.
    notes = (
        published.select_related("paper")
        .only(
            "summary_html",
            "paper__title",
            "paper__slug",
            "paper__venue_id",
            "paper__area_id",
        )
        .first_per_area(VENUE_PAGE_NOTES)
        .by_slug()
    )
    for note in notes:
        preview = previews[note.paper.area_id]
        note.paper.venue, note.paper.area = venue, preview.area
        preview.notes.append(note)
    ordered = list(previews.values())
    main = _main_groups(ordered)

    def is_small(preview: AreaPreview) -> bool:
        return preview.count < MORE_AREAS_BELOW and preview.area.group_id not in main

    return VenueOverview(
        total=sum(counts.values()),
        sections=[preview for preview in ordered if not is_small(preview)],
        more=[preview for preview in ordered if is_small(preview)],
    )


@dataclass
class TopicCount:
    slug: str
    name: str
    count: int


def topic_counts(notes, *, limit: int = CHART_TOPICS) -> list[TopicCount]:
    """The most used topics among `notes`, most used first (for the chart)."""
    rows = (
        TaggedTopic.objects.filter(content_object__in=notes)
        .values_list("tag__slug", "tag__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "tag__name")[:limit]
    )
    return [TopicCount(*row) for row in rows]


@dataclass
class TopicRow:
    slug: str
    name: str
    cells: list[Cell]
    total: int


@dataclass
class AreaOverview:
    """One area across venues: its counts per venue and its topics per venue."""

    total: int
    venues: list[Cell]
    topics: list[TopicRow]
    topic_count: int

    @property
    def chart(self) -> list[TopicCount]:
        return [
            TopicCount(row.slug, row.name, row.total)
            for row in self.topics[:CHART_TOPICS]
        ]


def area_overview(area: Area) -> AreaOverview:
    published = Note.objects.published().filter(paper__area=area)
    counts = {venue_id: count for venue_id, _, count in published.count_by_listing()}
    venues = [v for v in Venue.objects.all() if v.pk in counts]
    per_venue: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    rows = (
        TaggedTopic.objects.filter(content_object__in=published)
        .values_list("tag__slug", "tag__name", "content_object__paper__venue_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for slug, name, venue_id, count in rows:
        per_venue[(slug, name)][venue_id] = count
    topics = [
        TopicRow(
            slug,
            name,
            [Cell(venue, by_venue.get(venue.pk, 0)) for venue in venues],
            sum(by_venue.values()),
        )
        for (slug, name), by_venue in per_venue.items()
    ]
    topics.sort(key=lambda row: (-row.total, row.name.lower()))
    return AreaOverview(
        total=sum(counts.values()),
        venues=[Cell(venue, counts[venue.pk]) for venue in venues],
        topics=topics[:AREA_TABLE_TOPICS],
        topic_count=len(topics),
    )


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    count: int


def topic_facets(notes) -> tuple[list[Facet], list[Facet]]:
    """The venues and the areas of `notes`, each with its count, in site order."""
    rows = (
        notes.order_by()
        .values_list("paper__venue_id", "paper__area_id")
        .annotate(count=Count("pk"))
    )
    by_venue: dict[int, int] = defaultdict(int)
    by_area: dict[int, int] = defaultdict(int)
    for venue_id, area_id, count in rows:
        by_venue[venue_id] += count
        by_area[area_id] += count
    venues = [
        Facet(venue.code, venue.code, by_venue[venue.pk])
        for venue in Venue.objects.filter(pk__in=list(by_venue))
    ]
    areas = [
        Facet(area.slug, area.name, by_area[area.pk])
        for area in Area.objects.filter(pk__in=list(by_area))
    ]
    return venues, areas
