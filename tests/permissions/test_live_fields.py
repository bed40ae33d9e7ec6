"""Who can change what the public sees of a live note, field by field, on every
admin path: the note's form, the paper's form, the change page's approve
button, the note list's action and the review queue's bulk form.

Editing never changes a live field: the note's form stores a revision (which
the public does not see) and the paper's form is read-only. A field goes live
only when a moderator who did not write the change approves the revision they
read; a revision saved after their page was shown is published by nobody.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from catalog.models import Area, Note, Venue
from catalog.services import (
    note_approve,
    note_create,
    note_revise,
    note_submit,
)
from tests.factories import newest_revision
from tests.permissions.test_actions import _fields
from tests.permissions.world import LOGIN, World, answer_of

ROLES = ("anonymous", "reader", "editor", "other editor", "moderator", "superuser")
NOBODY: set[str] = set()
EDITORS_UP = {"editor", "other editor", "moderator", "superuser"}
# The live note's author wrote the change: four eyes leave the moderators.
APPROVERS = {"moderator", "superuser"}

# field → (the value a change gives it, how the public sees it now)
FIELDS: dict[str, tuple[str, Callable[[Note], object]]] = {
    "title": ("A title nobody reviewed", lambda note: note.paper.title),
    "venue": ("ICLR2026", lambda note: note.paper.venue.code),
    "area": ("llm_reasoning", lambda note: note.paper.area.slug),
    "slug": ("an_unreviewed_address", lambda note: note.paper.slug),
    "summary": ("A summary nobody reviewed.", lambda note: note.summary),
    "body": ("A body nobody reviewed.", lambda note: note.body),
    "code_url": ("https://example.org/unreviewed", lambda note: note.paper.code_url),
    "novelty": ("5", lambda note: str(note.novelty)),
}
PAPER_FORM_FIELDS = ("title", "venue", "area", "slug", "code_url")
APPROVAL_FIELDS = ("title", "venue", "summary")


def _live_note(world: World) -> Note:
    """A note its author wrote and a moderator published."""
    author = User.objects.get(username="author")
    note = note_create(
        venue=Venue.objects.get(code="ICML2025"),
        area=Area.objects.get(slug="llm_safety"),
        user=author,
        data={"title": "The live paper", "summary": "The reviewed summary."},
    )
    note_submit(note=note, user=author)
    note_approve(
        note=note, moderator=world.users["superuser"], revision=newest_revision(note)
    )
    return Note.objects.get(pk=note.pk)


def _client(world: World, role: str) -> Client:
    if role == "editor":
        client = Client()
        client.force_login(User.objects.get(username="author"))
        return client
    if role == "other editor":
        return world.clients["editor"]
    return world.clients[role]


def _public(note: Note, field: str):
    return FIELDS[field][1](Note.objects.select_related("paper").get(pk=note.pk))


def _posted(field: str, value: str) -> str | int:
    """What a form posts for the value: a venue or area by its key."""
    if field == "venue":
        return Venue.objects.get(code=value).pk
    if field == "area":
        return Area.objects.get(slug=value).pk
    return value


def _send_change(note: Note, field: str, value: str) -> None:
    """The author changes the field and sends the revision for review."""
    author = User.objects.get(username="author")
    changes = {field: int(value) if field == "novelty" else value}
    note_revise(note=note, user=author, changes=changes)
    note_submit(note=note, user=author)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", list(FIELDS))
def test_the_note_form_never_changes_a_live_field(field, role, world):
    note = _live_note(world)
    before = _public(note, field)
    value = FIELDS[field][0]
    url = world.admin("catalog_note_change", note.pk)

    response = _client(world, role).post(
        url, {**_fields(world, url, "note_form"), field: _posted(field, value)}
    )

    assert _public(note, field) == before
    assert _client(world, "anonymous").get(note.get_absolute_url()).status_code == 200
    working = Note.objects.get(pk=note.pk).current_revision.data
    assert (str(working.get(field)) == value) == (role in EDITORS_UP), response
    if role in ("anonymous", "reader"):
        assert answer_of(response) == LOGIN


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", PAPER_FORM_FIELDS)
def test_the_paper_form_never_changes_a_live_field(field, role, world):
    note = _live_note(world)
    before = _public(note, field)
    url = world.admin("catalog_paper_change", note.paper_id)
    form = {
        "venue": note.paper.venue_id,
        "area": note.paper.area_id,
        "slug": note.paper.slug,
        "title": note.paper.title,
    }

    response = _client(world, role).post(
        url, {**form, field: _posted(field, FIELDS[field][0])}
    )

    assert _public(note, field) == before
    assert not note.events.exclude(action__in=["created", "submitted", "approved"])
    if role in ("anonymous", "reader"):
        assert answer_of(response) == LOGIN


def _approve_button(world: World, client: Client, note: Note):
    return client.post(
        world.admin("catalog_note_transition", note.pk, "approve"),
        {"revision": Note.objects.get(pk=note.pk).current_revision_id},
    )


def _list_action(world: World, client: Client, note: Note, shown: dict | None):
    url = world.admin("catalog_note_changelist")
    shown = shown if shown is not None else _fields(world, url, "changelist-form")
    return client.post(
        url, {**shown, "action": "approve_selected", "_selected_action": [note.pk]}
    )


def _queue(world: World, client: Client, note: Note, shown: dict | None):
    url = world.admin("catalog_note_review_queue")
    shown = shown if shown is not None else _fields(world, url, "queue-form")
    return client.post(url, {**shown, "action": "approve", "notes": [note.pk]})


APPROVALS = {
    "the change page's approve button": lambda w, c, n: _approve_button(w, c, n),
    "the note list's approve action": lambda w, c, n: _list_action(w, c, n, None),
    "the review queue's bulk approve": lambda w, c, n: _queue(w, c, n, None),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", APPROVAL_FIELDS)
@pytest.mark.parametrize("path", list(APPROVALS))
def test_a_reviewed_change_goes_live_only_by_a_second_persons_approval(
    path, field, role, world
):
    note = _live_note(world)
    before = _public(note, field)
    value = FIELDS[field][0]
    _send_change(note, field, value)

    response = APPROVALS[path](world, _client(world, role), note)

    now = _public(note, field)
    assert now == (value if role in APPROVERS else before), response
    if role in ("anonymous", "reader"):
        assert answer_of(response) == LOGIN


BULK_FORMS = {
    "the note list's approve action": (
        "catalog_note_changelist",
        "changelist-form",
        _list_action,
    ),
    "the review queue's bulk approve": (
        "catalog_note_review_queue",
        "queue-form",
        _queue,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(BULK_FORMS))
def test_a_bulk_approval_publishes_no_revision_saved_after_its_page(path, role, world):
    note = _live_note(world)
    _send_change(note, "summary", "The revision the moderator read.")
    name, form_id, post = BULK_FORMS[path]
    shown = _fields(world, world.admin(name), form_id)
    note_revise(
        note=note,
        user=User.objects.get(username="author"),
        changes={"summary": "Swapped in after the page was shown."},
    )

    post(world, _client(world, role), note, shown)

    assert _public(note, "summary") == "The reviewed summary."
