"""Write the published catalog back as an MkDocs source tree.

    python manage.py export_mkdocs OUT_DIR

For each venue and area with published notes: `<VENUE>/<area>/index.md`, the
listing as the old generator wrote it, and one `<slug>.md` per note, in the
format `import_mkdocs` reads (SOURCE-FORMAT.md). Note files also carry a
`topics:` list, so a round trip keeps the editors' curated topics.

Only what the public sees is written (`Note.objects.published()`); related
links to unpublished notes are left out. Files already in OUT_DIR are
overwritten when the export writes the same path and otherwise left alone.
The work is `catalog.services.tree_export`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from catalog.services import tree_export

PROGRESS_EVERY = 500


class Command(BaseCommand):
    help = (
        "Write published notes as an MkDocs docs tree: <VENUE>/<area>/index.md "
        "listings and one <slug>.md per note, readable by import_mkdocs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("out_dir", type=Path, help="Folder to write into.")

    def handle(self, *args, out_dir: Path, **options) -> None:
        self.verbosity = options["verbosity"]
        exported = tree_export(out_dir=out_dir, progress=self._progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {exported.notes} notes in {exported.listings} listings "
                f"to {out_dir}."
            )
        )

    def _progress(self, written: int, total: int) -> None:
        if self.verbosity >= 1 and written % PROGRESS_EVERY == 0:
            self.stdout.write(f"  {written}/{total} notes written")
