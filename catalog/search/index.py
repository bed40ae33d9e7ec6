"""The search index: written by the services whenever a note's public
content changes (`public_content_changed`), rebuilt by `rebuild_search_index`.

Only live notes are indexed; the search keeps to the published ones, so a
scheduled note appears once its time has come, with no re-indexing.
"""

from __future__ import annotations

from django.db import connections

from catalog.models import Note
from catalog.search.backends import backend_for

# SQLite's limit on bound parameters is far above this.
_BATCH = 500


def search_index_notes(notes, *, using: str = "default") -> None:
    """Write the search index of these notes (Note objects or ids) as they are
    in the database: a live note's words indexed, any other note's removed.

    Two statements per 500 notes, whatever their content: cheap enough for
    every save and for an import of thousands of notes.
    """
    ids = sorted({note if isinstance(note, int) else note.pk for note in notes})
    ids = [pk for pk in ids if pk is not None]
    backend = backend_for(using)
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), _BATCH):
            backend.index_notes(cursor, ids[start : start + _BATCH])


def search_index_rebuild(*, using: str = "default") -> int:
    """Index every note anew, in one pass of set-based SQL; returns how many
    notes the index now holds (the live ones)."""
    with connections[using].cursor() as cursor:
        backend_for(using).index_rebuild(cursor)
    return Note.objects.using(using).filter(is_live=True).count()
