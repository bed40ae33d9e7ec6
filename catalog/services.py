"""Every write to the catalog that touches several rows goes through here.

Views, the admin, management commands and tests call these functions; each is
atomic and raises ValidationError with a message a person can act on.
"""

from __future__ import annotations

import copy
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalog.emails import notify_decision, notify_review_requested
from catalog.importers.listing import slug_from_title
from catalog.markup import render_markdown
from catalog.models import (
    Area,
    AreaGroup,
    Note,
    NoteEvent,
    NoteRedirect,
    NoteRevision,
    Paper,
    ReviewComment,
    Submission,
    TaggedKeyword,
    TaggedTopic,
    Topic,
    Venue,
)
from catalog.notedata import (
    LIST_FIELDS,
    NOTE_DATA_FIELDS,
    NOTE_TEXT_FIELDS,
    PAPER_FIELDS,
    REVISION_FIELDS,
    NoteContent,
    content_values,
)
from catalog.notedata import defaults as _fields_defaults
from catalog.search import search_index_notes
from notes_cms.logs import log_event

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from catalog.importers.listing import Listing

# Rows read per query by the bulk services.
BULK_READ = 500

PUBLIC_VERSION_KEY = "catalog:public-version"


def public_version() -> int:
    """A number that changes whenever anything the public sees changes."""
    # Not 1: after an eviction the version must not go back to an old value.
    return cache.get_or_set(PUBLIC_VERSION_KEY, time.time_ns, timeout=None)


def public_content_changed(*, notes: Iterable[Note] = ()) -> None:
    """Every service that changes what the public sees calls this.

    It writes what derives from public content and, once the transaction
    commits, moves the public version on, so that cached pages and ETags of
    the old content are never served again.
    """
    search_index_notes(notes)
    transaction.on_commit(public_version_bump)


def public_version_bump() -> None:
    """Move the public version on now (services use public_content_changed)."""
    try:
        cache.incr(PUBLIC_VERSION_KEY)
    except ValueError:  # Not cached yet, or evicted: any new value will do.
        cache.set(PUBLIC_VERSION_KEY, time.time_ns(), timeout=None)


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


def _note_values(content: NoteContent) -> dict:
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
    values = _note_values(content)
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
    if created:
        return note, "created"
    return note, "updated" if changed else "unchanged"


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
            for note in Note.objects.select_related("paper").filter(
                paper__slug__in={content.slug for content in chunk}
            )
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
    values = _note_values(content)
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
    data["published_at"] = _iso(note.published_at)
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
    _event_record(
        note=note,
        actor=None,
        action="imported",
        from_status="" if created else note.status,
        revision=revision,
    )


@transaction.atomic
def note_set_related(*, note: Note, related: list[Note]) -> bool:
    """Point a note at its related notes; returns whether anything changed."""
    wanted = {other.pk for other in related if other.pk != note.pk}
    current = set(note.related.values_list("pk", flat=True))
    if wanted == current:
        return False
    note.related.set(wanted)
    if note.current_revision_id:
        # The links are part of the note's text: keep the history in step.
        data = {**note_snapshot(note=note), "related": sorted(wanted)}
        revision = _revision_add(
            note=note, user=None, data=data, message="Related notes linked"
        )
        pointers = {"current_revision": revision}
        if note.is_live and note.live_revision_id == note.current_revision_id:
            pointers["live_revision"] = revision
        Note.objects.filter(pk=note.pk).update(**pointers)
        for name, value in pointers.items():
            setattr(note, name, value)
    if note.is_live:
        # Links are not searched: the index stays as it is.
        public_content_changed()
    return True


@transaction.atomic
def notes_set_related(*, related: dict[Note, set[int]]) -> int:
    """`note_set_related` for many notes: each note's related notes (by id).

    Writes what note_set_related writes (the links, a "Related notes linked"
    revision, the public version) in a few queries per 500 notes, for an
    import that links thousands. Returns how many notes changed.
    """
    changed = 0
    notes = list(related)
    for start in range(0, len(notes), BULK_READ):
        changed += _notes_relate(
            {
                note: related[note] - {note.pk}
                for note in notes[start : start + BULK_READ]
            }
        )
    return changed


