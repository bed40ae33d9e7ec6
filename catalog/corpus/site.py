"""The real site's registry in memory: its 11 venues and 50 areas in their
groups and display order, as rows never saved.

The corpus written as a source tree needs no database: these rows stand in
for the ones a site holds (catalog.registry's, and the areas
vocabulary.EXTRA_AREAS adds), so the same seed gives the same tree on any
machine, and the same notes as `generate_corpus` writes into a site whose
registry holds just these.
"""

from __future__ import annotations

from catalog.corpus.vocabulary import EXTRA_AREAS
from catalog.models import Area, AreaGroup, Venue
from catalog.registry import AREAS, GROUPS, VENUES


def site_registry() -> tuple[list[Venue], list[Area]]:
    """Venues in display order, and the 50 areas by group, then as listed."""
    venues = [
        Venue(
            pk=position + 1,
            code=code,
            name=name,
            spellings=[name],
            emoji=emoji,
            year=year,
            position=position,
            is_current=is_current,
        )
        for position, (code, name, emoji, year, is_current) in enumerate(VENUES)
    ]
    groups = {
        name: AreaGroup(pk=position + 1, name=name, position=position)
        for position, name in enumerate(GROUPS)
    }
    listed = sorted([*AREAS, *EXTRA_AREAS], key=lambda area: GROUPS.index(area[3]))
    areas = [
        Area(
            pk=position + 1,
            slug=slug,
            name=name,
            emoji=emoji,
            group=groups[group],
            position=position,
        )
        for position, (slug, name, emoji, group) in enumerate(listed)
    ]
    return venues, areas
