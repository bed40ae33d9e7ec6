"""The demo: the registry, the bundled ICML2025 LLM Safety listing, a sample
of the real site's source tree, and the accounts to try the editorial
workflow with.

The sample (catalog/demo/docs/, copied from the real source) is the site's
home page, which defines its venues, area groups and areas, the ECCV2024
venue page (the areas' emojis), and the AAAI2026 Knowledge Editing listing
with one complete note (sections, rating, related papers). It is imported by
the import service any tree goes through (services.tree_import).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.crypto import get_random_string

from catalog.importers.listing import parse_listing
from catalog.importers.mkdocs import SourceWarning
from catalog.models import Area, AreaGroup, Venue
from catalog.registry import registry_load
from catalog.services.imports import listing_import
from catalog.services.tree_import import TreeImported, tree_import, tree_read

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
DEMO_LISTING = DEMO_DIR / "icml2025_llm_safety.txt"
DEMO_CURATION = DEMO_DIR / "icml2025_llm_safety_topics.json"
DEMO_TREE = DEMO_DIR / "docs"

# (username, group, is a superuser)
DEMO_USERS = [
    ("editor", "Editors", False),
    ("moderator", "Moderators", False),
    ("moderator2", "Moderators", False),
    ("admin", None, True),
]


@dataclass(frozen=True)
class DemoLoaded:
    # listing_import's counts for the seed listing.
    listing: dict
    tree: TreeImported
    # What the sample tree holds that the import read but did not use.
    warnings: list[SourceWarning]


@transaction.atomic
def demo_load() -> DemoLoaded:
    """Load the registry, publish the seed listing's 41 notes with the topics
    an editor curated for them, then import the sample tree. Safe to run twice.
    """
    registry_load(Venue, AreaGroup, Area)
    curation = json.loads(DEMO_CURATION.read_text(encoding="utf-8"))
    listing = listing_import(listing=parse_listing(DEMO_LISTING), curation=curation)
    tree = tree_read(root=DEMO_TREE)
    return DemoLoaded(
        listing=listing, tree=tree_import(tree=tree), warnings=tree.warnings
    )


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
