"""The registry of venues and areas, as imports find them."""

from __future__ import annotations

import re

from catalog.models import Area, AreaGroup, Venue
from catalog.services.public import public_content_changed


def venue_ensure(*, code: str, emoji: str = "") -> Venue:
    """The venue with this code, added to the registry after the others if new."""
    venue = Venue.objects.filter(code=code).first()
    if venue is None:
        name = re.sub(r"(\d{4})$", r" \1", code)
        last = Venue.objects.order_by("-position").first()
        venue = Venue.objects.create(
            code=code,
            name=name,
            spellings=[name],
            emoji=emoji,
            year=int(code[-4:]),
            position=(last.position + 1) if last else 0,
        )
    return venue


def area_ensure(
    *, name: str, emoji: str = "", slug: str | None = None, group: str = "Others"
) -> Area:
    """The area with this slug (or name); a new area joins `group` (Others)."""
    area = (
        Area.objects.filter(slug=slug).first()
        if slug
        else Area.objects.filter(name=name).first()
    )
    if area is None:
        slug = slug or re.sub(r"\W+", "_", name.lower()).strip("_")
        group_row, _ = AreaGroup.objects.get_or_create(
            name=group, defaults={"position": 999}
        )
        area, created = Area.objects.get_or_create(
            slug=slug, defaults={"name": name, "emoji": emoji, "group": group_row}
        )
        if created:
            registry_changed()
    return area


def registry_changed() -> None:
    """The registry (venues, areas, groups, topics) changed: pages show it."""
    public_content_changed()
