"""The demo: the registry, the bundled ICML2025 LLM Safety listing, and the
accounts to try the editorial workflow with."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.crypto import get_random_string

from catalog.importers.listing import parse_listing
from catalog.models import Area, AreaGroup, Venue
from catalog.registry import registry_load
from catalog.services.imports import listing_import

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
DEMO_LISTING = DEMO_DIR / "icml2025_llm_safety.txt"
DEMO_CURATION = DEMO_DIR / "icml2025_llm_safety_topics.json"

# (username, group, is a superuser)
DEMO_USERS = [
    ("editor", "Editors", False),
    ("moderator", "Moderators", False),
    ("moderator2", "Moderators", False),
    ("admin", None, True),
]


@transaction.atomic
def demo_load() -> dict:
    """Load the registry and publish the listing's 41 notes with the topics an
    editor curated for them; returns listing_import's counts. Safe to run twice.
    """
    registry_load(Venue, AreaGroup, Area)
    curation = json.loads(DEMO_CURATION.read_text(encoding="utf-8"))
    return listing_import(listing=parse_listing(DEMO_LISTING), curation=curation)


@transaction.atomic
def demo_users_create() -> list[tuple[str, str]]:
    """The demo staff accounts with fresh passwords: (username, password)."""
    User = get_user_model()
    created = []
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
        created.append((username, password))
    return created
