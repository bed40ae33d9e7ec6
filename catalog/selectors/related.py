"""A note's related papers, as its page's "Related Papers" section lists them.

The source's RELATED block links to notes by address. A link whose note is
here is one of the note's related notes (`Note.related`); a link to an address
no note holds yet is kept as a `PendingRelated` row with the source's text,
and becomes a related note when a note arrives there (services.related).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from catalog.models import Note, PendingRelated


class PendingLink(NamedTuple):
    """A related link to a paper not on the site yet: the source's text, and
    the address the note will have once it is imported."""

    text: str
    url: str


@dataclass(frozen=True)
class RelatedLinks:
    # Published related notes with their venue and area, by title.
    notes: list[Note]
    # In the order of the source's RELATED block.
    pending: list[PendingLink]

    def __bool__(self) -> bool:
        return bool(self.notes or self.pending)


def note_related_links(note: Note) -> RelatedLinks:
    """The related notes the public may open, and the links still waiting.

    Three queries. A pending link whose note has arrived but is not linked yet
    (it came in some way that does not resolve links) is shown as a note.
    """
    notes = list(note.related.published().for_listing().by_title())
    waiting = list(
        PendingRelated.objects.filter(note=note).only(
            "venue_code", "area_slug", "slug", "text"
        )
    )
    arrived: dict[tuple[str, str, str], Note] = {}
    if waiting:
        at = Q()
        for link in waiting:
            at |= Q(
                paper__venue__code=link.venue_code,
                paper__area__slug=link.area_slug,
                paper__slug=link.slug,
            )
        for other in Note.objects.published().for_listing().filter(at):
            paper = other.paper
            arrived[(paper.venue.code, paper.area.slug, paper.slug)] = other
    shown = {other.pk for other in notes}
    extra = [
        other
        for other in arrived.values()
        if other.pk not in shown and other.pk != note.pk
    ]
    if extra:
        notes = sorted([*notes, *extra], key=lambda n: (n.paper.title.lower(), n.pk))
    pending = [
        PendingLink(text=link.text or link.slug, url=_address(link))
        for link in waiting
        if link.key not in arrived
    ]
    return RelatedLinks(notes=notes, pending=pending)


def _address(link: PendingRelated) -> str:
    kwargs = {
        "venue": link.venue_code,
        "area_slug": link.area_slug,
        "note_slug": link.slug,
    }
    try:
        return reverse("catalog:note_detail", kwargs=kwargs)
    except NoReverseMatch:
        return f"/{link.venue_code}/{link.area_slug}/{link.slug}/"
