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
class SiteOverview:
    """The home page's numbers and its venue × area tables."""

    notes: int
    venues: list[Venue]
    areas: int
    groups: list[GroupTable]


def _listing_counts(notes) -> dict[tuple[int, int], int]:
    return {
        (venue_id, area_id): count
        for venue_id, area_id, count in notes.count_by_listing()
    }


def site_overview() -> SiteOverview:
    """Published notes per venue and area, grouped as the home page shows them.

    Only venues and areas with at least one published note take a column or a
    row: an empty column of eleven venues tells a reader nothing.
    """
    counts = _listing_counts(Note.objects.published())
    venue_ids = {venue_id for venue_id, _ in counts}
    area_ids = {area_id for _, area_id in counts}
    venues = [venue for venue in Venue.objects.all() if venue.pk in venue_ids]
    groups: dict[int, GroupTable] = {}
    for area in Area.objects.select_related("group"):
        if area.pk not in area_ids:
            continue
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
        groups=sorted(
            groups.values(), key=lambda table: (table.group.position, table.group.name)
        ),
    )


@dataclass
class AreaPreview:
    area: Area
    count: int
    notes: list[Note] = field(default_factory=list)


@dataclass
class GroupPreview:
    group: AreaGroup
    areas: list[AreaPreview]


def venue_overview(venue: Venue) -> tuple[int, list[GroupPreview]]:
    """A venue's areas by group, each with its count and first notes by title."""
    published = Note.objects.published().filter(paper__venue=venue)
    counts = {area_id: count for _, area_id, count in published.count_by_listing()}
    previews: dict[int, AreaPreview] = {}
    groups: dict[int, GroupPreview] = {}
    for area in Area.objects.select_related("group"):
        if area.pk in counts:
            previews[area.pk] = AreaPreview(area, counts[area.pk])
            groups.setdefault(area.group_id, GroupPreview(area.group, [])).areas.append(
                previews[area.pk]
            )
    notes = published.for_titles().first_per_area(VENUE_PAGE_NOTES).by_slug()
    for note in notes:
        preview = previews[note.paper.area_id]
        note.paper.venue, note.paper.area = venue, preview.area
        preview.notes.append(note)
    ordered = sorted(groups.values(), key=lambda g: (g.group.position, g.group.name))
    return sum(counts.values()), ordered


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
