"""Revisions: a note's working data, checked, stored and written back.

`note_revise` stores a new revision; `note_snapshot` reads the working data;
`note_with_data` shows what a revision would look like without saving it;
`note_formula_problems` lists the formulas of its text that cannot be shown.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone

from catalog.markup import formula_problems
from catalog.models import Area, Note, NoteRevision, Paper, Venue
from catalog.notedata import (
    LIST_FIELDS,
    NOTE_DATA_FIELDS,
    NOTE_TEXT_FIELDS,
    PAPER_FIELDS,
    PLACE_FIELDS,
    REVISION_FIELDS,
    label_of,
)
from catalog.notedata import defaults as fields_defaults
from catalog.permissions import EDIT_PERMISSION, require
from catalog.services.history import (
    actor_name,
    event_record,
    moment_text,
    note_lock,
    revision_add,
    revision_published_at,
)
from catalog.services.notes import note_move, note_render

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SLUG_MAX_LENGTH = Paper._meta.get_field("slug").max_length


def _fields_data(*, note: Note) -> dict:
    """The revision data of what the Note and Paper fields hold now."""
    paper = note.paper
    data = {name: getattr(paper, name) for name in PAPER_FIELDS}
    data["keywords"] = sorted(paper.keywords.names())
    data.update({name: getattr(note, name) for name in NOTE_DATA_FIELDS})
    data["topics"] = sorted(note.topics.names())
    data["related"] = sorted(note.related.values_list("pk", flat=True))
    data["published_at"] = moment_text(note.published_at)
    return data


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
        return _with_place(note=note, data={**fields_defaults(), **revision.data})
    return _with_place(note=note, data=_fields_data(note=note))


def note_snapshot_of(*, note: Note, revision: NoteRevision) -> dict:
    """A revision's data as note_snapshot gives it: defaults and place filled."""
    return _with_place(note=note, data={**fields_defaults(), **revision.data})


def _with_place(*, note: Note, data: dict) -> dict:
    """`data` with the note's place where it names none (an older revision:
    the note stays where its paper is)."""
    if all(data.get(name) for name in PLACE_FIELDS):
        return data
    here = dict(
        zip(
            PLACE_FIELDS,
            Paper.objects.filter(pk=note.paper_id)
            .values_list("venue__code", "area__slug", "slug")
            .get(),
            strict=True,
        )
    )
    return {**data, **{name: data.get(name) or here[name] for name in PLACE_FIELDS}}


def note_place_check(*, note: Note, data: dict) -> tuple[Venue, Area, str]:
    """The venue, area and address `data` puts the note at, checked.

    Refused, naming each bad field, when the venue or area does not exist,
    the address is not a slug or another note of that listing has it.
    """
    venue = Venue.objects.filter(code=data["venue"]).first()
    area = Area.objects.filter(slug=data["area"]).first()
    slug = data["slug"]
    errors = {}
    if venue is None:
        errors["venue"] = f"There is no venue {data['venue']}: pick one of the list."
    if area is None:
        errors["area"] = f"There is no area {data['area']}: pick one of the list."
    try:
        validate_slug(slug)
        if len(slug) > SLUG_MAX_LENGTH:
            raise ValidationError("")
    except ValidationError:
        errors["slug"] = (
            f"“{slug}” cannot be an address: use at most {SLUG_MAX_LENGTH} "
            "letters, digits, hyphens and underscores."
        )
    if not errors:
        taken = Paper.objects.filter(venue=venue, area=area, slug=slug).exclude(
            pk=note.paper_id
        )
        if taken.exists():
            errors["slug"] = (
                f"{venue.code} › {area.name} already has a note at “{slug}”: "
                "choose another address."
            )
    if errors:
        raise ValidationError(errors)
    return venue, area, slug


