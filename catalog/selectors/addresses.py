"""Published notes by their public address, `/<venue>/<area>/<slug>/`: the
note there now, or the note that was there before a rename."""

from catalog.models import Note, NoteRedirect


def note_at_address(
    *, venue: str, area_slug: str, note_slug: str, for_page: bool = False
) -> Note | None:
    """The published note at this address, with its venue and area; with
    `for_page`, also the topics and keywords its page shows."""
    notes = Note.objects.published().select_related("paper__venue", "paper__area")
    notes = notes.public_dates()
    if for_page:
        notes = notes.prefetch_related("topics", "paper__keywords")
    return notes.filter(
        paper__venue__code=venue,
        paper__area__slug=area_slug,
        paper__slug=note_slug,
    ).first()


def note_moved_from(*, venue: str, area_slug: str, note_slug: str) -> Note | None:
    """The published note this address belonged to before a rename, if any."""
    moved = (
        NoteRedirect.objects.filter(
            venue_code=venue,
            area_slug=area_slug,
            slug=note_slug,
            note__in=Note.objects.published(),
        )
        .select_related("note__paper__venue", "note__paper__area")
        .first()
    )
    return moved.note if moved else None
