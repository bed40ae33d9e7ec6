"""Notes in review rounds and a moved note, with payloads where their
people type text, and a logged-in browser tab: for the hostile-input test
(tests/browser/test_hostile_input.py)."""

from __future__ import annotations

from django.test import Client

from catalog.models import Area, Note, Venue
from catalog.services import (
    note_approve,
    note_create,
    note_request_changes,
    note_revise,
    note_submit,
)
from tests.factories import make_note


def logged_in_page(browser, base: str, user):
    """A tab of a new browser context, logged in as `user`."""
    session = Client()
    session.force_login(user)
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    cookie = session.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
    return context.new_page()


def review_rounds(people: dict, payloads: list[str]) -> tuple[Note, Note]:
    """A note sent back with a payload for its reason (on its author's desk)
    and one resubmitted after a request (its round's diff on the moderator's)."""
    made = []
    for number, state in enumerate(["returned", "resubmitted"]):
        note = note_create(
            venue=Venue.objects.get(code="ICML2025"),
            area=Area.objects.get(slug="llm_safety"),
            user=people["editor"],
            slug=f"hostile_{state}",
            data={"title": f"{state} {payloads[number]}", "summary": payloads[2]},
        )
        note_submit(note=note, user=people["editor"])
        note_request_changes(
            note=note, moderator=people["moderator"], reason=payloads[3 + number]
        )
        made.append(note)
    returned, resubmitted = made
    note_revise(
        note=resubmitted,
        user=people["editor"],
        changes={
            "summary": f"{payloads[5]} {payloads[6]}",
            "topics": [f"T97 {payloads[7]}"[:100]],
        },
    )
    note_submit(note=resubmitted, user=people["editor"], message=payloads[8])
    return returned, resubmitted


def moved_note(people: dict, payloads: list[str]) -> tuple[Note, str]:
    """A live note retitled with a payload and moved, approved: its events
    say from what to what. The note and its old address."""
    note = make_note(title="To be moved", slug="to_be_moved")
    old_url = note.get_absolute_url()
    note_revise(
        note=note,
        user=people["editor"],
        changes={
            "title": f"Moved {payloads[8]}",
            "venue": "ICLR2026",
            "slug": "moved_hostile",
        },
    )
    note_submit(note=note, user=people["editor"])
    note_approve(
        note=note,
        moderator=people["moderator"],
        revision=Note.objects.get(pk=note.pk).current_revision,
    )
    return Note.objects.get(pk=note.pk), old_url
