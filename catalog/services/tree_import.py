"""Import the MkDocs source tree of the old site as published notes.

`tree_read` reads the home page, the venue pages, every `<VENUE>/<area>/index.md`
listing and every note file `<VENUE>/<area>/<slug>.md` and writes nothing.
`tree_import` refuses a tree with any file it could not read, naming each file
and line, before anything is written (with `strict`, also one it read with a
warning). Then it writes in one transaction: first the venues, groups and
areas the tree defines (services.registry), then every note, published. Notes
already in the database are compared in bulk (`notes_unchanged`) and those
that changed go through `note_upsert`, which records a revision of the change;
new notes are written in batches by `notes_bulk_create`, which writes what
note_upsert would, their Markdown rendered by worker processes while the batch
before is written. Last, it points each note file's related links at the notes
that exist afterwards; a link to a note not imported yet is kept, and becomes
a link when that note arrives (services.related).

A listing entry without its note file becomes a summary-only note; a note file
without an entry is imported from its path; when both exist the note file wins
and the listing fills its gaps. Notes in the database but not in the tree are
left alone. Safe to run twice: the second run changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs import (
    READ_BATCH,
    ImportItem,
    RelatedKey,
    SourceTree,
    SourceWarning,
    read_site,
    read_tree,
)
from catalog.models import Note, NoteRedirect, Paper
from catalog.services.imports import notes_bulk_create
from catalog.services.notes import note_upsert, notes_unchanged
from catalog.services.registry import RegistryWritten, registry_plan, registry_write
from catalog.services.related import notes_set_pending, notes_set_related
from catalog.workers import RenderedAhead, Workers, render_texts, worker_pool

# New notes written per notes_bulk_create call.
BATCH = 250
# More errors than this are counted, not listed: a wrong folder can fail
# thousands of files with the same message.
ERRORS_SHOWN = 20

# progress(notes written, notes in the tree, "venue/area/slug", outcome), with
# outcome "created", "updated" or "unchanged", after each note.
TreeProgress = Callable[[int, int, str, str], None]


@dataclass(frozen=True)
class TreeImported:
    created: int
    updated: int
    unchanged: int
    # Related links the note files ask for, and those whose note is missing.
    links: int
    # Links kept until their note is imported (PendingRelated).
    missing: int
    dry_run: bool = False
    # The venues, groups and areas the tree added or changed.
    registry: RegistryWritten | None = None


def tree_read(*, root: Path, workers: int = 1) -> SourceTree:
    """Every page, listing and note file under root, writing nothing.

    The home page, venue pages and listing headings say what the registry
    holds; the notes are read against the registry as the tree would leave
    it (services.registry plans it, tree_import writes it). With several
    workers, the note files are parsed in that many processes.
    """
    if not root.is_dir():
        raise ValidationError(f"{root} is not a folder.")
    site = read_site(root)
    catalog = registry_plan(registry=site.registry())
    notes = sum(len(paths) for paths in site.folders.values())
    with worker_pool(workers if notes > READ_BATCH else 1) as pool:
        return read_tree(root, catalog, site, map_batches=pool.map_ahead)


def tree_import(
    *,
    tree: SourceTree,
    dry_run: bool = False,
    strict: bool = False,
    workers: int = 1,
    progress: TreeProgress | None = None,
) -> TreeImported:
    """Write a tree read by tree_read; a dry run rolls everything back.

    Raises ValidationError naming the file and line of every error in the
    tree (with `strict`, of every warning too), or of the first note the
    models refuse; then nothing is written.
    """
    if tree.errors:
        raise ValidationError(errors_text(tree.errors))
    if strict and tree.warnings:
        raise ValidationError(errors_text(tree.warnings, kind="warnings (--strict)"))
    # Workers render new notes only, and one batch renders as fast here.
    existing = set(Paper.objects.values_list("venue_id", "area_id", "slug"))
    new = sum(_paper_key(item) not in existing for item in tree.items)
    workers = workers if new > BATCH else 1
    with worker_pool(workers) as pool, transaction.atomic():
        registry = (
            registry_write(catalog=tree.catalog) if tree.catalog is not None else None
        )
        counts, notes = _write(tree.items, pool, progress or _quiet)
        # The links of a note written now go into the revision it got.
        revised = {note.pk for note, outcome in notes if outcome != "unchanged"}
        links, missing = _link(tree.items, [note for note, _ in notes], revised)
        if dry_run:
            transaction.set_rollback(True)
    return TreeImported(
        **counts, links=links, missing=missing, dry_run=dry_run, registry=registry
    )


def errors_text(errors: Sequence[SourceError | SourceWarning], kind="errors") -> str:
    lines = [str(error) for error in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        lines.append(f"… and {len(errors) - ERRORS_SHOWN} more {kind}.")
    if len(errors) > 1 or kind != "errors":
        lines.append(f"{len(errors)} {kind}; nothing was written.")
    return "\n".join(lines)


def _quiet(done: int, total: int, key: str, outcome: str) -> None:
    pass


def _write(
    items: list[ImportItem], pool: Workers, progress: TreeProgress
) -> tuple[dict[str, int], list[tuple[Note, str]]]:
    """Write every item; returns the counts and each item's note and outcome
    (created, updated, unchanged), in order."""
    existing = set(Paper.objects.values_list("venue_id", "area_id", "slug"))
    old = [item for item in items if _paper_key(item) in existing]
    new = [item for item in items if _paper_key(item) not in existing]
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    written: dict[RelatedKey, tuple[Note, str]] = {}

    def wrote(item: ImportItem, note: Note, outcome: str) -> None:
        counts[outcome] += 1
        written[item.key] = (note, outcome)
        progress(len(written), len(items), "/".join(item.key), outcome)

    # Notes already there: compared in bulk, and the few that changed
    # upserted one by one. Then the new ones in batches, rendered ahead.
    same = notes_unchanged(contents=[item.content for item in old])
    for item, note in zip(old, same, strict=True):
        if note is None:
            wrote(item, *_upsert(item))
        else:
            wrote(item, note, "unchanged")
    batches = [new[start : start + BATCH] for start in range(0, len(new), BATCH)]
    texts = [[text for item in batch for text in _texts(item)] for batch in batches]
    html = pool.map_ahead(render_texts, texts)
    for batch, rendered in zip(batches, zip(texts, html, strict=True), strict=True):
        try:
            notes = notes_bulk_create(
                contents=[item.content for item in batch],
                render_map=RenderedAhead(dict(zip(*rendered, strict=True))),
            )
        except ValidationError:
            # The bulk write cannot say which file was refused; note by
            # note, the refusal names its file and line.
            for item in batch:
                wrote(item, *_upsert(item))
        else:
            for item, note in zip(batch, notes, strict=True):
                wrote(item, note, "created")
    return counts, [written[item.key] for item in items]


def _upsert(item: ImportItem) -> tuple[Note, str]:
    try:
        return note_upsert(content=item.content)
    except ValidationError as error:
        raise ValidationError(_validation_text(item, error)) from None


def _link(
    items: list[ImportItem], notes: list[Note], revised: set[int]
) -> tuple[int, int]:
    """Set each note file's related notes; returns (links, missing targets).

    The notes in `revised` (ids) got a revision in this import, which their
    links join."""
    # Two queries for the whole tree, so a run that changes nothing costs
    # no query per note here; notes_set_related writes where links differ,
    # a few queries per 500 notes (a first import links nearly every note).
    pk_by_key: dict[RelatedKey, int] = {
        (venue, area, slug): pk
        for pk, venue, area, slug in Note.objects.order_by()
        .annotate(
            venue_code=F("paper__venue__code"),
            area_slug=F("paper__area__slug"),
            paper_slug=F("paper__slug"),
        )
        .values_list("pk", "venue_code", "area_slug", "paper_slug")
    }
    current: dict[int, set[int]] = defaultdict(set)
    for source, target in Note.related.through.objects.values_list(
        "from_note_id", "to_note_id"
    ):
        current[source].add(target)

    # A link to the old address of a renamed note leads to the note.
    for venue, area, slug, pk in NoteRedirect.objects.values_list(
        "venue_code", "area_slug", "slug", "note_id"
    ):
        pk_by_key.setdefault((venue, area, slug), pk)

    links = missing = 0
    wanted: dict[Note, set[int]] = {}
    waiting: dict[int, list[tuple[RelatedKey, str]]] = {}
    for item, note in zip(items, notes, strict=True):
        if item.related is None:
            continue
        found = {pk_by_key[key] for key in item.related if key in pk_by_key}
        waiting[note.pk] = [
            (key, item.related_texts.get(key, ""))
            for key in item.related
            if key not in pk_by_key
        ]
        missing += len(waiting[note.pk])
        found.discard(note.pk)
        links += len(found)
        if found != current[note.pk]:
            wanted[note] = found
    notes_set_related(related=wanted, amend=revised)
    # The others wait for their notes, and become links when they arrive.
    notes_set_pending(pending=waiting)
    return links, missing


def _paper_key(item: ImportItem) -> tuple[int, int, str]:
    content = item.content
    return (content.venue.pk, content.area.pk, content.slug)


def _texts(item: ImportItem) -> tuple[str, str]:
    return (item.content.summary, item.content.body)


def _validation_text(item: ImportItem, error: ValidationError) -> str:
    """A model's refusal, pointed at the line the refused field came from."""
    if hasattr(error, "error_dict"):
        field_name = next(iter(error.message_dict))
        message = "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    else:
        field_name, message = "title", " ".join(error.messages)
    return str(SourceError(item.path, item.line(field_name), message))
