"""The whole tree: every listing and note file, merged into one `ImportItem`
per note. Reading writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs.listings import ListingEntry, ListingSource
from catalog.importers.mkdocs.notes import NoteSource, parse_note
from catalog.importers.mkdocs.site import SitePages, read_site
from catalog.importers.mkdocs.text import LISTING_FILE, RelatedKey, SourceWarning
from catalog.importers.mkdocs.venues import Catalog
from catalog.notedata import NoteContent

# Note files a worker process parses at a time.
READ_BATCH = 500
MapBatches = Callable[[Callable, Iterable], Iterator]


@dataclass
class ImportItem:
    """One note to write, where it came from, and what it links to."""

    content: NoteContent
    # None when no note file says anything about links (a listing entry only).
    related: list[RelatedKey] | None
    path: Path
    lines: dict[str, int] = field(default_factory=dict)
    # The text of each related link, as the note file writes it.
    related_texts: dict[RelatedKey, str] = field(default_factory=dict)

    @property
    def key(self) -> RelatedKey:
        return (self.content.venue.code, self.content.area.slug, self.content.slug)

    def line(self, field_name: str) -> int:
        return self.lines.get(field_name, self.lines.get("title", 1))


@dataclass
class SourceTree:
    items: list[ImportItem] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    note_files: int = 0
    listing_files: int = 0
    # The registry the items were read against, with what the tree adds.
    catalog: Catalog | None = None


def read_tree(
    root: Path,
    catalog: Catalog,
    site: SitePages | None = None,
    *,
    map_batches: MapBatches = map,
) -> SourceTree:
    """Parse every listing and note under root and merge them, writing nothing.

    `site` is what read_site read of root, if the caller has it already (the
    registry it plans comes from there). Every file is read even after an
    error, so one run reports them all. `map_batches` maps `read_notes` over
    batches of note files, in order: a worker pool's reads them on every core.
    """
    site = site or read_site(root)
    tree = SourceTree(
        errors=list(site.errors),
        warnings=[*site.warnings, *catalog.warnings],
        listing_files=len(site.listings),
        catalog=catalog,
    )
    listings: list[ListingSource] = []
    for listing in site.listings:
        try:
            _check_folders(listing.path, listing.venue_code, listing.area_slug, catalog)
            listings.append(listing)
        except SourceError as error:
            tree.errors.append(error)
    notes: dict[RelatedKey, NoteSource] = {}
    files = [
        (path, venue_code, area_slug)
        for (venue_code, area_slug), paths in sorted(site.folders.items())
        for path in paths
        if path.name != LISTING_FILE
    ]
    batches = [
        (catalog, files[start : start + READ_BATCH])
        for start in range(0, len(files), READ_BATCH)
    ]
    for read in map_batches(read_notes, batches):
        for note in read:
            if isinstance(note, tuple):
                tree.errors.append(SourceError(*note))
                continue
            notes[note.key] = note
            tree.warnings += note.warnings
            tree.note_files += 1

    entries: dict[RelatedKey, tuple[Path, ListingEntry]] = {}
    for listing in listings:
        for entry in listing.entries:
            key = (listing.venue_code, listing.area_slug, entry.slug)
            entries.setdefault(key, (listing.path, entry))
    for key in sorted(entries.keys() | notes.keys()):
        try:
            tree.items.append(_merge(catalog, key, notes.get(key), entries.get(key)))
        except SourceError as error:
            tree.errors.append(error)
    tree.errors.sort(key=lambda error: (str(error.path), error.line))
    tree.warnings.sort(key=lambda warning: (str(warning.path), warning.line))
    return tree


def read_notes(
    batch: tuple[Catalog, list[tuple[Path, str, str]]],
) -> list[NoteSource | tuple[Path, int, str]]:
    """Parse these note files: each a NoteSource, or its error as (path,
    line, message), which pickles where a SourceError does not (for a
    worker process)."""
    catalog, files = batch
    read: list[NoteSource | tuple[Path, int, str]] = []
    for path, venue_code, area_slug in files:
        try:
            _check_folders(path, venue_code, area_slug, catalog)
            read.append(
                parse_note(
                    path, venue_code=venue_code, area_slug=area_slug, catalog=catalog
                )
            )
        except SourceError as error:
            read.append((error.path, error.line, error.message))
    return read


def _check_folders(
    path: Path, venue_code: str, area_slug: str, catalog: Catalog
) -> None:
    # The catalog holds every folder of the tree when the registry was
    # planned from it (catalog.services.registry); Catalog.load() alone
    # holds the database's.
    if venue_code not in catalog.venues:
        raise SourceError(
            path,
            1,
            f"folder {venue_code!r} is not a known venue code "
            f"({', '.join(sorted(catalog.venues))})",
        )
    if area_slug not in catalog.areas:
        raise SourceError(
            path,
            1,
            f"folder {area_slug!r} is not a known area slug "
            f"({', '.join(sorted(catalog.areas))})",
        )


def _merge(
    catalog: Catalog,
    key: RelatedKey,
    note: NoteSource | None,
    entry: tuple[Path, ListingEntry] | None,
) -> ImportItem:
    """The note file wins for what it says; the listing entry fills the gaps."""
    venue, area = catalog.venues[key[0]], catalog.areas[key[1]]
    listed = entry[1] if entry else None
    if note is None:
        assert entry is not None and listed is not None
        if not listed.summary:
            raise SourceError(
                entry[0],
                listed.line,
                f"{listed.title!r} has no summary here and no note file {key[2]}.md",
            )
        return ImportItem(
            content=NoteContent(
                venue=venue,
                area=area,
                slug=listed.slug,
                title=listed.title,
                summary=listed.summary,
            ),
            related=None,
            path=entry[0],
            lines={"title": listed.line, "summary": listed.line},
        )
    title = note.title or (listed.title if listed else "")
    if not title:
        raise SourceError(
            note.path, 1, "no `# Title`, no front matter title and no listing entry"
        )
    summary = (
        note.summary or (listed.summary if listed else "") or note.fallback_summary
    )
    if not summary:
        raise SourceError(
            note.path,
            note.lines.get("title", 1),
            "no `## TL;DR` section, no listing summary and no front matter description",
        )
    return ImportItem(
        content=note.content(venue=venue, area=area, title=title, summary=summary),
        related=note.related,
        path=note.path,
        lines=note.lines,
        related_texts=note.related_texts,
    )
