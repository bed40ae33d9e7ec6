"""Fill the database with a synthetic corpus shaped like the real one.

    python manage.py generate_corpus --notes 100000 --seed 1 [--workers 2]

For benchmarks and scale tests. The registry's venues and 50 areas, listings
of very different sizes, topics and keywords with a long tail, and notes of
the real length (catalog.corpus). Notes are published and go through
`notes_bulk_create`, the service that writes what `note_upsert` writes, with
the same Markdown renderer run on every core (catalog.services.corpus).

Deterministic: note number i depends only on the seed and i, so the same seed
gives the same corpus and a larger --notes extends a smaller one. Safe to run
twice: notes already there are left alone, so an interrupted run resumes.
"""

from __future__ import annotations

import os
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.services import CorpusPlan, corpus_plan, corpus_write


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

    def handle(self, *args, notes: int, seed: int, workers: int, dry_run, **options):
        self.verbosity = options["verbosity"]
        if notes < 0:
            raise CommandError("--notes cannot be negative.")
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

    def _progress(self, done: int, total: int) -> None:
        if self.verbosity < 1:
            return
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        left = (total - done) / rate if rate else 0
        self.stdout.write(
            f"  {done:>7}/{total} notes · {rate:,.0f} notes/s · {left:,.0f} s left"
        )
