"""The venues and areas the database knows, and the venue a note's text names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalog.importers.mkdocs.text import LINK
from catalog.models import Area, Venue


@dataclass
class Catalog:
    """The venues and areas the database knows, loaded once per import."""

    venues: dict[str, Venue]
    areas: dict[str, Area]
    # Normalised spelling (code, name or an editor-set spelling) → venue code.
    spellings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Catalog:
        venues = {venue.code: venue for venue in Venue.objects.all()}
        areas = {area.slug: area for area in Area.objects.all()}
        spellings: dict[str, str] = {}
        for venue in venues.values():
            for spelling in [venue.code, venue.name, *venue.spellings]:
                if isinstance(spelling, str):
                    spellings.setdefault(_spelling_key(spelling), venue.code)
        return cls(venues=venues, areas=areas, spellings=spellings)

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
