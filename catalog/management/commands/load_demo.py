"""Load the demo: the registry and the bundled ICML2025 LLM Safety listing.

    python manage.py load_demo [--with-users]

The listing's 41 notes are published with the topics an editor curated for
them (catalog/demo/icml2025_llm_safety_topics.json). `--with-users` also
creates a demo editor and a demo moderator and prints their credentials.
Safe to run twice. The work is `catalog.services.demo`.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.services import demo_load, demo_users_create


class Command(BaseCommand):
    help = "Load the registry and the demo listing (ICML2025 LLM Safety)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create demo editor, moderators and admin, and print passwords.",
        )

    @transaction.atomic
    def handle(self, *args, with_users: bool, **options):
        counts = demo_load()
        self.stdout.write(
            "Demo listing {venue}/{area}: created {created}, updated {updated}, "
            "unchanged {unchanged} notes.".format(**counts)
        )
        if with_users:
            self.stdout.write("Demo accounts (log in at /admin/):")
            for username, password in demo_users_create():
                self.stdout.write(f"  {username:<11} {password}")