def _data_clean(*, note: Note, data: dict) -> dict:
    """Normalised revision data, or ValidationError naming each bad field."""
    unknown = sorted(set(data) - set(REVISION_FIELDS))
    if unknown:
        raise ValidationError(f"Notes have no field {', '.join(unknown)}.")
    clean = fields_defaults()
    clean.update(data)
    for name in PLACE_FIELDS:
        clean[name] = str(clean.get(name) or "").strip()
    clean = _with_place(note=note, data=clean)
    for name in LIST_FIELDS:
        names = [str(item).strip() for item in clean[name] or []]
        # Topics are sorted; keywords keep the order their writer gave them.
        kept = list(dict.fromkeys(item for item in names if item))
        clean[name] = kept if name == "keywords" else sorted(kept)
    clean["related"] = sorted(
        {int(pk) for pk in clean["related"] or []} - {note.pk}, key=int
    )
    moment = clean["published_at"]
    if isinstance(moment, datetime):
        clean["published_at"] = moment_text(moment)
    for name in (*PAPER_FIELDS, *NOTE_TEXT_FIELDS):
        clean[name] = clean[name] or ""
        if isinstance(clean[name], str):
            # Browsers send a text area's lines ended by CR LF: the same text
            # saved from a form and from a file is one text, not a change.
            clean[name] = clean[name].replace("\r\n", "\n")
    for aspect, _label in Note.RATING_ASPECTS:
        score = clean[aspect]
        clean[aspect] = None if score in (None, "") else score
        clean[f"{aspect}_reason"] = clean[f"{aspect}_reason"] or ""
    # The models' own validation: URLs, lengths, required text, rating range.
    paper, candidate = note_with_data(note=note, data=clean)
    errors: dict[str, list[str]] = {}
    try:
        note_place_check(note=note, data=clean)
    except ValidationError as error:
        errors.update(error.message_dict)
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
    data = {**fields_defaults(), **data}
    paper = copy.copy(note.paper)
    for name in PAPER_FIELDS:
        setattr(paper, name, data[name])
    candidate = copy.copy(note)
    candidate.paper = paper
    for name in NOTE_DATA_FIELDS:
        setattr(candidate, name, data[name])
    note_render(note=candidate)
    return paper, candidate


def note_data_write(*, note: Note, data: dict) -> None:
    """Write revision data into the note's fields, tags and links (saved)."""
    data = {**fields_defaults(), **data}
    paper, candidate = note_with_data(note=note, data=data)
    paper.save(update_fields=list(PAPER_FIELDS))
    paper.keywords.set(data["keywords"], clear=True)
    for name in (*NOTE_DATA_FIELDS, "summary_html", "body_html"):
        setattr(note, name, getattr(candidate, name))
    note.paper = paper
    note.topics.set(data["topics"], clear=True)
    note.related.set(Note.objects.filter(pk__in=data["related"]))


def note_stale_message(*, note: Note) -> str:
    """Who saved the note last and when: why a stale edit is refused."""
    revision = note.current_revision
    who = actor_name(revision.created_by if revision else note.last_edited_by)
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
        require(user, EDIT_PERMISSION, "Only editors and moderators change notes.")
    note = note_lock(note)
    if expected_version is not None:
        note_check_version(note=note, expected_version=expected_version)
    before = note_snapshot(note=note)
    data = _data_clean(note=note, data={**before, **changes})
    if note.current_revision_id and data == before:
        return note.current_revision
    from_status = note.status
    if note.current_revision_id is None and action != "created":
        _note_baseline(note=note, data=before)
    revision = revision_add(note=note, user=user, data=data, message=message)
    if not note.is_live:
        note_data_write(note=note, data=data)
        note.published_at = revision_published_at(data)
        # Only the admin sees it: it moves now, and leaves a redirect where
        # it was once public.
        if any(data[name] != before[name] for name in PLACE_FIELDS):
            venue, area, slug = note_place_check(note=note, data=data)
            note_move(
                note=note,
                venue=venue,
                area=area,
                slug=slug,
                redirect=note.live_revision_id is not None,
            )
    if note.status in (Note.Status.PUBLISHED, Note.Status.ARCHIVED):
        note.status = Note.Status.DRAFT
    note.current_revision = revision
    note.last_edited_by = user
    note.version += 1
    note.save()
    event_record(
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
    baseline = revision_add(
        note=note, user=None, data=data, message="Text before the history began"
    )
    note.current_revision = baseline
    if note.is_live:
        note.live_revision = baseline


def note_formula_problems(*, data: dict) -> list[str]:
    """Each formula of a revision's text (TL;DR, body) that the page cannot
    show as written, as "<field>: “<TeX>”: <reason>." (empty if none)."""
    return [
        f"{label_of(name)}: “{problem.tex}”: {problem.reason}."
        for name in NOTE_TEXT_FIELDS
        for problem in formula_problems(data.get(name) or "")
    ]
