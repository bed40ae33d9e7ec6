"""Review rounds: which notes in review are resubmissions, and of what.

A moderator who requests changes records the revision they read (the
`changes_requested` event's revision). When the author sends the note back,
the review is a new round: what matters is what changed since that revision,
not the whole text again. Both answers are annotations, so a list of notes
learns them in its own query.
"""

from __future__ import annotations

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from catalog.models import Note, NoteEvent

CHANGES_REQUESTED = "changes_requested"


def _requests_since_live() -> QuerySet[NoteEvent]:
    # Requests about revisions newer than the published one: an earlier
    # round that ended in a publication does not make this one a second.
    return NoteEvent.objects.filter(
        note=OuterRef("pk"),
        action=CHANGES_REQUESTED,
        revision__number__gt=Coalesce(OuterRef("live_revision__number"), Value(0)),
    )


def with_review_round(notes: QuerySet[Note]) -> QuerySet[Note]:
    """`notes` with `review_round` (1 for a first review, 2 after changes
    were requested once …) and `reviewed_number`: the number of the revision
    the last request for changes was about (None in a first round)."""
    asked = (
        _requests_since_live()
        .order_by()
        .values("note")
        .annotate(count=Count("pk"))
        .values("count")
    )
    last = _requests_since_live().order_by("-created_at", "-pk")
    return notes.annotate(
        review_round=Coalesce(Subquery(asked, output_field=IntegerField()), 0) + 1,
        reviewed_number=Subquery(last.values("revision__number")[:1]),
    )


def note_review_round(*, note: Note) -> tuple[int, int | None]:
    """(round, the revision number reviewed last) of one note."""
    found = with_review_round(Note.objects.filter(pk=note.pk)).values_list(
        "review_round", "reviewed_number"
    )
    return found.first() or (1, None)