def _notes_relate(wanted: dict[Note, set[int]]) -> int:
    through = Note.related.through
    rows = through.objects.filter(from_note_id__in=[note.pk for note in wanted])
    current: dict[int, dict[int, int]] = defaultdict(dict)
    for pk, source, target in rows.values_list("pk", "from_note_id", "to_note_id"):
        current[source][target] = pk
    notes = [note for note in wanted if wanted[note] != current[note.pk].keys()]
    if not notes:
        return 0
    # As related.set() does: remove the links no longer wanted, add the new.
    through.objects.filter(
        pk__in=[
            pk
            for note in notes
            for target, pk in current[note.pk].items()
            if target not in wanted[note]
        ]
    ).delete()
    through.objects.bulk_create(
        through(from_note_id=note.pk, to_note_id=target)
        for note in notes
        for target in sorted(wanted[note] - current[note.pk].keys())
    )
    # The history, as note_set_related keeps it, from the pointers as they are
    # in the database.
    state = {
        pk: (current_id, live_id)
        for pk, current_id, live_id in Note.objects.filter(
            pk__in=[note.pk for note in notes]
        ).values_list("pk", "current_revision_id", "live_revision_id")
    }
    data = dict(
        NoteRevision.objects.filter(
            pk__in=[current_id for current_id, _live in state.values()]
        ).values_list("pk", "data")
    )
    last = dict(
        NoteRevision.objects.filter(note__in=notes)
        .values("note")
        .annotate(number=Max("number"))
        .values_list("note", "number")
    )
    revised = [note for note in notes if state[note.pk][0] is not None]
    revisions = NoteRevision.objects.bulk_create(
        NoteRevision(
            note=note,
            number=last[note.pk] + 1,
            data={
                **_fields_defaults(),
                **data[state[note.pk][0]],
                "related": sorted(wanted[note]),
            },
            message="Related notes linked",
        )
        for note in revised
    )
    # A live note whose live revision is its newest keeps showing the newest.
    follows = {
        note.pk
        for note in revised
        if note.is_live and state[note.pk][0] == state[note.pk][1]
    }
    for note, revision in zip(revised, revisions, strict=True):
        note.current_revision = revision
        if note.pk in follows:
            note.live_revision = revision
    newest = Subquery(
        NoteRevision.objects.filter(note=OuterRef("pk"))
        .order_by("-number")
        .values("pk")[:1]
    )
    Note.objects.filter(pk__in=follows).update(
        current_revision=newest, live_revision=newest
    )
    Note.objects.filter(
        pk__in=[note.pk for note in revised if note.pk not in follows]
    ).update(current_revision=newest)
    if any(note.is_live for note in notes):
        # Links are not searched: the index stays as it is. (Indexing 11,000
        # notes again took 17 s of PostgreSQL's time.)
        public_content_changed()
    return len(notes)


@transaction.atomic
def note_rename(*, note: Note, slug: str) -> Note:
    """Give a note a new address; its old one answers with a permanent redirect.

    Earlier redirects keep pointing at the note, so every old address leads to
    the current one in a single hop. Renaming back to an old address takes it
    over again.
    """
    paper = (
        Paper.objects.select_for_update()
        .select_related("venue", "area")
        .get(pk=note.paper_id)
    )
    slug = slug.strip()
    if slug == paper.slug:
        raise ValidationError({"slug": "The note already has this address."})
    old_slug = paper.slug
    paper.slug = slug
    # Checks the slug's form and that no other paper of the listing has it.
    paper.full_clean()
    place = {"venue_code": paper.venue.code, "area_slug": paper.area.slug}
    NoteRedirect.objects.filter(**place, slug=slug).delete()
    paper.save(update_fields=["slug"])
    NoteRedirect.objects.update_or_create(
        **place, slug=old_slug, defaults={"note": note}
    )
    note.paper = paper
    if note.is_live:
        public_content_changed(notes=[note])
    return note


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
    synthetic corpus, where a dozen queries per note would take hours. Every
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
            **_note_values(content),
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
    return notes


