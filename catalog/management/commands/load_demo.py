"""Load the demo: the registry and the bundled ICML2025 LLM Safety listing.

    python manage.py load_demo [--with-users]

The listing's 41 notes are published with the topics an editor curated for
them (catalog/demo/icml2025_llm_safety_topics.json). `--with-users` also
creates a demo editor and a demo moderator and prints their credentials.
Safe to run twice.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.crypto import get_random_string

from catalog.importers.listing import parse_listing
from catalog.models import Area, AreaGroup, Venue
from catalog.registry import registry_load
from catalog.services import listing_import

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_LISTING = DEMO_DIR / "icml2025_llm_safety.txt"
DEMO_CURATION = DEMO_DIR / "icml2025_llm_safety_topics.json"

# (username, group, is a superuser)
DEMO_USERS = [
    ("editor", "Editors", False),
    ("moderator", "Moderators", False),
    ("moderator2", "Moderators", False),
    ("admin", None, True),
]


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
        registry_load(Venue, AreaGroup, Area)
        curation = json.loads(DEMO_CURATION.read_text(encoding="utf-8"))
        counts = listing_import(listing=parse_listing(DEMO_LISTING), curation=curation)
        self.stdout.write(
            "Demo listing {venue}/{area}: created {created}, updated {updated}, "
            "unchanged {unchanged} notes.".format(**counts)
        )
        if with_users:
            self._users()

    def _users(self) -> None:
        User = get_user_model()
        self.stdout.write("Demo accounts (log in at /admin/):")
        for username, group_name, is_superuser in DEMO_USERS:
            password = get_random_string(16)
            user, _ = User.objects.get_or_create(username=username)
            user.email = f"{username}@example.com"
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                user.groups.add(group)
            self.stdout.write(f"  {username:<11} {password}")
