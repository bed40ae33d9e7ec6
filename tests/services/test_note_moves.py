"""A live note's identity (venue, area, address, title) changes only through a
reviewed revision: nothing public moves before approval; approval moves it,
keeps a 301 from every old address and records the move."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Note, NoteRedirect
from catalog.services import (
    PUBLIC_VERSION_KEY,
    note_approve,
    note_reject,
    note_revise,
    note_snapshot,
    note_submit,
    public_version,
)
from tests.factories import make_note, newest_revision
from tests.services.workflow_notes import actions, write_draft

MOVE = {"venue": "ICLR2026", "area": "llm_safety", "slug": "moved_paper"}


def _live() -> Note:
    return make_note(title="A live paper", summary="The published summary.")


def _send(note: Note, people, changes: dict) -> Note:
    note_revise(note=note, user=people["editor"], changes=changes)
    return note_submit(note=note, user=people["editor"])


def test_a_move_is_working_data_and_nothing_public_changes_before_approval(
    people, client
):
    note = _live()
    old_url = note.get_absolute_url()

    _send(note, people, MOVE)

    assert note_snapshot(note=note) | MOVE == note_snapshot(note=note)
    assert client.get(old_url).status_code == 200
    assert client.get("/ICLR2026/llm_safety/moved_paper/").status_code == 404
    note.refresh_from_db()
    assert note.get_absolute_url() == old_url


def test_approving_a_move_keeps_a_301_from_the_old_address_and_records_it(
    people, client, django_capture_on_commit_callbacks
):
    note = _live()
    old_url = note.get_absolute_url()
    _send(note, people, MOVE)
    before = public_version()

    with django_capture_on_commit_callbacks(execute=True):
        note_approve(
            note=note, moderator=people["moderator"], revision=newest_revision(note)
        )

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/ICLR2026/llm_safety/moved_paper/"
    assert client.get("/ICLR2026/llm_safety/moved_paper/").status_code == 200
    assert "moved" in actions(note)
    moved = note.events.get(action="moved")
    assert moved.actor == people["moderator"]
    assert moved.reason == (
        "From /ICML2025/llm_safety/a_live_paper/ to /ICLR2026/llm_safety/moved_paper/"
    )
    assert cache.get(PUBLIC_VERSION_KEY) != before


def test_every_old_address_leads_to_the_new_one_in_one_hop(people, client):
    note = _live()
    first_url = note.get_absolute_url()
    for changes in ({"slug": "second_name"}, MOVE):
        _send(note, people, changes)
        note_approve(
            note=note, moderator=people["moderator"], revision=newest_revision(note)
        )

    for old in (first_url, "/ICML2025/llm_safety/second_name/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (
            301,
            "/ICLR2026/llm_safety/moved_paper/",
        )
    assert "renamed" in actions(note) and "moved" in actions(note)


def test_a_rejected_move_leaves_the_note_where_it_was(people, client):
    note = _live()
    old_url = note.get_absolute_url()
    _send(note, people, MOVE)

    note_reject(note=note, moderator=people["moderator"], reason="Keep it here.")

    assert client.get(old_url).status_code == 200
    assert not NoteRedirect.objects.filter(note=note).exists()
    assert note_snapshot(note=note)["venue"] == "ICML2025"


def test_a_retitle_is_recorded_when_it_goes_live(people):
    note = _live()
    _send(note, people, {"title": "A better title"})

    note_approve(
        note=note, moderator=people["moderator"], revision=newest_revision(note)
    )

    event = note.events.get(action="retitled")
    assert event.reason == "From “A live paper” to “A better title”"


def test_a_move_to_a_taken_address_is_refused_with_a_way_out(people):
    note = _live()
    make_note(venue="ICLR2026", title="Moved paper")

    with pytest.raises(ValidationError) as refused:
        note_revise(note=note, user=people["editor"], changes=MOVE)

    assert refused.value.message_dict == {
        "slug": [
            "ICLR2026 › LLM Safety already has a note at “moved_paper”: "
            "choose another address."
        ]
    }


def test_an_address_taken_after_the_draft_was_saved_refuses_the_approval(people):
    note = _live()
    _send(note, people, MOVE)
    make_note(venue="ICLR2026", title="Moved paper")

    with pytest.raises(ValidationError, match="already has a note at"):
        note_approve(
            note=note, moderator=people["moderator"], revision=newest_revision(note)
        )

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert note.paper.venue.code == "ICML2025"


def test_an_unknown_venue_or_area_is_refused(people):
    note = _live()

    with pytest.raises(ValidationError) as refused:
        note_revise(
            note=note,
            user=people["editor"],
            changes={"venue": "NOPE2099", "area": "no_such_area"},
        )

    assert refused.value.message_dict == {
        "venue": ["There is no venue NOPE2099: pick one of the list."],
        "area": ["There is no area no_such_area: pick one of the list."],
    }


def test_a_moderator_who_moves_a_note_needs_another_to_approve_it(people, client):
    note = _live()
    old_url = note.get_absolute_url()
    note_revise(note=note, user=people["moderator"], changes=MOVE)
    note_submit(note=note, user=people["moderator"])

    with pytest.raises(PermissionDenied, match="four-eyes"):
        note_approve(
            note=note, moderator=people["moderator"], revision=newest_revision(note)
        )

    assert client.get(old_url).status_code == 200
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )
    assert client.get(old_url).status_code == 301


def test_a_draft_that_was_never_live_moves_at_once_and_leaves_no_redirect(people):
    note = write_draft(people)

    note_revise(note=note, user=people["editor"], changes=MOVE)

    note.refresh_from_db()
    assert note.get_absolute_url() == "/ICLR2026/llm_safety/moved_paper/"
    assert not NoteRedirect.objects.filter(note=note).exists()
