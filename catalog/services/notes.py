"""Notes as sources give them: create or update, render, rename.

`note_upsert` writes what an import or the corpus generator describes (a
`NoteContent`), keeping the history complete; `notes_unchanged` finds, in a
few queries, the notes an upsert would leave as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.markup import render_markdown
from catalog.models import (
    Area,
    Note,
    NoteRedirect,
    NoteRevision,
    Paper,
    Submission,
    TaggedKeyword,
    TaggedTopic,
    Venue,
)
from catalog.notedata import NOTE_DATA_FIELDS, PAPER_FIELDS, NoteContent, content_values
from catalog.services.history import (
    BULK_READ,
    event_record,
    moment_text,
    revision_add,
)
from catalog.services.public import public_content_changed
from catalog.services.related import pending_related_resolve


def note_render(*, note: Note) -> None:
    """Write the derived HTML of a note's Markdown fields (not saved here)."""
    note.summary_html = render_markdown(note.summary)
    note.body_html = render_markdown(note.body)


# Links that services set from rows they hold; checking that each still
# exists would cost a query per link on every save.
NOTE_CLEAN_EXCLUDE = [
    "paper",
    "author",
    "last_edited_by",
    "reviewer",
    "current_revision",
    "live_revision",
]


def note_values(content: NoteContent) -> dict:
    """The note columns a source sets: its texts and ratings."""
    values = content_values(content)
    return {name: values[name] for name in NOTE_DATA_FIELDS}


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
    # The venue and area are rows the caller holds, the slug was just looked
    # up under lock and Paper.clean() checks it again: each excluded check
    # would be one more query per imported note.
    paper.full_clean(exclude=["venue", "area"], validate_constraints=False)
    paper.save()
    if sorted(paper.keywords.names()) != sorted(set(content.keywords)):
        paper.keywords.set(content.keywords, clear=True)
        changed = True

    note = Note.objects.filter(paper=paper).first() if not created else None
    if note is not None:
        note.paper = paper  # Already loaded: spares a query per note.
    note_created = note is None
    if note_created:
        note = Note(paper=paper, status=status, is_live=status == Note.Status.PUBLISHED)
        changed = True
    values = note_values(content)
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
        # Note.clean() checks the ratings' range, and the links are rows the
        # services set: validating them would add a query each per note.
        note.full_clean(exclude=NOTE_CLEAN_EXCLUDE, validate_constraints=False)
        note.save()
    if content.topics is not None and sorted(note.topics.names()) != sorted(
        set(content.topics)
    ):
        note.topics.set(content.topics, clear=True)
        changed = True

    if changed:
        _note_record_import(note=note, content=content, created=note_created)
    if changed and note.is_live:
        public_content_changed(notes=[note])
    if note_created:
        pending_related_resolve(notes=[note])
    if created:
        return note, "created"
    return note, "updated" if changed else "unchanged"


# A note's columns computed from the others: the HTML and the search index.
DERIVED_COLUMNS = ("summary_html", "body_html", "search_vector", "search_head")


def notes_unchanged(
    *, contents: Sequence[NoteContent], status: str = Note.Status.PUBLISHED
) -> list[Note | None]:
    """For each content, its note if `note_upsert` would leave it unchanged.

    Compares what note_upsert compares, in three queries per 500 contents
    instead of a handful per note, so that an import of a tree that hardly
    changed need not upsert every note. None where note_upsert would create
    or change something (then call it: it writes and records the change).
    """
    found: list[Note | None] = []
    for start in range(0, len(contents), BULK_READ):
        chunk = contents[start : start + BULK_READ]
        notes = {
            (note.paper.venue_id, note.paper.area_id, note.paper.slug): note
            for note in Note.objects.select_related("paper")
            # What a reader sees and searches is derived from what is
            # compared, and is most of a row: PostgreSQL need not read it.
            .defer(*DERIVED_COLUMNS)
            .filter(paper__slug__in={content.slug for content in chunk})
        }
        keywords: dict[int, set[str]] = defaultdict(set)
        for paper_id, name in TaggedKeyword.objects.filter(
            content_object_id__in=[note.paper_id for note in notes.values()]
        ).values_list("content_object_id", "tag__name"):
            keywords[paper_id].add(name)
        topics: dict[int, set[str]] = defaultdict(set)
        for note_id, name in TaggedTopic.objects.filter(
            content_object_id__in=[note.pk for note in notes.values()]
        ).values_list("content_object_id", "tag__name"):
            topics[note_id].add(name)
        for content in chunk:
            note = notes.get((content.venue.pk, content.area.pk, content.slug))
            same = note is not None and not _upsert_changes(
                content=content,
                note=note,
                keywords=keywords[note.paper_id],
                topics=topics[note.pk],
                status=status,
            )
            found.append(note if same else None)
    return found


