"""Build catalog rows through the same services the site uses."""

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from catalog.importers.listing import slug_from_title
from catalog.models import Area, Note, Venue
from catalog.services import NoteContent, note_upsert

_sequence = count(1)


def make_note(
    *,
    venue: str | Venue = "ICML2025",
    area: str | Area = "llm_safety",
    title: str | None = None,
    summary: str = "A short summary of the paper.",
    body: str = "",
    topics: list[str] | None = None,
    keywords: list[str] | None = None,
    code_url: str = "",
    status: str = Note.Status.PUBLISHED,
    published_at: datetime | None = None,
    **paper_fields,
) -> Note:
    number = next(_sequence)
    title = title or f"Paper number {number}"
    if published_at is None and status == Note.Status.PUBLISHED:
        published_at = timezone.now() - timedelta(days=1, minutes=number)
    note, _ = note_upsert(
        content=NoteContent(
            venue=venue if isinstance(venue, Venue) else Venue.objects.get(code=venue),
            area=area if isinstance(area, Area) else Area.objects.get(slug=area),
            slug=paper_fields.pop("slug", None) or slug_from_title(title),
            title=title,
            summary=summary,
            body=body,
            code_url=code_url,
            topics=topics,
            keywords=keywords or [],
            published_at=published_at,
            **paper_fields,
        ),
        status=status,
    )
    return note
