"""Import a rendered listing page (the text of an area page) as published notes.

    python manage.py import_listing FILE [--area-slug SLUG] [--dry-run]

Venue and area come from the first lines; each title + summary becomes a
published note. Venues named in the "Same area in other venues" line are added
to the registry when missing, without inventing notes for them. Safe to run
twice; atomic: a file that cannot be read writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.importers.errors import SourceError
from catalog.importers.listing import parse_listing
from catalog.services import listing_import


class DryRun(Exception):
    """Raised to roll the transaction back after a dry run."""


class Command(BaseCommand):
    help = "Import a rendered listing page (area page text) as published notes."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The listing text file.")
        parser.add_argument(
            "--area-slug",
            help="Use this area slug instead of deriving it from the heading.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would change; write nothing.",
        )

    def handle(
        self, *args, file: Path, area_slug: str | None, dry_run: bool, **options
    ):
        self.verbosity = options["verbosity"]
        try:
            listing = parse_listing(file)
        except SourceError as error:
            raise CommandError(str(error)) from error
        try:
            with transaction.atomic():
                counts = listing_import(
                    listing=listing, area_slug=area_slug, progress=self._progress
                )
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(
            "{venue}/{area}: created {created}, updated {updated}, "
            "unchanged {unchanged} "
            "notes; {venues} venues added to the registry.".format(**counts)
        )

    def _progress(self, number: int, total: int, slug: str, outcome: str) -> None:
        if self.verbosity >= 2 or (self.verbosity and number % 500 == 0):
            self.stdout.write(f"  {number}/{total} {slug}: {outcome}")
