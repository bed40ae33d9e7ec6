"""Every write to the catalog that touches several rows goes through here.

Views, the admin, management commands and tests call these functions; each is
atomic and raises ValidationError with a message a person can act on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from catalog.markup import render_markdown
from catalog.models import Area, AreaGroup, Note, Paper, Venue

if TYPE_CHECKING:
    from catalog.importers.listing import Listing

PAPER_FIELDS = ("title", "arxiv_id", "paper_url", "code_url", "code_note", "area_label")
NOTE_TEXT_FIELDS = ("summary", "body")


@dataclass
class NoteContent:
    """Everything a source file says about one paper and its note."""

    venue: Venue
    area: Area
    slug: str
    title: str
    summary: str
    body: str = ""
    arxiv_id: str = ""
    paper_url: str = ""
    code_url: str = ""
    code_note: str = ""
    area_label: str = ""
    keywords: list[str] = field(default_factory=list)
    # None leaves the note's curated topics as they are.
    topics: list[str] | None = None
    # {"novelty": (4, "reason"), …} for the aspects the source rates.
    ratings: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    published_at: datetime | None = None


PUBLIC_VERSION_KEY = "catalog:public-version"


def public_version() -> int:
    """A number that changes whenever anything the public sees changes."""
    return cache.get_or_set(PUBLIC_VERSION_KEY, 1, timeout=None)


def public_content_changed(*, notes: Iterable[Note] = ()) -> None:
    """Every service that changes what the public sees calls this.

    It writes what derives from public content and, once the transaction
    commits, moves the public version on, so that cached pages and ETags of
    the old content are never served again.
    """

    def bump() -> None:
        try:
            cache.incr(PUBLIC_VERSION_KEY)
        except ValueError:  # Not cached yet, or evicted: any new value will do.
            cache.set(PUBLIC_VERSION_KEY, time.time_ns(), timeout=None)

    transaction.on_commit(bump)


def note_render(*, note: Note) -> None:
    """Write the derived HTML of a note's Markdown fields (not saved here)."""
    note.summary_html = render_markdown(note.summary)
    note.body_html = render_markdown(note.body)


@transaction.atomic
def note_save(*, note: Note, user) -> Note:
    """Save an editor's change to a note, with its HTML rendered anew."""
    if note.author_id is None and user is not None:
        note.author = user
    note_render(note=note)
    note.full_clean(exclude=["paper"])
    note.save()
    if note.is_live:
        public_content_changed(notes=[note])
    return note


def _rating_values(content: NoteContent) -> dict:
    values = {}
    for aspect, _label in Note.RATING_ASPECTS:
        score, reason = content.ratings.get(aspect, (None, ""))
        values[aspect] = score
        values[f"{aspect}_reason"] = reason
    return values


@transaction.atomic
def note_upsert(
    *, content: NoteContent, status: str = Note.Status.PUBLISHED
) -> tuple[Note, str]:
    """Create or update the paper and note a source describes.

    Returns the note and what happened to it: "created", "updated" or
    "unchanged". Safe to call twice with the same content.
    """
    paper = (
        Paper.objects.select_for_update()
        .filter(venue=content.venue, area=content.area, slug=content.slug)
        .first()
    )
    created = paper is None
    if created:
        paper = Paper(venue=content.venue, area=content.area, slug=content.slug)
    changed = created
    for name in PAPER_FIELDS:
        if getattr(paper, name) != getattr(content, name):
            setattr(paper, name, getattr(content, name))
            changed = True
    paper.full_clean()
    paper.save()
    if sorted(paper.keywords.names()) != sorted(set(content.keywords)):
        paper.keywords.set(content.keywords, clear=True)
        changed = True

    note = Note.objects.filter(paper=paper).first() if not created else None
    note_created = note is None
    if note_created:
        note = Note(paper=paper, status=status, is_live=status == Note.Status.PUBLISHED)
        changed = True
    values = {
        "summary": content.summary,
        "body": content.body,
        **_rating_values(content),
    }
    if note_created or any(getattr(note, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(note, name, value)
        note_render(note=note)
        changed = True
    if status == Note.Status.PUBLISHED and note.published_at is None:
        note.published_at = content.published_at or timezone.now()
        changed = True
    elif content.published_at and note.published_at != content.published_at:
        note.published_at = content.published_at
        changed = True
    if changed:
        note.full_clean(exclude=["paper"])
        note.save()
    if content.topics is not None and sorted(note.topics.names()) != sorted(
        set(content.topics)
    ):
        note.topics.set(content.topics, clear=True)
        changed = True

    if changed and note.is_live:
        public_content_changed(notes=[note])
    if created:
        return note, "created"
    return note, "updated" if changed else "unchanged"


@transaction.atomic
def note_set_related(*, note: Note, related: list[Note]) -> bool:
    """Point a note at its related notes; returns whether anything changed."""
    wanted = {other.pk for other in related if other.pk != note.pk}
    current = set(note.related.values_list("pk", flat=True))
    if wanted == current:
        return False
    note.related.set(wanted)
    if note.is_live:
        public_content_changed(notes=[note])
    return True


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


def area_ensure(*, name: str, emoji: str = "", slug: str | None = None) -> Area:
    """The area with this slug (or name); new areas go to the Others group."""
    area = (
        Area.objects.filter(slug=slug).first()
        if slug
        else Area.objects.filter(name=name).first()
    )
    if area is None:
        slug = slug or re.sub(r"\W+", "_", name.lower()).strip("_")
        group, _ = AreaGroup.objects.get_or_create(
            name="Others", defaults={"position": 999}
        )
        area, _ = Area.objects.get_or_create(
            slug=slug, defaults={"name": name, "emoji": emoji, "group": group}
        )
    return area


Progress = Callable[[int, int, str, str], None]


@transaction.atomic
def listing_import(
    *,
    listing: Listing,
    area_slug: str | None = None,
    curation: dict[str, dict[str, list[str]]] | None = None,
    progress: Progress | None = None,
) -> dict:
    """Write a parsed listing: one published note per entry.

    `curation` maps a title to the `topics` and `keywords` an editor chose.
    Returns counts of what happened, for the caller to report.
    """
    venue = venue_ensure(code=listing.venue_code, emoji=listing.venue_emoji)
    area = area_ensure(name=listing.area_name, emoji=listing.area_emoji, slug=area_slug)
    counts = {"venue": venue.code, "area": area.slug, "venues": 0}
    counts.update(created=0, updated=0, unchanged=0)
    for other in listing.other_venues:
        if not Venue.objects.filter(code=other.code).exists():
            venue_ensure(code=other.code, emoji=other.emoji)
            counts["venues"] += 1
    curation = curation or {}
    for number, entry in enumerate(listing.entries, start=1):
        chosen = curation.get(entry.title, {})
        _, outcome = note_upsert(
            content=NoteContent(
                venue=venue,
                area=area,
                slug=entry.slug,
                title=entry.title,
                summary=entry.summary,
                keywords=chosen.get("keywords", []),
                topics=chosen.get("topics"),
            )
        )
        counts[outcome] += 1
        if progress:
            progress(number, len(listing.entries), entry.slug, outcome)
    return counts