def _imports_record(
    rows: list[tuple[Paper, Note, NoteContent]], *, log_events: bool
) -> None:
    """Revision 1 and the "imported" event of each new note, as note_upsert."""
    revisions = NoteRevision.objects.bulk_create(
        NoteRevision(
            note=note,
            number=1,
            data={
                **{name: getattr(paper, name) for name in PAPER_FIELDS},
                "keywords": sorted(set(content.keywords)),
                **{name: getattr(note, name) for name in NOTE_DATA_FIELDS},
                "topics": sorted(set(content.topics or [])),
                "related": [],
                "published_at": _iso(note.published_at),
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
        NoteEvent(note=note, action="imported", to_status=note.status, revision=rev)
        for note, rev in zip(notes, revisions, strict=True)
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
    through.objects.bulk_create(
        through(content_object=obj, tag=tags[name])
        for obj, wanted in tagged
        for name in dict.fromkeys(wanted)
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


# --- Editorial workflow: revisions, transitions, review -----------------------
#
# A note's working state lives in its newest revision (`current_revision`);
# the public reads the Note and Paper fields, which hold the live revision
# (`live_revision`) while `is_live` is true. Every function below locks the
# note's row, checks who is asking and what state the note is in, and records
# a NoteEvent, so the log tells the whole story.

PUBLISH_PERMISSION = "catalog.publish_note"
REVIEW_PERMISSION = "catalog.review_note"
EDIT_PERMISSION = "catalog.change_note"


def _fields_data(*, note: Note) -> dict:
    """The revision data of what the Note and Paper fields hold now."""
    paper = note.paper
    data = {name: getattr(paper, name) for name in PAPER_FIELDS}
    data["keywords"] = sorted(paper.keywords.names())
    data.update({name: getattr(note, name) for name in NOTE_DATA_FIELDS})
    data["topics"] = sorted(note.topics.names())
    data["related"] = sorted(note.related.values_list("pk", flat=True))
    data["published_at"] = _iso(note.published_at)
    return data


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def revision_published_at(data: dict) -> datetime | None:
    """The publication time a revision's data asks for, if any."""
    value = data.get("published_at")
    return datetime.fromisoformat(value) if value else None


def note_snapshot(*, note: Note) -> dict:
    """The note's working data, keyed as NoteRevision.data is.

    The newest revision's data; for a note saved before revisions existed,
    what its fields hold. Callers may change the returned dict freely.
    """
    # The pointer is read from the database: the caller's copy may be stale.
    revision = (
        NoteRevision.objects.filter(
            pk=Note.objects.filter(pk=note.pk).values("current_revision")[:1]
        )
        .only("data")
        .first()
    )
    if revision is not None:
        return {**_fields_defaults(), **revision.data}
    return _fields_data(note=note)


def _data_clean(*, note: Note, data: dict) -> dict:
    """Normalised revision data, or ValidationError naming each bad field."""
    unknown = sorted(set(data) - set(REVISION_FIELDS))
    if unknown:
        raise ValidationError(f"Notes have no field {', '.join(unknown)}.")
    clean = _fields_defaults()
    clean.update(data)
    for name in LIST_FIELDS:
        clean[name] = sorted({str(item).strip() for item in clean[name] or []} - {""})
    clean["related"] = sorted(
        {int(pk) for pk in clean["related"] or []} - {note.pk}, key=int
    )
    moment = clean["published_at"]
    if isinstance(moment, datetime):
        clean["published_at"] = _iso(moment)
    for name in (*PAPER_FIELDS, *NOTE_TEXT_FIELDS):
        clean[name] = clean[name] or ""
    for aspect, _label in Note.RATING_ASPECTS:
        score = clean[aspect]
        clean[aspect] = None if score in (None, "") else score
        clean[f"{aspect}_reason"] = clean[f"{aspect}_reason"] or ""
    # The models' own validation: URLs, lengths, required text, rating range.
    paper, candidate = note_with_data(note=note, data=clean)
    errors: dict[str, list[str]] = {}
    for instance, exclude in (
        (paper, ["venue", "area", "slug"]),
        (candidate, ["paper", "status", "version"]),
    ):
        try:
            instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    for aspect, _label in Note.RATING_ASPECTS:
        if clean[aspect] is not None:
            clean[aspect] = int(clean[aspect])
    return clean


def note_with_data(*, note: Note, data: dict) -> tuple[Paper, Note]:
    """Unsaved copies of the note and its paper holding `data`, HTML rendered.

    Tags and links are left out: they live in other tables.
    """
    data = {**_fields_defaults(), **data}
    paper = copy.copy(note.paper)
    for name in PAPER_FIELDS:
        setattr(paper, name, data[name])
    candidate = copy.copy(note)
    candidate.paper = paper
    for name in NOTE_DATA_FIELDS:
        setattr(candidate, name, data[name])
    note_render(note=candidate)
    return paper, candidate


def _data_write(*, note: Note, data: dict) -> None:
    """Write revision data into the note's fields, tags and links (saved)."""
    data = {**_fields_defaults(), **data}
    paper, candidate = note_with_data(note=note, data=data)
    paper.save(update_fields=list(PAPER_FIELDS))
    paper.keywords.set(data["keywords"], clear=True)
    for name in (*NOTE_DATA_FIELDS, "summary_html", "body_html"):
        setattr(note, name, getattr(candidate, name))
    note.paper = paper
    note.topics.set(data["topics"], clear=True)
    note.related.set(Note.objects.filter(pk__in=data["related"]))


def note_allowed_actions(*, note: Note, user: User) -> set[str]:
    """The workflow buttons to show this person for this note.

    Only a guide for the admin: each service checks again and refuses.
    """
    can_edit = _has_perm(user, EDIT_PERMISSION)
    can_review = _has_perm(user, REVIEW_PERMISSION)
    can_publish = _has_perm(user, PUBLISH_PERMISSION)
    in_review = note.status == Note.Status.IN_REVIEW
    actions = set()
    if can_edit:
        actions.update({"revert", "share_preview"})
        if note.current_revision_id and note.status in (
            Note.Status.DRAFT,
            Note.Status.CHANGES_REQUESTED,
            Note.Status.ARCHIVED,
        ):
            actions.add("submit")
    if in_review and can_publish:
        if user.pk in note_contributors(note=note):
            actions.add("approve_blocked")
        else:
            actions.add("approve")
    if in_review and can_review:
        actions.update({"request_changes", "reject"})
        if note.reviewer_id is None:
            actions.add("claim")
    if note.reviewer_id and (note.reviewer_id == user.pk or user.is_superuser):
        actions.add("unclaim")
    if can_review:
        actions.add("comment")
    if note.is_live and can_publish:
        actions.add("unpublish")
    if (
        not note.is_live
        and note.status in (Note.Status.DRAFT, Note.Status.CHANGES_REQUESTED)
        and (can_review or note.author_id == user.pk)
    ):
        actions.add("archive")
    return actions


def _note_lock(note: Note) -> Note:
    """The note's row, locked until the transaction ends, fresh from the DB."""
    return (
        Note.objects.select_for_update(of=("self",))
        .select_related("paper", "current_revision", "live_revision")
        .get(pk=note.pk)
    )


def _revision_add(
    *, note: Note, user: User | None, data: dict, message: str = ""
) -> NoteRevision:
    last = note.revisions.aggregate(number=Max("number"))["number"] or 0
    return NoteRevision.objects.create(
        note=note, number=last + 1, data=data, created_by=user, message=message[:300]
    )


def _event_record(
    *,
    note: Note,
    actor: User | None,
    action: str,
    from_status: str = "",
    reason: str = "",
    revision: NoteRevision | None = None,
) -> NoteEvent:
    return NoteEvent.objects.create(
        note=note,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=note.status,
        reason=reason,
        revision=revision,
    )


def _who(user: User | None) -> str:
    return user.get_username() if user else "the importer"


def note_stale_message(*, note: Note) -> str:
    """Who saved the note last and when: why a stale edit is refused."""
    revision = note.current_revision
    who = _who(revision.created_by if revision else note.last_edited_by)
    when = timezone.localtime(revision.created_at if revision else note.updated_at)
    return (
        f"Saved by {who} at {when:%Y-%m-%d %H:%M:%S %Z} after you opened it. "
        "Your text is kept below: compare it with theirs, then save again."
    )


def note_check_version(*, note: Note, expected_version: int) -> None:
    """Refuse an edit made on an older version than the note's current one."""
    if note.version != expected_version:
        raise ValidationError(note_stale_message(note=note), code="stale")


@transaction.atomic
def note_revise(
    *,
    note: Note,
    user: User | None,
    changes: dict,
    expected_version: int | None = None,
    message: str = "",
    action: str = "revised",
) -> NoteRevision:
    """Store a new revision of the note: its working data with `changes`.

    A live note keeps showing its live revision to the public (draft over
    live) and its status becomes draft; a note that was never live mirrors the
    working text into its fields, where only the admin sees it. An edit made
    on a stale `expected_version` is refused and writes nothing. Pass
    `user=None` for text that no account wrote (a reader's suggestion) and
    credit its author in `message`. Returns the new revision, or the current
    one when `changes` change nothing.
    """
    if user is not None:
        _require(user, EDIT_PERMISSION, "Only editors and moderators change notes.")
    note = _note_lock(note)
    if expected_version is not None:
        note_check_version(note=note, expected_version=expected_version)
    before = note_snapshot(note=note)
    data = _data_clean(note=note, data={**before, **changes})
    if note.current_revision_id and data == before:
        return note.current_revision
    from_status = note.status
    if note.current_revision_id is None and action != "created":
        _note_baseline(note=note, data=before)
    revision = _revision_add(note=note, user=user, data=data, message=message)
    if not note.is_live:
        _data_write(note=note, data=data)
        note.published_at = revision_published_at(data)
    if note.status in (Note.Status.PUBLISHED, Note.Status.ARCHIVED):
        note.status = Note.Status.DRAFT
    note.current_revision = revision
    note.last_edited_by = user
    note.version += 1
    note.save()
    _event_record(
        note=note,
        actor=user,
        action=action,
        from_status="" if action == "created" else from_status,
        reason=message,
        revision=revision,
    )
    return revision


def _note_baseline(*, note: Note, data: dict) -> None:
    """Record a note written before the history began as its first revision.

    Its first edit then has something to be compared with, and a live note
    a published revision to show "changes since the published version".
    """
    baseline = _revision_add(
        note=note, user=None, data=data, message="Text before the history began"
    )
    note.current_revision = baseline
    if note.is_live:
        note.live_revision = baseline


def _has_perm(user: User | None, permission: str) -> bool:
    return bool(user and user.is_active and user.has_perm(permission))


def _require(user: User | None, permission: str, refusal: str) -> None:
    if not _has_perm(user, permission):
        raise PermissionDenied(refusal)


def note_contributors(*, note: Note) -> set[int]:
    """Ids of who wrote the note or changed it since it was last live."""
    people = {note.author_id, note.last_edited_by_id}
    pending = note.revisions.all()
    if note.live_revision_id:
        pending = pending.filter(number__gt=note.live_revision.number)
    people.update(pending.values_list("created_by", flat=True))
    return people - {None}


def _check_four_eyes(*, note: Note, moderator: User) -> None:
    if moderator.pk in note_contributors(note=note):
        raise PermissionDenied(
            "You wrote or edited this note, so another moderator must approve it "
            "(four-eyes rule)."
        )


@transaction.atomic
def note_publish_revision(
    *,
    note: Note,
    revision: NoteRevision,
    moderator: User,
    action: str = "approved",
    reason: str = "",
) -> Note:
    """Make `revision` (the note's newest) what the public sees.

    Copies its data into the live fields, renders the HTML, sets topics and
    keywords, marks the note live and published, records the event, emails
    the author once the transaction commits. Refused to anyone without the
    publish permission and to anyone who wrote or edited the note.
    """
    note = _note_lock(note)
    _require(moderator, PUBLISH_PERMISSION, "Only a moderator can publish a note.")
    if revision.note_id != note.pk:
        raise ValidationError("This revision belongs to another note.")
    if revision.pk != note.current_revision_id:
        raise ValidationError(
            f"Revision {revision.number} is no longer the newest; "
            "review the newest revision instead."
        )
    _check_four_eyes(note=note, moderator=moderator)
    from_status = note.status
    _data_write(note=note, data=revision.data)
    note.published_at = (
        revision_published_at(revision.data) or note.published_at or timezone.now()
    )
    note.is_live = True
    note.status = Note.Status.PUBLISHED
    note.live_revision = revision
    note.reviewer = None
    note.review_requested_at = None
    note.save()
    event = _event_record(
        note=note,
        actor=moderator,
        action=action,
        from_status=from_status,
        reason=reason,
        revision=revision,
    )
    notify_decision(note=note, event=event)
    public_content_changed(notes=[note])
    return note


def _refuse_unless(note: Note, *statuses: str, doing: str) -> None:
    if note.status not in statuses:
        allowed = " or ".join(Note.Status(status).label.lower() for status in statuses)
        raise ValidationError(
            f"Only a note that is {allowed} can be {doing}; "
            f"this one is {note.get_status_display().lower()}."
        )


def _reason_required(reason: str, doing: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            f"Say why you {doing}: the author reads the reason to revise the note."
        )
    return reason


def _check_revision_seen(*, note: Note, revision: NoteRevision | None) -> None:
    """Refuse a decision taken on a revision that is no longer the newest."""
    if revision is not None and revision.pk != note.current_revision_id:
        current = note.current_revision
        raise ValidationError(
            f"{_who(current.created_by)} saved revision {current.number} after you "
            "opened the review; look at the changes again before deciding."
        )


@transaction.atomic
def note_create(
    *,
    venue: Venue,
    area: Area,
    user: User,
    data: dict,
    slug: str = "",
    message: str = "",
) -> Note:
    """Start a new note, and its paper, as a draft only editors see."""
    _require(user, "catalog.add_note", "Only editors can write notes.")
    from catalog.importers.listing import slug_from_title

    slug = slug or slug_from_title(data.get("title", ""))
    paper = Paper(venue=venue, area=area, slug=slug, title=data.get("title", ""))
    try:
        paper.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    paper.save()
    note = Note.objects.create(
        paper=paper, author=user, last_edited_by=user, status=Note.Status.DRAFT
    )
    note_revise(note=note, user=user, changes=data, message=message, action="created")
    note.refresh_from_db()
    return note


@transaction.atomic
def note_submit(*, note: Note, user: User, message: str = "") -> Note:
    """Send the note's working revision to the moderators for review."""
    note = _note_lock(note)
    _require(user, EDIT_PERMISSION, "Only editors can send a note for review.")
    if note.status == Note.Status.PUBLISHED:
        raise ValidationError(
            "The published text is the newest revision: edit the note first, "
            "then send the new revision for review."
        )
    _refuse_unless(
        note,
        Note.Status.DRAFT,
        Note.Status.CHANGES_REQUESTED,
        Note.Status.ARCHIVED,
        doing="sent for review",
    )
    if note.current_revision_id is None:
        raise ValidationError("Save the note once before sending it for review.")
    from_status = note.status
    note.status = Note.Status.IN_REVIEW
    note.review_requested_at = timezone.now()
    note.save(update_fields=["status", "review_requested_at", "updated_at"])
    event = _event_record(
        note=note,
        actor=user,
        action="resubmitted"
        if from_status == Note.Status.CHANGES_REQUESTED
        else "submitted",
        from_status=from_status,
        reason=message.strip(),
        revision=note.current_revision,
    )
    notify_review_requested(note=note, event=event)
    return note


@transaction.atomic
def note_approve(
    *,
    note: Note,
    moderator: User,
    comment: str = "",
    revision: NoteRevision | None = None,
) -> Note:
    """Publish the revision in review (four-eyes checked).

    `revision` is the one the moderator looked at: if someone saved a newer
    one since, the approval is refused rather than publishing unseen text.
    """
    note = _note_lock(note)
    _require(moderator, PUBLISH_PERMISSION, "Only a moderator can approve a note.")
    _refuse_unless(note, Note.Status.IN_REVIEW, doing="approved")
    _check_revision_seen(note=note, revision=revision)
    return note_publish_revision(
        note=note,
        revision=note.current_revision,
        moderator=moderator,
        action="approved",
        reason=comment.strip(),
    )


@transaction.atomic
def note_request_changes(
    *,
    note: Note,
    moderator: User,
    reason: str,
    revision: NoteRevision | None = None,
) -> Note:
    """Send the note back to its author with what to change; the text stays."""
    note = _note_lock(note)
    _require(moderator, REVIEW_PERMISSION, "Only a moderator can request changes.")
    _refuse_unless(note, Note.Status.IN_REVIEW, doing="sent back for changes")
    _check_revision_seen(note=note, revision=revision)
    reason = _reason_required(reason, "request changes")
    note.status = Note.Status.CHANGES_REQUESTED
    note.review_requested_at = None
    note.save(update_fields=["status", "review_requested_at", "updated_at"])
    event = _event_record(
        note=note,
        actor=moderator,
        action="changes_requested",
        from_status=Note.Status.IN_REVIEW,
        reason=reason,
        revision=note.current_revision,
    )
    notify_decision(note=note, event=event)
    return note


@transaction.atomic
def note_reject(
    *,
    note: Note,
    moderator: User,
    reason: str,
    revision: NoteRevision | None = None,
) -> Note:
    """Decline the revision in review; it stays in the history.

    A note that was never live is archived. A live note goes back to its
    published text as a new revision, so the rejected draft stays one click
    away in the history (revert) and nothing the author wrote is lost.
    """
    note = _note_lock(note)
    _require(moderator, REVIEW_PERMISSION, "Only a moderator can reject a note.")
    _refuse_unless(note, Note.Status.IN_REVIEW, doing="rejected")
    _check_revision_seen(note=note, revision=revision)
    reason = _reason_required(reason, "reject it")
    rejected = note.current_revision
    if note.is_live and note.live_revision_id:
        # Nobody wrote the restored text anew: no author, so the four-eyes
        # rule does not count the moderator as an editor of the note.
        restored = _revision_add(
            note=note,
            user=None,
            data=note.live_revision.data,
            message=f"Back to the published text; revision {rejected.number} "
            f"rejected by {_who(moderator)}",
        )
        note.current_revision = restored
        note.version += 1
        note.status = Note.Status.PUBLISHED
    else:
        note.status = Note.Status.ARCHIVED
    note.review_requested_at = None
    note.reviewer = None
    note.save()
    event = _event_record(
        note=note,
        actor=moderator,
        action="rejected",
        from_status=Note.Status.IN_REVIEW,
        reason=reason,
        revision=rejected,
    )
    notify_decision(note=note, event=event)
    return note


@transaction.atomic
def note_unpublish(*, note: Note, moderator: User, reason: str = "") -> Note:
    """Take a live note off the public site; its text and history stay."""
    note = _note_lock(note)
    _require(moderator, PUBLISH_PERMISSION, "Only a moderator can unpublish a note.")
    if not note.is_live:
        raise ValidationError("This note is not on the public site.")
    from_status = note.status
    note.is_live = False
    note.status = Note.Status.ARCHIVED
    note.review_requested_at = None
    note.reviewer = None
    note.save()
    event = _event_record(
        note=note,
        actor=moderator,
        action="unpublished",
        from_status=from_status,
        reason=reason.strip(),
        revision=note.live_revision,
    )
    notify_decision(note=note, event=event)
    public_content_changed(notes=[note])
    return note


@transaction.atomic
def note_archive(*, note: Note, user: User, reason: str = "") -> Note:
    """Shelve a note that is not live: its author or a moderator may."""
    note = _note_lock(note)
    if not (_has_perm(user, REVIEW_PERMISSION) or note.author_id == user.pk):
        raise PermissionDenied("Only the note's author or a moderator can archive it.")
    if note.is_live:
        raise ValidationError("Unpublish the note first: it is on the public site.")
    _refuse_unless(
        note,
        Note.Status.DRAFT,
        Note.Status.CHANGES_REQUESTED,
        doing="archived",
    )
    from_status = note.status
    note.status = Note.Status.ARCHIVED
    note.save(update_fields=["status", "updated_at"])
    event = _event_record(
        note=note,
        actor=user,
        action="archived",
        from_status=from_status,
        reason=reason.strip(),
        revision=note.current_revision,
    )
    notify_decision(note=note, event=event)
    return note


@transaction.atomic
def note_revert(
    *,
    note: Note,
    user: User,
    revision: NoteRevision,
    expected_version: int | None = None,
) -> NoteRevision:
    """Make an earlier revision's text the working text, as a new revision."""
    if revision.note_id != note.pk:
        raise ValidationError("This revision belongs to another note.")
    return note_revise(
        note=note,
        user=user,
        changes=revision.data,
        expected_version=expected_version,
        message=f"Reverted to revision {revision.number}",
        action="reverted",
    )


@transaction.atomic
def note_claim(*, note: Note, moderator: User) -> Note:
    """Take a note in review: the queue shows it as yours."""
    note = _note_lock(note)
    _require(moderator, REVIEW_PERMISSION, "Only a moderator can claim a review.")
    _refuse_unless(note, Note.Status.IN_REVIEW, doing="claimed")
    if note.reviewer_id == moderator.pk:
        return note
    if note.reviewer_id is not None:
        raise ValidationError(
            f"{_who(note.reviewer)} already reviews this note; ask them to unclaim it."
        )
    note.reviewer = moderator
    note.save(update_fields=["reviewer", "updated_at"])
    _event_record(note=note, actor=moderator, action="claimed", from_status=note.status)
    return note


@transaction.atomic
def note_unclaim(*, note: Note, moderator: User) -> Note:
    """Give a claimed review back to the queue."""
    note = _note_lock(note)
    _require(moderator, REVIEW_PERMISSION, "Only a moderator can unclaim a review.")
    if note.reviewer_id is None:
        raise ValidationError("Nobody has claimed this review.")
    if note.reviewer_id != moderator.pk and not moderator.is_superuser:
        raise PermissionDenied(
            f"{_who(note.reviewer)} claimed this review; only they can unclaim it."
        )
    note.reviewer = None
    note.save(update_fields=["reviewer", "updated_at"])
    _event_record(
        note=note, actor=moderator, action="unclaimed", from_status=note.status
    )
    return note


@transaction.atomic
def review_comment_add(*, note: Note, moderator: User, text: str) -> ReviewComment:
    """Leave a remark on a note for its author to act on and resolve."""
    note = _note_lock(note)
    _require(
        moderator, REVIEW_PERMISSION, "Only a moderator can leave review comments."
    )
    text = text.strip()
    if not text:
        raise ValidationError("Write the comment before adding it.")
    comment = ReviewComment.objects.create(note=note, author=moderator, text=text)
    _event_record(
        note=note,
        actor=moderator,
        action="commented",
        from_status=note.status,
        reason=text,
        revision=note.current_revision,
    )
    return comment


@transaction.atomic
def review_comment_resolve(*, comment: ReviewComment, user: User) -> ReviewComment:
    """Mark a review comment as dealt with: the author or a moderator may."""
    note = _note_lock(comment.note)
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    may = note.author_id == user.pk or note.last_edited_by_id == user.pk
    if not (may or _has_perm(user, REVIEW_PERMISSION)):
        raise PermissionDenied(
            "Only the note's author or a moderator can resolve its comments."
        )
    if comment.resolved_at is not None:
        raise ValidationError("This comment is already resolved.")
    comment.resolved_at = timezone.now()
    comment.resolved_by = user
    comment.save(update_fields=["resolved_at", "resolved_by"])
    _event_record(
        note=note,
        actor=user,
        action="comment_resolved",
        from_status=note.status,
        reason=comment.text,
    )
    return comment


PREVIEW_SALT = "catalog.note-preview"
PREVIEW_MAX_AGE = timedelta(days=7)


def note_preview_token(*, note: Note, user: User) -> str:
    """A signed token that shows the note's working text to anyone, for 7 days."""
    _require(user, EDIT_PERMISSION, "Only editors can share a preview of a note.")
    token = signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(note.pk))
    _event_record(
        note=note,
        actor=user,
        action="preview_shared",
        from_status=note.status,
        reason="Preview link valid for 7 days",
        revision=note.current_revision,
    )
    return token


def note_from_preview_token(*, token: str) -> Note | None:
    """The note a preview token names, or None if it is forged or expired."""
    try:
        pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(
            token, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is one of these
        return None
    return Note.objects.filter(pk=pk).first()


# Reader submissions ------------------------------------------------------------
#
# A reader suggests a better summary for a note, or submits a note for a paper
# the site lacks; a moderator approves, rejects (with a reason) or marks it as
# spam. The reader is not a user: they are credited by the name they gave and
# told of the decision by email, after the commit, if they left an address.

SUBMISSION_STATUS_SALT = "catalog.submission-status"
DECIDE_SUBMISSION = "catalog.decide_submission"
# A new-style arXiv identifier, alone or at the end of an arxiv.org address.
ARXIV_ID = re.compile(r"(?:arXiv:)?(?P<id>\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_ARXIV_URL = re.compile(
    r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5})(?:v\d+)?"
    r"(?:\.pdf)?/?",
    re.IGNORECASE,
)


def arxiv_id_from_url(url: str) -> str:
    """The arXiv identifier of an arxiv.org abstract or PDF address, else ""."""
    match = _ARXIV_URL.fullmatch(url.strip())
    return match["id"] if match else ""


def submission_status_token(*, submission: Submission) -> str:
    """The signed key of a submission's status page: unguessable, never expires.

    The same for a submission every time, so every link to its page agrees.
    """
    return signing.Signer(salt=SUBMISSION_STATUS_SALT).sign(str(submission.pk))


def submission_from_token(*, token: str) -> Submission | None:
    """The submission a status token names, or None if the token is not ours."""
    try:
        pk = int(signing.Signer(salt=SUBMISSION_STATUS_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Submission.objects.select_related("note__paper__venue", "note__paper__area")
        .filter(pk=pk)
        .first()
    )


def submission_credit(*, submission: Submission) -> str:
    """How the site credits the submitter: their name, or "a reader"."""
    return submission.name or "a reader"


def submission_create(
    *,
    kind: str,
    summary: str,
    note: Note | None = None,
    title: str = "",
    venue: Venue | None = None,
    area: Area | None = None,
    paper_url: str = "",
    name: str = "",
    email: str = "",
) -> Submission:
    """Store what a reader sent, pending a moderator's decision."""
    submission = Submission(
        kind=kind,
        summary=summary,
        summary_html=render_markdown(summary),
        name=name,
        email=email,
    )
    if kind == Submission.Kind.SUGGESTION:
        if note is None or not Note.objects.published().filter(pk=note.pk).exists():
            raise ValidationError(
                "Summaries can only be suggested for published notes."
            )
        submission.note = note
        submission.base_summary = note.summary
        # Copied so that the moderators' queue filters suggestions like papers.
        submission.venue_id = note.paper.venue_id
        submission.area_id = note.paper.area_id
    else:
        submission.title, submission.venue, submission.area = title, venue, area
        submission.paper_url = paper_url
    submission.full_clean()
    submission.save()
    return submission


def _submission_lock(*, submission: Submission, moderator: User) -> Submission:
    """The submission row, locked, once it is sure this moderator may decide."""
    if not moderator.has_perm(DECIDE_SUBMISSION):
        raise PermissionDenied("Only moderators can decide on reader submissions.")
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.Status.PENDING:
        decided = f"{locked.get_status_display().lower()}"
        if locked.decided_by:
            decided += f" by {locked.decided_by}"
        if locked.decided_at:
            decided += f" on {locked.decided_at:%Y-%m-%d %H:%M}"
        raise ValidationError(f"This submission was already decided: {decided}.")
    return locked


def _submission_decide(
    *, submission: Submission, moderator: User, status: str, reason: str = ""
) -> Submission:
    submission.status = status
    submission.reason = reason
    submission.decided_by = moderator
    submission.decided_at = timezone.now()
    submission.save()
    if submission.email and status != Submission.Status.SPAM:
        # Not for spam: answering would confirm the address to a spammer, or
        # mail whoever's address the spammer typed in.
        transaction.on_commit(
            lambda: _submission_email(submission=submission), robust=True
        )
    return submission


def _submission_email(*, submission: Submission) -> None:
    """Tell the submitter what the moderator decided (after the commit)."""
    context = {
        "submission": submission,
        "subject": submission.title or submission.note.paper.title,
        "status_url": settings.SITE_URL
        + reverse(
            "catalog:submission_status",
            kwargs={"token": submission_status_token(submission=submission)},
        ),
        "note_url": settings.SITE_URL + submission.note.get_absolute_url()
        if submission.status == Submission.Status.APPROVED
        else "",
    }
    # The template's first line is the subject, as for the workflow's emails.
    subject, _, body = render_to_string(
        "catalog/email/submission_decided.txt", context
    ).partition("\n")
    send_mail(
        subject=subject.strip(),
        message=body.lstrip("\n"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[submission.email],
    )


@transaction.atomic
def submission_approve(
    *,
    submission: Submission,
    moderator: User,
    venue: Venue | None = None,
    area: Area | None = None,
    topics: Iterable[Topic | str] | None = None,
) -> Submission:
    """Publish what the reader sent as a new revision, crediting them.

    A suggestion revises its note's summary; a new paper becomes a paper and
    note in the venue, area and topics the moderator picked (by default the
    ones the reader chose, no topics). Either is published at once: the
    reader wrote it and the moderator is the second pair of eyes.
    """
    submission = _submission_lock(submission=submission, moderator=moderator)
    credit = submission_credit(submission=submission)
    if submission.kind == Submission.Kind.SUGGESTION:
        note = Note.objects.select_for_update().get(pk=submission.note_id)
        if note.status != Note.Status.PUBLISHED:
            # note_revise builds on the working revision: the reader's summary
            # would go live together with an editor's unreviewed draft.
            raise ValidationError(
                f"This note has changes in the review workflow "
                f"({note.get_status_display().lower()}). Publish or withdraw "
                "them first, or ask its editor to take the suggestion into "
                "their draft and reject it here."
            )
        message = f"Summary suggested by {credit}"
        changes = {"summary": submission.summary}
        action, revise_action = "suggestion approved", "revised"
    else:
        note = _submission_new_note(
            submission=submission,
            venue=venue or submission.venue,
            area=area or submission.area,
        )
        message = f"Paper and note submitted by {credit}"
        arxiv_id = arxiv_id_from_url(submission.paper_url)
        changes = {
            "title": submission.title,
            "summary": submission.summary,
            "arxiv_id": arxiv_id,
            "paper_url": "" if arxiv_id else submission.paper_url,
            "topics": [str(topic) for topic in topics or []],
        }
        # The note is empty until this revision: its first, not an edit.
        action, revise_action = "submission approved", "created"
    revision = note_revise(
        note=note, user=None, changes=changes, message=message, action=revise_action
    )
    note = note_publish_revision(note=note, revision=revision, moderator=moderator)
    NoteEvent.objects.create(
        note=note,
        actor=moderator,
        action=action,
        to_status=note.status,
        reason=message,
        revision=revision,
    )
    submission.note = note
    submission.venue, submission.area = note.paper.venue, note.paper.area
    return _submission_decide(
        submission=submission, moderator=moderator, status=Submission.Status.APPROVED
    )


def _submission_new_note(
    *, submission: Submission, venue: Venue | None, area: Area | None
) -> Note:
    """An empty draft note and its paper, for the submission's revision to fill."""
    if venue is None or area is None:
        raise ValidationError("Pick the venue and the area the new note belongs in.")
    slug = slug_from_title(submission.title)
    existing = Paper.objects.filter(venue=venue, area=area, slug=slug).first()
    if existing is not None:
        raise ValidationError(
            f"{venue.code} › {area.name} already has a paper at “{slug}” "
            f"({existing.title}): reject this submission or pick another area."
        )
    paper = Paper(venue=venue, area=area, slug=slug, title=submission.title)
    paper.full_clean()
    paper.save()
    return Note.objects.create(paper=paper, status=Note.Status.DRAFT)


@transaction.atomic
def submission_reject(
    *, submission: Submission, moderator: User, reason: str
) -> Submission:
    """Turn a submission down; the reason is shown to the submitter."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give a reason: the submitter reads it on their status page."}
        )
    submission = _submission_lock(submission=submission, moderator=moderator)
    if submission.note_id:
        NoteEvent.objects.create(
            note_id=submission.note_id,
            actor=moderator,
            action="suggestion rejected",
            reason=reason,
        )
    return _submission_decide(
        submission=submission,
        moderator=moderator,
        status=Submission.Status.REJECTED,
        reason=reason,
    )


@transaction.atomic
def submission_mark_spam(*, submission: Submission, moderator: User) -> Submission:
    """File a submission as spam: out of the queue, and nobody is emailed."""
    submission = _submission_lock(submission=submission, moderator=moderator)
    if submission.note_id:
        NoteEvent.objects.create(
            note_id=submission.note_id, actor=moderator, action="suggestion spam"
        )
    return _submission_decide(
        submission=submission, moderator=moderator, status=Submission.Status.SPAM
    )
