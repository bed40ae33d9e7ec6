"""The registry an import reads against, and the venue a note's text names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalog.importers.mkdocs.text import LINK, SourceWarning
from catalog.models import Area, AreaGroup, Venue


@dataclass
class Catalog:
    """The venues, groups and areas an import reads against, loaded once.

    `Catalog.load()` is the database's registry. catalog.services.registry
    plans one from the database and what a tree says: then the rows it adds
    (not saved yet) and changes are listed in `created` and `updated`, and
    saved before any note is written.
    """

    venues: dict[str, Venue]
    areas: dict[str, Area]
    # Normalised spelling (code, name or an editor-set spelling) → venue code.
    spellings: dict[str, str] = field(default_factory=dict)
    groups: dict[str, AreaGroup] = field(default_factory=dict)
    created: list[Venue | AreaGroup | Area] = field(default_factory=list)
    updated: list[Venue | AreaGroup | Area] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)

    @classmethod
    def load(cls) -> Catalog:
        catalog = cls(
            venues={venue.code: venue for venue in Venue.objects.all()},
            areas={area.slug: area for area in Area.objects.select_related("group")},
            groups={group.name: group for group in AreaGroup.objects.all()},
        )
        catalog.index_spellings()
        return catalog

    def index_spellings(self) -> None:
        """Index every venue's spellings (again, after venues were added)."""
        self.spellings.clear()
        for venue in self.venues.values():
            for spelling in [venue.code, venue.name, *venue.spellings]:
                if isinstance(spelling, str):
                    self.spellings.setdefault(_spelling_key(spelling), venue.code)

    def venue_code_for(self, text: str) -> str | None:
        """The venue a note's Conference line names (`ICML 2025`, `ICML2025`)."""
        for candidate in _venue_candidates(text):
            code = self.spellings.get(_spelling_key(candidate))
            if code is None:
                # The last resort the format allows: `ICML 2025` → `ICML2025`.
                code = self.spellings.get(_spelling_key(candidate.replace(" ", "")))
            if code is not None:
                return code
        return None


def _spelling_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _venue_candidates(text: str) -> list[str]:
    plain = LINK.sub(lambda m: m["text"], text).replace("**", "").strip()
    without_remark = re.sub(r"\s*[(\[].*?[)\]]", "", plain).strip()
    words = without_remark.split()
    return [plain, without_remark, " ".join(words[:2]), " ".join(words[:1])]
