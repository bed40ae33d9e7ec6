"""Load the demo: the registry, the bundled ICML2025 LLM Safety listing and a
sample of the real site's source tree.

    python manage.py load_demo [--with-users]

The listing's 41 notes are published with the topics an editor curated for
them (catalog/demo/icml2025_llm_safety_topics.json). The sample tree
(catalog/demo/docs/: the real home page, the ECCV2024 venue page and the
AAAI2026 Knowledge Editing listing with one complete note) is imported as
`import_mkdocs` imports any tree: the venues, groups and areas of the home
page, in its order, and the listing's notes. `--with-users` also creates a
demo editor, moderators and an admin and prints their passwords. Safe to run
twice. The work is `catalog.services.demo`.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.services import demo_load, demo_users_create
from catalog.services.demo import DEMO_TREE


class Command(BaseCommand):
    help = (
        "Load the registry, the demo listing (ICML2025 LLM Safety) and a sample "
        "of the real site's tree (its home page, AAAI2026 Knowledge Editing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create demo editor, moderators and admin, and print passwords.",
        )

    @transaction.atomic
    def handle(self, *args, with_users: bool, **options):
        loaded = demo_load()
        self.stdout.write(
            "Demo listing {venue}/{area}: created {created}, updated {updated}, "
            "unchanged {unchanged} notes.".format(**loaded.listing)
        )
        tree = loaded.tree
        registry = tree.registry
        learned = (
            "; registry: "
            + ", ".join(
                f"{kind} created {registry.created[kind]}, "
                f"updated {registry.updated[kind]}"
                for kind in ("venues", "groups", "areas")
            )
            if registry is not None
            else ""
        )
        self.stdout.write(
            f"Demo tree {DEMO_TREE.relative_to(DEMO_TREE.parents[2])}: created "
            f"{tree.created}, updated {tree.updated}, unchanged {tree.unchanged} "
            f"notes{learned}."
        )
        for warning in loaded.warnings:
            self.stderr.write(f"warning: {warning}")
        if with_users:
            self.stdout.write("Demo accounts (log in at /admin/):")
            for username, password in demo_users_create():
                self.stdout.write(f"  {username:<11} {password}")
