"""Imports: a parsed listing, and new notes by the thousand.

`listing_import` writes a parsed listing page note by note through
`note_upsert`; `notes_bulk_create` writes what note_upsert writes for papers
never seen, in a few queries per batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from catalog.markup import render_markdown
from catalog.models import (
    Note,
    NoteEvent,
    NoteRevision,
    Paper,
    TaggedKeyword,
    TaggedTopic,
    Venue,
)
from catalog.notedata import NOTE_DATA_FIELDS, PAPER_FIELDS, NoteContent
from catalog.services.history import moment_text
from catalog.services.notes import note_upsert, note_values
from catalog.services.public import public_content_changed
from catalog.services.registry import area_ensure, venue_ensure
from catalog.services.related import pending_related_resolve
from notes_cms.logs import log_event

if TYPE_CHECKING:
    from catalog.importers.listing import Listing

RenderMap = Callable[[Callable[[str], str], Iterable[str]], Iterable[str]]


@transaction.atomic
def notes_bulk_create(
    *,
    contents: Sequence[NoteContent],
    status: str = Note.Status.PUBLISHED,
    render_map: RenderMap = map,
    log_events: bool = True,
) -> list[Note]:
    """Create new papers and their notes in a few queries per batch.

    Writes what `note_upsert` writes for a paper it has never seen (paper,
    keywords, note with its rendered HTML, topics) for a bulk load such as the
    synthetic corpus, where a dozen queries per note would take hours; links
    waiting for their addresses are resolved, as note_upsert does. Every
    paper must be new: a slug already used in its listing is refused.
    `render_map` maps the Markdown renderer over the texts; a process pool's
    `map` renders on every core and gives the same HTML. Each "imported" event
    is logged once committed, as any event is, unless `log_events` is false.
    """
    keys = [(c.venue.pk, c.area.pk, c.slug) for c in contents]
    taken = set(
        Paper.objects.filter(slug__in={key[2] for key in keys}).values_list(
            "venue_id", "area_id", "slug"
        )
    )
    repeated = [key for key, count in Counter(keys).items() if count > 1]
    clashes = [key for key in keys if key in taken] + repeated
    if clashes:
        raise ValidationError(
            f"A paper with the slug {clashes[0][2]} is already in its listing "
            "(or twice in this batch): bulk creation only adds new papers."
        )
    papers = []
    for content in contents:
        paper = Paper(venue=content.venue, area=content.area, slug=content.slug)
        for name in PAPER_FIELDS:
            setattr(paper, name, getattr(content, name))
        # The listing's own rows, so no query per paper to check the keys.
        paper.clean_fields(exclude=["venue", "area"])
        papers.append(paper)
    html = iter(
        list(
            render_map(
                render_markdown,
                [text for c in contents for text in (c.summary, c.body)],
            )
        )
    )
    now = timezone.now()
    notes = []
    for content, paper in zip(contents, papers, strict=True):
        note = Note(
            paper=paper,
            status=status,
            is_live=status == Note.Status.PUBLISHED,
            summary_html=next(html),
            body_html=next(html),
            published_at=content.published_at
            or (now if status == Note.Status.PUBLISHED else None),
            **note_values(content),
        )
        note.clean_fields(exclude=["paper"])
        note.clean()
        notes.append(note)
    Paper.objects.bulk_create(papers)
    for note in notes:
        note.paper = note.paper  # Sets paper_id now that the paper has one.
    Note.objects.bulk_create(notes)
    rows = list(zip(papers, notes, contents, strict=True))
    _tags_bulk_add(TaggedKeyword, [(paper, c.keywords) for paper, _note, c in rows])
    _tags_bulk_add(TaggedTopic, [(note, c.topics or []) for _paper, note, c in rows])
    _imports_record(rows, log_events=log_events)
    live = [note for note in notes if note.is_live]
    if live:
        public_content_changed(notes=live)
    pending_related_resolve(notes=notes)
    return notes


def _imports_record(
    rows: list[tuple[Paper, Note, NoteContent]], *, log_events: bool
) -> None:
    """Revision 1 and the "imported" event of each new note, as note_upsert."""
    # Rows by ids, not instances: setting a relation to an instance costs
    # more than the row, and there are tens of thousands in an import.
    revisions = NoteRevision.objects.bulk_create(
        NoteRevision(
            note_id=note.pk,
            number=1,
            data={
                **{name: getattr(paper, name) for name in PAPER_FIELDS},
                "keywords": sorted(set(content.keywords)),
                **{name: getattr(note, name) for name in NOTE_DATA_FIELDS},
                "topics": sorted(set(content.topics or [])),
                "related": [],
                "published_at": moment_text(note.published_at),
            },
            message="Imported from the source",
        )
        for paper, note, content in rows
    )
    notes = [note for _paper, note, _content in rows]
    for note, revision in zip(notes, revisions, strict=True):
        note.current_revision = revision
        note.live_revision = revision if note.is_live else None
    # One UPDATE reading each note's revision 1, rather than bulk_update's
    # CASE of one branch per note.
    first = NoteRevision.objects.filter(note=OuterRef("pk"), number=1).values("pk")
    for is_live in {note.is_live for note in notes}:
        Note.objects.filter(
            pk__in=[note.pk for note in notes if note.is_live == is_live]
        ).update(
            current_revision=Subquery(first),
            live_revision=Subquery(first) if is_live else None,
        )
    events = NoteEvent.objects.bulk_create(
        NoteEvent(
            note_id=note.pk,
            action="imported",
            to_status=note.status,
            revision_id=revision.pk,
        )
        for note, revision in zip(notes, revisions, strict=True)
    )
    if log_events:
        # bulk_create sends no post_save signal, which logs the others.
        for event in events:
            log_event(event)


def _tags_bulk_add(through, tagged: list[tuple[object, list[str]]]) -> None:
    """Tag each object with its names, creating missing tags as taggit does."""
    tag_model = through.tag_model()
    names = {name for _obj, wanted in tagged for name in wanted}
    tags = {tag.name: tag for tag in tag_model.objects.filter(name__in=names)}
    slugs = {name: tag_model().slugify(name) for name in names - tags.keys()}
    taken = set(
        tag_model.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True)
    )
    fresh, clashing = [], []
    for name in sorted(slugs):
        if slugs[name] in taken:
            clashing.append(name)
        else:
            taken.add(slugs[name])
            fresh.append(tag_model(name=name, slug=slugs[name]))
    tags.update((tag.name, tag) for tag in tag_model.objects.bulk_create(fresh))
    for name in clashing:
        # Rare: taggit's save() finds the next free slug, as it always does.
        tags[name] = tag_model.objects.create(name=name)
    ids = {name: tag.pk for name, tag in tags.items()}
    _rows_insert(
        through,
        ["content_object", "tag"],
        [
            (obj.pk, ids[name])
            for obj, wanted in tagged
            for name in dict.fromkeys(wanted)
        ],
    )


def _rows_insert(model, field_names: list[str], rows: list[tuple]) -> None:
    """INSERT plain rows of values in one executemany, for link tables whose
    rows are two ids: an import adds ten of them per note, and bulk_create
    spends more on building and compiling each row than the database does on
    storing it. No signal is lost: bulk_create sends none either."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({values})",
            rows,
        )


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
