"""Fill the database with a synthetic corpus shaped like the real one.

    python manage.py generate_corpus --notes 100000 --seed 1 [--workers 2]
    python manage.py generate_corpus --notes 15000 --seed 1 --tree OUT/docs

For benchmarks and scale tests. The registry's venues and 50 areas, listings
of very different sizes, topics and keywords with a long tail, and notes of
the real length (catalog.corpus). Notes are published and go through
`notes_bulk_create`, the service that writes what `note_upsert` writes, with
the same Markdown renderer run on every core (catalog.services.corpus).

Deterministic: note number i depends only on the seed and i, so the same seed
gives the same corpus and a larger --notes extends a smaller one. Safe to run
twice: notes already there are left alone, so an interrupted run resumes.

With --tree it writes the same notes as a source tree in the real format
instead (home page, venue pages, listings, notes; catalog.corpus.tree), into
an empty or new folder, for `import_mkdocs`. That reads and writes no rows:
the real site's 11 venues and 50 areas are held in memory.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.services import (
    CorpusPlan,
    corpus_plan,
    corpus_tree_plan,
    corpus_tree_write,
    corpus_write,
)


class Command(BaseCommand):
    help = (
        "Generate a synthetic published corpus shaped like the real one "
        "(deterministic per seed; notes already there are kept)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--notes", type=int, required=True, help="How many.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes writing and rendering notes (default: one per core).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the listing sizes it would write; write nothing.",
        )
        parser.add_argument(
            "--tree",
            type=Path,
            metavar="OUT_DIR",
            help="Write the notes as a source tree (a docs/ folder) into this "
            "empty or new folder instead of the database.",
        )

    def handle(
        self, *args, notes: int, seed: int, workers: int, dry_run, tree, **options
    ):
        self.verbosity = options["verbosity"]
        if notes < 0:
            raise CommandError("--notes cannot be negative.")
        if tree is not None:
            self._write_tree(notes=notes, seed=seed, root=tree, dry_run=dry_run)
            return
        try:
            plan = corpus_plan(notes=notes, seed=seed, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        todo = len(plan.todo)
        self._report_shape(plan)
        if dry_run:
            self.stdout.write(f"Dry run: would create {todo} notes.")
            return
        self.stdout.write(
            f"Creating {todo} notes ({notes - todo} already there) "
            f"with {workers} rendering process(es)…"
        )
        self.started = time.monotonic()
        corpus_write(plan=plan, workers=workers, progress=self._progress)
        elapsed = time.monotonic() - self.started
        rate = todo / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {todo} notes in {elapsed:.1f} s ({rate:.0f} notes/s)."
            )
        )

    def _write_tree(self, *, notes: int, seed: int, root: Path, dry_run) -> None:
        plan = corpus_tree_plan(notes=notes, seed=seed)
        self._report_shape(plan)
        if dry_run:
            self.stdout.write(f"Dry run: would write {notes} notes under {root}.")
            return
        self.started = time.monotonic()
        try:
            written = corpus_tree_write(
                plan=plan, root=root, progress=self._tree_progress
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        elapsed = time.monotonic() - self.started
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {written.notes} notes in {written.listings} listings, "
                f"{written.venues} venue pages and the home page under {root} "
                f"in {elapsed:.1f} s: {written.links} related links "
                f"({written.missing} to notes not in the tree), "
                f"{written.unrated} notes rated TBD."
            )
        )

    def _report_shape(self, plan: CorpusPlan) -> None:
        if not plan.keys:
            return
        sizes = plan.listing_sizes()
        ordered = sorted(sizes.values())
        self.stdout.write(
            f"{len(plan.keys)} notes in {len(sizes)} listings of "
            f"{len(plan.corpus.listings)}: "
            f"smallest {ordered[0]}, median {ordered[len(ordered) // 2]}, "
            f"largest {ordered[-1]} ({'/'.join(sizes.most_common(1)[0][0])})."
        )

    def _tree_progress(self, done: int, total: int) -> None:
        # Called after each listing: a line per thousand notes or so.
        if done == total or done // 1000 != getattr(self, "_shown", 0):
            self._shown = done // 1000
            self._progress(done, total)

    def _progress(self, done: int, total: int) -> None:
        if self.verbosity < 1:
            return
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        left = (total - done) / rate if rate else 0
        self.stdout.write(
            f"  {done:>7}/{total} notes · {rate:,.0f} notes/s · {left:,.0f} s left"
        )
