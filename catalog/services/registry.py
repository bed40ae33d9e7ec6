"""The registry of venues, area groups and areas, as imports find them.

`registry_plan` applies what a source tree says (catalog.importers.mkdocs.site)
to the registry without writing; `registry_write` saves it, which tree_import
does in the transaction that writes the notes. `venue_ensure` and
`area_ensure` add one venue or area a listing page names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.importers.mkdocs import Catalog, SiteRegistry, SourceWarning
from catalog.importers.mkdocs.site import OTHERS, merged_order
from catalog.models import Area, AreaGroup, Venue
from catalog.services.public import public_content_changed


def venue_ensure(*, code: str, emoji: str = "") -> Venue:
    """The venue with this code, added to the registry after the others if new."""
    venue = Venue.objects.filter(code=code).first()
    if venue is None:
        name = venue_name(code)
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


# What registry_write saved, by kind: "venues", "groups", "areas".
RegistryCounts = dict[str, int]


@dataclass(frozen=True)
class RegistryWritten:
    created: RegistryCounts
    updated: RegistryCounts

    def __bool__(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def registry_plan(*, registry: SiteRegistry) -> Catalog:
    """The database's registry with what a tree says applied, unsaved.

    The tree wins where it says something: the home page's cards give the
    venues' order (then the venues not on it, as they were) and which are
    current; its groups their order; its area tags each area's name and
    group; venue pages and listing headings the emojis. A folder nothing
    names is still a venue or an area, named from the folder, an area in
    "Others", with a warning. An area's position is its place in its group:
    the order the venue pages list areas in (the source generator's own,
    the order SOURCE-FORMAT.md lists the LLM group in), and where they leave
    it open, the registry's order so far, then the home page's. Not the
    cards' order of area tags alone: each card sorts them by its counts.
    Writes nothing: registry_write saves it.
    """
    catalog = Catalog.load()
    _plan_groups(catalog, registry)
    _plan_venues(catalog, registry)
    _plan_areas(catalog, registry)
    catalog.index_spellings()
    return catalog


@transaction.atomic
def registry_write(*, catalog: Catalog) -> RegistryWritten:
    """Save what registry_plan added and changed, groups first."""
    created = {kind: 0 for kind in _KINDS.values()}
    updated = dict(created)
    for model, kind in _KINDS.items():
        for counts, rows in ((created, catalog.created), (updated, catalog.updated)):
            for row in rows:
                if isinstance(row, model):
                    _checked(row).save()
                    counts[kind] += 1
    written = RegistryWritten(created=created, updated=updated)
    if written:
        registry_changed()
    return written


_KINDS = {AreaGroup: "groups", Venue: "venues", Area: "areas"}


def _checked(row: Venue | AreaGroup | Area) -> Venue | AreaGroup | Area:
    try:
        row.clean_fields(exclude=["group"])
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise ValidationError(f"{row._meta.verbose_name} {row}: {problems}") from None
    return row


def _put(catalog: Catalog, row, **values) -> None:
    """Set values on a planned row, listing it as created or updated."""
    if row.pk is None:
        for name, value in values.items():
            setattr(row, name, value)
        if not any(row is other for other in catalog.created):
            catalog.created.append(row)
        return
    changed = {n: v for n, v in values.items() if getattr(row, n) != v}
    for name, value in changed.items():
        setattr(row, name, value)
    if changed and not any(row is other for other in catalog.updated):
        catalog.updated.append(row)


def _group(catalog: Catalog, name: str) -> AreaGroup:
    """The planned group of that name; a new one goes after the others."""
    group = catalog.groups.get(name)
    if group is None:
        last = max((g.position for g in catalog.groups.values()), default=-1)
        group = catalog.groups[name] = AreaGroup(name=name)
        _put(catalog, group, position=last + 1)
    return group


def _plan_groups(catalog: Catalog, registry: SiteRegistry) -> None:
    if not registry.groups:
        return
    # The home page's groups in its order, then the others as they were;
    # Others, which takes what no group names, last unless the page says.
    rest = sorted(
        (g for g in catalog.groups.values() if g.name not in registry.groups),
        key=lambda g: (g.name == OTHERS, g.position, g.name),
    )
    names = [*registry.groups, *(g.name for g in rest)]
    if OTHERS not in names:
        names.append(OTHERS)
    for position, name in enumerate(names):
        group = catalog.groups.get(name) or AreaGroup(name=name)
        catalog.groups[name] = group
        _put(catalog, group, position=position)


def venue_name(code: str) -> str:
    """`ICML2025` → `ICML 2025`, the display name of a venue nobody named."""
    return re.sub(r"(\d{4})$", r" \1", code)


def _plan_venues(catalog: Catalog, registry: SiteRegistry) -> None:
    codes = list(dict.fromkeys([*registry.venues, *registry.venue_folders]))
    for code in codes:
        venue = catalog.venues.get(code)
        said = registry.venues.get(code)
        if venue is None:
            name = venue_name(code)
            venue = catalog.venues[code] = Venue(
                code=code, name=name, spellings=[name], year=int(code[-4:])
            )
            last = max((v.position for v in catalog.venues.values()), default=-1)
            _put(catalog, venue, position=last + 1, emoji="")
            if said is None:
                folder = registry.venue_folders[code]
                catalog.warnings.append(
                    SourceWarning(
                        folder.path,
                        1,
                        f"venue folder {code!r} is on no home page card, venue page "
                        f"or listing: imported as {name!r}",
                    )
                )
        if said is not None and said.emoji:
            _put(catalog, venue, emoji=said.emoji)
    if not registry.cards:
        return
    # The cards in their order, then every other venue as it was.
    rest = sorted(
        (v for v in catalog.venues.values() if v.code not in registry.cards),
        key=lambda v: (0, v.position, 0, v.code) if v.pk else (1, 0, -v.year, v.code),
    )
    ordered = [catalog.venues[code] for code in registry.cards] + rest
    for position, venue in enumerate(ordered):
        _put(
            catalog,
            venue,
            position=position,
            is_current=venue.code in registry.cards,
        )


def area_name(slug: str) -> str:
    """`dialogue` → `Dialogue`: the name of an area nobody named."""
    words = slug.replace("-", " ").replace("_", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)


def _plan_areas(catalog: Catalog, registry: SiteRegistry) -> None:
    slugs = list(dict.fromkeys([*registry.areas, *registry.area_folders]))
    known_at = {slug: area.position for slug, area in catalog.areas.items()}
    for slug in slugs:
        area = catalog.areas.get(slug)
        said = registry.areas.get(slug)
        name = said.name if said and said.name else None
        group = said.group if said and said.group else None
        if area is None:
            if name is None:
                folder = registry.area_folders[slug]
                catalog.warnings.append(
                    SourceWarning(
                        folder.path,
                        1,
                        f"area folder {slug!r} is named by no home page, venue page "
                        f"or listing: imported as {area_name(slug)!r} in {OTHERS}",
                    )
                )
            elif group is None:
                catalog.warnings.append(
                    SourceWarning(
                        said.path,
                        said.line,
                        f"area {slug!r} is on no home page card: put in {OTHERS}",
                    )
                )
            area = catalog.areas[slug] = Area(slug=slug)
            _put(catalog, area, name=name or area_name(slug), emoji="")
            area.group = _group(catalog, group or OTHERS)
        if name:
            _put(catalog, area, name=name)
        if said is not None and said.emoji:
            _put(catalog, area, emoji=said.emoji)
        if group is not None and (area.pk is None or area.group.name != group):
            _put(catalog, area, group=_group(catalog, group))

    home_at = {slug: i for i, slug in enumerate(registry.home_order)}

    def rank(slug: str) -> tuple:
        if slug in known_at:
            return (0, known_at[slug], slug)
        return (1, home_at.get(slug, len(home_at)), slug)

    members: dict[str, list[str]] = {}
    for slug, area in catalog.areas.items():
        members.setdefault(area.group.name, []).append(slug)
    for slugs_of_group in members.values():
        inside = set(slugs_of_group)
        orders = [[s for s in order if s in inside] for order in registry.area_orders]
        orders += [[slug] for slug in sorted(slugs_of_group, key=rank)]
        for position, slug in enumerate(merged_order(orders, key=rank)):
            _put(catalog, catalog.areas[slug], position=position)
