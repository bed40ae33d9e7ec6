"""Import the MkDocs source tree of the old site as published notes.

    python manage.py import_mkdocs DOCS_DIR [--dry-run] [--strict] [--workers N]

Reads the home page `index.md`, the venue pages `<VENUE>/index.md`, every
`<VENUE>/<area>/index.md` listing and every note file `<VENUE>/<area>/<slug>.md`
first; any file it cannot read stops the import before anything is written,
and the error names the file and line. What it reads but cannot use (a `TBD`
rating, a folder nothing names, …) is printed as a warning with its file and
line; `--strict` refuses those too. Then it writes in one transaction: the
venues, area groups and areas the pages define (reported as created or
updated), then every note, published: notes already there that
changed get a revision of the change, new ones are written in bulk with their
Markdown rendered by worker processes (one per core). Last, it points each
note file's related links at the notes that exist afterwards; the others are
kept until their notes are imported.

A listing entry without its note file becomes a summary-only note; a note file
without an entry is imported from its path; when both exist the note file wins
and the listing fills its gaps. Notes in the database but not in the tree are
left alone. Safe to run twice: the second run changes nothing. The work is
`catalog.services.tree_import`.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.importers.mkdocs import SourceWarning
from catalog.services import tree_import, tree_read

PROGRESS_EVERY = 500


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
            "--strict",
            action="store_true",
            help="Refuse the tree if anything was read with a warning (a TBD "
            "rating, a folder nothing names, …); nothing is written.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes rendering new notes' Markdown (default: one per core).",
        )

    def handle(
        self,
        *args,
        docs_dir: Path,
        dry_run: bool,
        strict: bool,
        workers: int,
        **options,
    ) -> None:
        self.verbosity = options["verbosity"]
        try:
            tree = tree_read(root=docs_dir, workers=workers)
            self._report_warnings(tree.warnings)
            if not tree.errors:
                self._say(
                    f"Read {tree.note_files} note files and {tree.listing_files} "
                    f"listings: {len(tree.items)} notes."
                )
            imported = tree_import(
                tree=tree,
                dry_run=dry_run,
                strict=strict,
                workers=workers,
                progress=self._progress,
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        summary = (
            f"created {imported.created}, updated {imported.updated}, "
            f"unchanged {imported.unchanged}, related links {imported.links} "
            f"({imported.missing} targets missing)"
        )
        if imported.registry is not None:
            written = imported.registry
            self.stdout.write(
                "Registry: "
                + "; ".join(
                    f"{kind} created {written.created[kind]}, "
                    f"updated {written.updated[kind]}"
                    for kind in ("venues", "groups", "areas")
                )
                + "."
            )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written; would have {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))

    def _say(self, message: str, level: int = 1) -> None:
        if self.verbosity >= level:
            self.stdout.write(message)

    def _report_warnings(self, warnings: list[SourceWarning]) -> None:
        if not warnings or self.verbosity < 1:
            return
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        self.stderr.write(
            f"{len(warnings)} warnings: things read but not used, or guessed "
            "(--strict refuses them)."
        )

    def _progress(self, done: int, total: int, key: str, outcome: str) -> None:
        if outcome != "unchanged":
            self._say(f"  {outcome} {key}", level=2)
        if done % PROGRESS_EVERY == 0:
            self._say(f"  {done}/{total} notes written")
