"""Write the published catalog back as an MkDocs source tree.

For each venue and area with published notes: `<VENUE>/<area>/index.md`, the
listing as the old generator wrote it, and one `<slug>.md` per note, in the
format `tree_import` reads (SOURCE-FORMAT.md); catalog.importers.mkdocs.writer
writes each file's text. Only what the public sees is written
(`Note.objects.published()`); related links to unpublished notes are left out,
links to notes not imported yet (PendingRelated) are written back.
Files already in the folder are overwritten when the export writes the same
path and otherwise left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Prefetch

from catalog.importers.mkdocs.writer import render_listing, render_note
from catalog.models import Area, Note, Venue


@dataclass(frozen=True)
class TreeExported:
    notes: int
    listings: int


def tree_export(
    *, out_dir: Path, progress: Callable[[int, int], None] | None = None
) -> TreeExported:
    """Write every published note and its listing under out_dir.

    `progress(written, total)` is called after each note file.
    """
    published = Note.objects.published().select_related("paper__venue", "paper__area")
    notes = list(
        published.prefetch_related(
            "paper__keywords",
            "topics",
            "pending_related",
            Prefetch("related", queryset=published.order_by()),
        )
    )
    listings: dict[tuple[Venue, Area], list[Note]] = defaultdict(list)
    for note in notes:
        listings[(note.paper.venue, note.paper.area)].append(note)
    counts: dict[Area, dict[Venue, int]] = defaultdict(dict)
    for (venue, area), group in listings.items():
        counts[area][venue] = len(group)

    written = 0
    for venue, area in sorted(listings, key=_listing_order):
        group = sorted(listings[(venue, area)], key=_slug_order)
        others = [
            (other, count)
            for other, count in sorted(counts[area].items(), key=_venue_order)
            if other != venue
        ]
        folder = out_dir / venue.code / area.slug
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / "index.md", render_listing(venue, area, group, others))
        for note in group:
            _write(folder / f"{note.paper.slug}.md", render_note(note))
            written += 1
            if progress is not None:
                progress(written, len(notes))
    return TreeExported(notes=written, listings=len(listings))


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(text)


def _venue_order(pair: tuple[Venue, int]) -> tuple[int, str]:
    return (pair[0].position, pair[0].code)


def _listing_order(key: tuple[Venue, Area]) -> tuple[int, str, str]:
    return (key[0].position, key[0].code, key[1].slug)


def _slug_order(note: Note) -> tuple[str, int]:
    # The source's order, by file name: code points, as NoteQuerySet.by_slug().
    return (note.paper.slug, note.pk)
