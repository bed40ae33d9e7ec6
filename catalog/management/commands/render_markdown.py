"""Render every stored Markdown text anew.

    python manage.py render_markdown

Notes and reader submissions keep the HTML their Markdown gave when they were
saved. Run this after an upgrade that changes the Markdown rules (math, the
sanitiser), so that every page shows the new rendering: it rewrites only the
rows whose HTML changes, atomically, and the page caches follow. Safe to run
twice.
"""

from django.core.management.base import BaseCommand

from catalog.services import markdown_render_all


class Command(BaseCommand):
    help = "Render the Markdown of every note and submission anew."

    def handle(self, *args, **options):
        read, changed = markdown_render_all()
        self.stdout.write(
            self.style.SUCCESS(f"Rendered {read} texts anew; {changed} changed.")
        )
