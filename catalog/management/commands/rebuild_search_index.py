"""Rebuild the full-text search index of every note.

    python manage.py rebuild_search_index [--dry-run]

The services keep the index up to date note by note; this is for what they
do not see: a bulk load with raw SQL, a renamed topic or keyword, a restored
database. It indexes every live note anew and removes every other one, in
set-based SQL (one UPDATE on PostgreSQL, one INSERT … SELECT into the FTS5
table on SQLite), atomically. Safe to run twice.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from catalog.models import Note
from catalog.search import search_index_rebuild


class Command(BaseCommand):
    help = "Index every live note anew for full-text search."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many notes would be indexed, and change nothing.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to index (default: %(default)s).",
        )

    def handle(self, *args, dry_run: bool, database: str, **options):
        if dry_run:
            live = Note.objects.using(database).filter(is_live=True).count()
            self.stdout.write(f"Would index {live} live notes (dry run).")
            return
        started = time.perf_counter()
        with transaction.atomic(using=database):
            indexed = search_index_rebuild(using=database)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {indexed} live notes in {seconds:.1f} s.")
        )
