"""Links between notes: "related notes", one note or thousands at a time.

The links are part of a note's text, so each change is a revision too. A link
to an address no note holds yet waits as a `PendingRelated` row
(`notes_set_pending`) and becomes a related note when a note is created there
(`pending_related_resolve`, which every service creating a note calls).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Sequence

from django.db import connections, transaction
from django.db.models import Max, OuterRef, Subquery

from catalog.models import Note, NoteRevision, PendingRelated
from catalog.notedata import defaults as fields_defaults
from catalog.services.history import BULK_READ
from catalog.services.public import public_content_changed


@transaction.atomic
def note_set_related(*, note: Note, related: list[Note], amend: bool = False) -> bool:
    """Point a note at its related notes; returns whether anything changed.

    The links are part of the note's text: a change is a "Related notes
    linked" revision, as notes_set_related writes it for many notes (or, with
    `amend`, goes into the revision the caller just wrote).
    """
    wanted = {other.pk for other in related if other.pk != note.pk}
    amended = {note.pk} if amend else set()
    return notes_set_related(related={note: wanted}, amend=amended) > 0


@transaction.atomic
def notes_set_related(
    *, related: dict[Note, set[int]], amend: Collection[int] = ()
) -> int:
    """`note_set_related` for many notes: each note's related notes (by id).

    Writes what note_set_related writes (the links, a "Related notes linked"
    revision, the public version) in a few queries per 500 notes, for an
    import that links thousands. The notes in `amend` (ids) have a revision
    the caller wrote in this transaction, an import's: their links go into
    it, so that an import records one revision per note it changes. Returns
    how many notes changed.
    """
    changed = 0
    notes = list(related)
    amend = set(amend)
    for start in range(0, len(notes), BULK_READ):
        changed += _notes_relate(
            {
                note: related[note] - {note.pk}
                for note in notes[start : start + BULK_READ]
            },
            amend,
        )
    return changed


def _notes_relate(wanted: dict[Note, set[int]], amend: set[int]) -> int:
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
    amended = {
        state[note.pk][0]: sorted(wanted[note])
        for note in notes
        if note.pk in amend and state[note.pk][0] is not None
    }
    _revisions_amend_related(amended)
    revised = [
        note
        for note in notes
        if state[note.pk][0] is not None and state[note.pk][0] not in amended
    ]
    data = dict(
        NoteRevision.objects.filter(
            pk__in=[state[note.pk][0] for note in revised]
        ).values_list("pk", "data")
    )
    last = dict(
        NoteRevision.objects.filter(note__in=revised)
        .values("note")
        .annotate(number=Max("number"))
        .values_list("note", "number")
    )
    revisions = NoteRevision.objects.bulk_create(
        NoteRevision(
            note=note,
            number=last[note.pk] + 1,
            data={
                **fields_defaults(),
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


# Sets a revision's related notes in its stored data, in the database: the
# data of a note is a few kilobytes, its links a few ids.
_AMEND_SQL = {
    "postgresql": "UPDATE {table} SET data = jsonb_set(data, '{{related}}', %s::jsonb) "
    "WHERE id = %s",
    "sqlite": "UPDATE {table} SET data = json_set(data, '$.related', json(%s)) "
    "WHERE id = %s",
}


def _revisions_amend_related(related: dict[int, list[int]]) -> None:
    """Write each revision's (by id) related note ids into its data."""
    if not related:
        return
    connection = connections[NoteRevision.objects.db]
    sql = _AMEND_SQL[connection.vendor].format(table=NoteRevision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(json.dumps(ids), pk) for pk, ids in related.items()])


# (venue code, area slug, note slug): an address, as a source spells it.
Address = tuple[str, str, str]


@transaction.atomic
def notes_set_pending(*, pending: dict[int, list[tuple[Address, str]]]) -> int:
    """Set each note's links to addresses no note holds yet, in bulk.

    `pending` maps a note's id to its waiting links, in the order of its
    RELATED block, each as (address, link text); the note's other waiting
    links go. A few queries per 500 notes, and no write where nothing changed.
    Returns how many links were added, changed or removed.
    """
    changed = 0
    sources = list(pending)
    for start in range(0, len(sources), BULK_READ):
        chunk = sources[start : start + BULK_READ]
        current: dict[int, dict[Address, PendingRelated]] = defaultdict(dict)
        for row in PendingRelated.objects.filter(note_id__in=chunk):
            current[row.note_id][row.key] = row
        fresh, edited, gone = [], [], []
        for source in chunk:
            have = current[source]
            wanted = {}
            for position, (address, text) in enumerate(pending[source]):
                wanted.setdefault(address, (position, text))
            gone += [row.pk for key, row in have.items() if key not in wanted]
            for address, (position, text) in wanted.items():
                row = have.get(address)
                if row is None:
                    venue_code, area_slug, slug = address
                    fresh.append(
                        PendingRelated(
                            note_id=source,
                            venue_code=venue_code,
                            area_slug=area_slug,
                            slug=slug,
                            text=text,
                            position=position,
                        )
                    )
                elif (row.position, row.text) != (position, text):
                    row.position, row.text = position, text
                    edited.append(row)
        PendingRelated.objects.filter(pk__in=gone).delete()
        PendingRelated.objects.bulk_create(fresh)
        PendingRelated.objects.bulk_update(edited, ["position", "text"])
        changed += len(fresh) + len(edited) + len(gone)
    return changed


@transaction.atomic
def pending_related_resolve(*, notes: Sequence[Note]) -> int:
    """Link the notes waiting for these notes' addresses to them.

    Called for notes that just came into existence at an address (created,
    or renamed there): each link waiting for one of them becomes a related
    note of the note that asked for it, recorded as a revision of that note,
    and stops waiting. The note that asked is not imported again. Returns how
    many links were resolved.
    """
    at: dict[Address, int] = {
        (note.paper.venue.code, note.paper.area.slug, note.paper.slug): note.pk
        for note in notes
    }
    if not at:
        return 0
    found: list[tuple[int, int, int]] = []  # (pending row, source, target)
    slugs = sorted({address[2] for address in at})
    for start in range(0, len(slugs), BULK_READ):
        rows = PendingRelated.objects.filter(slug__in=slugs[start : start + BULK_READ])
        for pk, source, *address in rows.values_list(
            "pk", "note_id", "venue_code", "area_slug", "slug"
        ):
            target = at.get(tuple(address))
            if target is not None:
                found.append((pk, source, target))
    if not found:
        return 0
    PendingRelated.objects.filter(pk__in=[pk for pk, _s, _t in found]).delete()
    sources = {source for _pk, source, _target in found}
    wanted: dict[int, set[int]] = defaultdict(set)
    for source, target in Note.related.through.objects.filter(
        from_note_id__in=sources
    ).values_list("from_note_id", "to_note_id"):
        wanted[source].add(target)
    for _pk, source, target in found:
        wanted[source].add(target)
    notes_set_related(
        related={
            note: wanted[note.pk]
            for note in Note.objects.filter(pk__in=sources).only("pk", "is_live")
        }
    )
    return len(found)
