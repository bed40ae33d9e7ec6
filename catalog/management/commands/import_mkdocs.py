"""Import the MkDocs source tree of the old site as published notes.

    python manage.py import_mkdocs DOCS_DIR [--dry-run] [--workers N]

Reads every `<VENUE>/<area>/index.md` listing and every note file
`<VENUE>/<area>/<slug>.md` first; any file it cannot read stops the import
before anything is written, and the error names the file and line. Then it
writes every note in one transaction, published. Notes already in the
database are compared in bulk (`notes_unchanged`) and those that changed go
through `note_upsert`, which records a revision of the change; new notes are
written in batches by `notes_bulk_create`, which writes what note_upsert
would, their Markdown rendered by worker processes (one per core) while the
batch before is written. Last, it points each note file's related links at the
notes that exist afterwards.

A listing entry without its note file becomes a summary-only note; a note file
without an entry is imported from its path; when both exist the note file wins
and the listing fills its gaps. Notes in the database but not in the tree are
left alone. Safe to run twice: the second run changes nothing.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs import Catalog, ImportItem, RelatedKey, read_tree
from catalog.models import Note, Paper
from catalog.services import (
    note_upsert,
    notes_bulk_create,
    notes_set_related,
    notes_unchanged,
)
from catalog.workers import RenderedAhead, Workers, render_texts, worker_pool

PROGRESS_EVERY = 500
# New notes written per notes_bulk_create call.
BATCH = 250
# More errors than this are counted, not listed: a wrong folder can fail
# thousands of files with the same message.
ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import an MkDocs docs tree (<VENUE>/<area>/index.md listings and note "
        "files) as published notes, in one transaction. Errors name file:line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("docs_dir", type=Path, help="The MkDocs docs/ folder.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything inside a transaction, report, then roll it back.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes rendering new notes' Markdown (default: one per core).",
        )

    def handle(
        self, *args, docs_dir: Path, dry_run: bool, workers: int, **options
    ) -> None:
        self.verbosity = options["verbosity"]
        if not docs_dir.is_dir():
            raise CommandError(f"{docs_dir} is not a folder.")
        tree = read_tree(docs_dir, Catalog.load())
        self._report_warnings([str(warning) for warning in tree.warnings])
        if tree.errors:
            raise CommandError(_errors_text(tree.errors))
        self._say(
            f"Read {tree.note_files} note files and {tree.listing_files} listings: "
            f"{len(tree.items)} notes."
        )

        # Workers render new notes only, and one batch renders as fast here.
        existing = set(Paper.objects.values_list("venue_id", "area_id", "slug"))
        new = sum(_paper_key(item) not in existing for item in tree.items)
        workers = workers if new > BATCH else 1
        with worker_pool(workers) as pool, transaction.atomic():
            counts, notes = self._write(tree.items, pool)
            links, missing = self._link(tree.items, notes)
            if dry_run:
                transaction.set_rollback(True)
        summary = (
            f"created {counts['created']}, updated {counts['updated']}, "
            f"unchanged {counts['unchanged']}, related links {links} "
            f"({missing} targets missing)"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written; would have {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))

    def _say(self, message: str, level: int = 1) -> None:
        if self.verbosity >= level:
            self.stdout.write(message)

    def _report_warnings(self, warnings: list[str]) -> None:
        if not warnings:
            return
        if self.verbosity >= 2:
            for warning in warnings:
                self.stderr.write(f"warning: {warning}")
        elif self.verbosity >= 1:
            self.stderr.write(
                f"{len(warnings)} warnings: things read but not used "
                "(run with -v 2 to list them)."
            )

    def _write(
        self, items: list[ImportItem], pool: Workers
    ) -> tuple[dict[str, int], list[Note]]:
        """Write every item; returns the counts and each item's note, in order."""
        existing = set(Paper.objects.values_list("venue_id", "area_id", "slug"))
        old = [item for item in items if _paper_key(item) in existing]
        new = [item for item in items if _paper_key(item) not in existing]
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        written: dict[RelatedKey, Note] = {}
        # Notes already there: compared in bulk, and the few that changed
        # upserted one by one. Then the new ones in batches, rendered ahead.
        same = notes_unchanged(contents=[item.content for item in old])
        for item, note in zip(old, same, strict=True):
            if note is None:
                note = self._upsert(item, counts)
            else:
                counts["unchanged"] += 1
            written[item.key] = note
            self._progress(len(written), len(items))
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
                notes = [self._upsert(item, counts) for item in batch]
            else:
                counts["created"] += len(notes)
                for item in batch:
                    self._say(f"  created {'/'.join(item.key)}", level=2)
            for item, note in zip(batch, notes, strict=True):
                written[item.key] = note
                self._progress(len(written), len(items))
        return counts, [written[item.key] for item in items]

    def _upsert(self, item: ImportItem, counts: dict[str, int]) -> Note:
        try:
            note, outcome = note_upsert(content=item.content)
        except ValidationError as error:
            raise CommandError(_validation_text(item, error)) from None
        counts[outcome] += 1
        if outcome != "unchanged":
            self._say(f"  {outcome} {'/'.join(item.key)}", level=2)
        return note

    def _progress(self, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0:
            self._say(f"  {done}/{total} notes written")

    def _link(self, items: list[ImportItem], notes: list[Note]) -> tuple[int, int]:
        """Set each note file's related notes; returns (links, missing targets)."""
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

        links = missing = 0
        wanted: dict[Note, set[int]] = {}
        for item, note in zip(items, notes, strict=True):
            if item.related is None:
                continue
            found = {pk_by_key[key] for key in item.related if key in pk_by_key}
            missing += sum(key not in pk_by_key for key in item.related)
            found.discard(note.pk)
            links += len(found)
            if found != current[note.pk]:
                wanted[note] = found
        notes_set_related(related=wanted)
        return links, missing


def _paper_key(item: ImportItem) -> tuple[int, int, str]:
    content = item.content
    return (content.venue.pk, content.area.pk, content.slug)


def _texts(item: ImportItem) -> tuple[str, str]:
    return (item.content.summary, item.content.body)


def _errors_text(errors: list[SourceError]) -> str:
    lines = [str(error) for error in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        lines.append(f"… and {len(errors) - ERRORS_SHOWN} more errors.")
    if len(errors) > 1:
        lines.append(f"{len(errors)} errors; nothing was written.")
    return "\n".join(lines)


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