def _upsert_changes(
    *,
    content: NoteContent,
    note: Note,
    keywords: set[str],
    topics: set[str],
    status: str,
) -> bool:
    """Whether note_upsert would change this note (the same tests, in order)."""
    paper = note.paper
    if any(getattr(paper, name) != getattr(content, name) for name in PAPER_FIELDS):
        return True
    if keywords != set(content.keywords):
        return True
    values = note_values(content)
    if any(getattr(note, name) != value for name, value in values.items()):
        return True
    if status == Note.Status.PUBLISHED and note.published_at is None:
        return True
    if content.published_at and note.published_at != content.published_at:
        return True
    return content.topics is not None and topics != set(content.topics)


def _note_record_import(*, note: Note, content: NoteContent, created: bool) -> None:
    """Keep the history complete: an imported change is a revision too.

    Built from what the import just wrote, so it costs a few inserts and no
    reads for a new note. A live note's draft in progress is carried over
    the import as the newest revision, so the editor loses nothing.
    """
    data = {name: getattr(note.paper, name) for name in PAPER_FIELDS}
    data["keywords"] = sorted(set(content.keywords))
    data.update({name: getattr(note, name) for name in NOTE_DATA_FIELDS})
    if content.topics is not None:
        data["topics"] = sorted(set(content.topics))
    else:
        data["topics"] = [] if created else sorted(note.topics.names())
    data["related"] = (
        [] if created else sorted(note.related.values_list("pk", flat=True))
    )
    data["published_at"] = moment_text(note.published_at)
    draft_id = (
        note.current_revision_id
        if note.current_revision_id != note.live_revision_id
        else None
    )
    number = 1 if created else (note.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = NoteRevision.objects.create(
        note=note, number=number, data=data, message="Imported from the source"
    )
    pointers = {"current_revision": revision, "last_edited_by": None}
    if note.is_live:
        pointers["live_revision"] = revision
        if draft_id:
            draft = NoteRevision.objects.get(pk=draft_id)
            pointers["current_revision"] = NoteRevision.objects.create(
                note=note,
                number=number + 1,
                data=draft.data,
                created_by=draft.created_by,
                message=f"Draft of revision {draft.number} kept over the import",
            )
    for name, value in pointers.items():
        setattr(note, name, value)
    if not created:
        note.version += 1
    Note.objects.filter(pk=note.pk).update(version=note.version, **pointers)
    event_record(
        note=note,
        actor=None,
        action="imported",
        from_status="" if created else note.status,
        revision=revision,
    )


@transaction.atomic
def note_move(
    *, note: Note, venue: Venue, area: Area, slug: str, redirect: bool = True
) -> str:
    """Put the note's paper at a new place; returns its old address ("" if
    it was there already).

    With `redirect`, the old address answers with a permanent redirect.
    Earlier redirects keep pointing at the note, so every old address leads
    to the current one in a single hop; moving back to an old address takes
    it over again. The caller records the event.
    """
    paper = (
        Paper.objects.select_for_update(of=("self",))
        .select_related("venue", "area")
        .get(pk=note.paper_id)
    )
    slug = slug.strip()
    old = (paper.venue.code, paper.area.slug, paper.slug)
    if (venue.code, area.slug, slug) == old:
        return ""
    paper.venue, paper.area, paper.slug = venue, area, slug
    # Checks the slug's form and that no other paper of the listing has it.
    paper.full_clean()
    NoteRedirect.objects.filter(
        venue_code=venue.code, area_slug=area.slug, slug=slug
    ).delete()
    paper.save(update_fields=["venue", "area", "slug"])
    if redirect:
        NoteRedirect.objects.update_or_create(
            venue_code=old[0], area_slug=old[1], slug=old[2], defaults={"note": note}
        )
    note.paper = paper
    if note.is_live:
        public_content_changed(notes=[note])
    # Links that waited for the new address now lead here.
    pending_related_resolve(notes=[note])
    return "/{}/{}/{}/".format(*old)


@transaction.atomic
def note_rename(*, note: Note, slug: str) -> Note:
    """Give a note a new address at once; its old one answers with a 301.

    For scripts and tests, below the workflow: an editor renames a note by
    changing its address in a revision, which moves it when approved. The
    move is recorded as a revision (by nobody) and an event, so the working
    data names the address the note has; refused while a live note has
    unpublished changes, whose data would otherwise move it back.
    """
    asked = note
    note = Note.objects.select_related(
        "paper__venue", "paper__area", "current_revision"
    ).get(pk=note.pk)
    paper = note.paper
    if slug.strip() == paper.slug:
        raise ValidationError({"slug": "The note already has this address."})
    if note.is_live and note.current_revision_id != note.live_revision_id:
        raise ValidationError(
            "The note has unpublished changes: change its address in them and "
            "send them for review, or publish or reject them first."
        )
    moved_from = note_move(note=note, venue=paper.venue, area=paper.area, slug=slug)
    if note.current_revision_id:
        data = {**note.current_revision.data, "slug": note.paper.slug}
        data.setdefault("venue", paper.venue.code)
        data.setdefault("area", paper.area.slug)
        revision = revision_add(
            note=note, user=None, data=data, message=f"Renamed from {moved_from}"
        )
        pointers = {"current_revision": revision}
        if note.is_live:
            pointers["live_revision"] = revision
        Note.objects.filter(pk=note.pk).update(version=note.version + 1, **pointers)
        event_record(
            note=note,
            actor=None,
            action="renamed",
            from_status=note.status,
            reason=f"From {moved_from} to {note.get_absolute_url()}",
            revision=revision,
        )
    asked.paper = note.paper
    return asked


# What markdown_render_all reads of each model: its Markdown fields.
_RENDERED = ((Note, ("summary", "body"), ("is_live",)), (Submission, ("summary",), ()))


@transaction.atomic
def markdown_render_all() -> tuple[int, int]:
    """Render every note's and submission's stored Markdown anew.

    The HTML is derived when a text is saved; after the Markdown rules
    change (a new math rule, say), stored rows keep the old rendering until
    this runs. Writes only the rows whose HTML changes, and tells the page
    caches when a live note did. Returns (rows read, rows changed).
    """
    read = changed = 0
    live_changed = False
    for model, fields, extra in _RENDERED:
        html = [f"{field}_html" for field in fields]
        stale = []
        rows = model.objects.only("pk", *fields, *html, *extra)
        for row in rows.iterator(chunk_size=BULK_READ):
            read += 1
            fresh = [render_markdown(getattr(row, field)) for field in fields]
            if fresh != [getattr(row, name) for name in html]:
                for name, text in zip(html, fresh, strict=True):
                    setattr(row, name, text)
                stale.append(row)
                live_changed |= getattr(row, "is_live", False)
        model.objects.bulk_update(stale, html, batch_size=BULK_READ)
        changed += len(stale)
    if live_changed:
        public_content_changed()
    return read, changed
