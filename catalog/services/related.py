"""Links between notes: "related notes", one note or thousands at a time.

The links are part of a note's text, so each change is a revision too.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery

from catalog.models import Note, NoteRevision
from catalog.notedata import defaults as fields_defaults
from catalog.services.history import BULK_READ, revision_add
from catalog.services.public import public_content_changed
from catalog.services.revisions import note_snapshot


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
        revision = revision_add(
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
