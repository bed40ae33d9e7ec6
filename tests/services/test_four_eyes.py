"""Four eyes: nobody approves a text they wrote or edited, whatever the way."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Area, Note, Venue
from catalog.services import (
    note_approve,
    note_create,
    note_publish_revision,
    note_revise,
    note_submit,
)
from tests.factories import newest_revision
from tests.services.workflow_notes import in_review, live_note, write_draft


def test_a_moderator_cannot_approve_a_note_they_wrote(people):
    moderator = people["moderator"]
    note = note_create(
        venue=Venue.objects.get(code="ICML2025"),
        area=Area.objects.get(slug="llm_safety"),
        user=moderator,
        data={"title": "My own paper note", "summary": "Mine."},
    )
    note_submit(note=note, user=moderator)

    with pytest.raises(PermissionDenied, match="four-eyes"):
        note_approve(note=note, moderator=moderator, revision=newest_revision(note))

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert not note.is_live
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )
    note.refresh_from_db()
    assert note.is_live


def test_a_moderator_who_last_edited_a_note_cannot_approve_it(people):
    note = in_review(people)
    note_revise(
        note=note, user=people["moderator"], changes={"summary": "Fixed a typo."}
    )

    with pytest.raises(PermissionDenied, match="four-eyes"):
        note_approve(
            note=note, moderator=people["moderator"], revision=newest_revision(note)
        )
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )


def test_an_earlier_editor_of_the_pending_change_cannot_approve_it(people):
    note = live_note()
    note_revise(note=note, user=people["moderator"], changes={"body": "Added."})
    note_revise(note=note, user=people["editor"], changes={"summary": "Better."})
    note_submit(note=note, user=people["editor"])

    with pytest.raises(PermissionDenied, match="four-eyes"):
        note_approve(
            note=note, moderator=people["moderator"], revision=newest_revision(note)
        )


def test_four_eyes_also_guards_the_publish_interface(people):
    note = write_draft(people)
    revision = note_revise(
        note=note, user=people["moderator"], changes={"summary": "Edited."}
    )

    with pytest.raises(PermissionDenied):
        note_publish_revision(
            note=note, revision=revision, moderator=people["moderator"]
        )
    with pytest.raises(PermissionDenied):
        note_publish_revision(note=note, revision=revision, moderator=people["editor"])


def test_publishing_an_older_revision_than_the_newest_is_refused(people):
    note = write_draft(people)
    first = note.current_revision
    note_revise(note=note, user=people["editor"], changes={"summary": "Second."})

    with pytest.raises(ValidationError, match="no longer the newest"):
        note_publish_revision(note=note, revision=first, moderator=people["moderator"])


def test_approval_is_refused_when_the_text_changed_after_the_review_opened(people):
    note = in_review(people)
    seen = note.current_revision
    note_revise(note=note, user=people["editor2"], changes={"summary": "Sneaky."})

    with pytest.raises(ValidationError, match="editor2 saved revision 2"):
        note_approve(note=note, moderator=people["moderator"], revision=seen)
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
