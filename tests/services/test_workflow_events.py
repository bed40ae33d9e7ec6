"""Claims, review comments, the event log and the emails sent after commit
(read in Django's test mailbox)."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import NoteEvent
from catalog.services import (
    note_approve,
    note_claim,
    note_reject,
    note_request_changes,
    note_submit,
    note_unclaim,
    note_unpublish,
    review_comment_add,
    review_comment_resolve,
)
from tests.factories import newest_revision
from tests.services.workflow_notes import actions, in_review, write_draft

# --- Claims and comments ----------------------------------------------------


def test_claim_and_unclaim_a_review(people):
    note = in_review(people)

    note_claim(note=note, moderator=people["moderator"])
    with pytest.raises(ValidationError, match="moderator already reviews"):
        note_claim(note=note, moderator=people["moderator2"])
    with pytest.raises(PermissionDenied, match="only they can unclaim"):
        note_unclaim(note=note, moderator=people["moderator2"])
    note_unclaim(note=note, moderator=people["moderator"])

    note.refresh_from_db()
    assert note.reviewer is None
    assert actions(note)[-2:] == ["claimed", "unclaimed"]


def test_the_author_resolves_a_review_comment_others_cannot(people):
    note = in_review(people)
    comment = review_comment_add(
        note=note, moderator=people["moderator"], text="Name the dataset."
    )

    with pytest.raises(PermissionDenied):
        review_comment_resolve(comment=comment, user=people["editor2"])
    with pytest.raises(ValidationError, match="Write the comment"):
        review_comment_add(note=note, moderator=people["moderator"], text=" ")
    review_comment_resolve(comment=comment, user=people["editor"])

    comment.refresh_from_db()
    assert comment.resolved_by == people["editor"]
    assert actions(note)[-2:] == ["commented", "comment_resolved"]
    with pytest.raises(ValidationError, match="already resolved"):
        review_comment_resolve(comment=comment, user=people["editor"])


# --- Events -----------------------------------------------------------------


def test_events_say_who_what_when_from_to_and_why(people):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="Shorter.")

    submitted, requested = note.events.filter(
        action__in=["submitted", "changes_requested"]
    ).order_by("pk")

    assert (submitted.actor, submitted.from_status, submitted.to_status) == (
        people["editor"],
        "draft",
        "in_review",
    )
    assert (requested.actor, requested.reason) == (people["moderator"], "Shorter.")
    assert requested.revision == note.current_revision
    assert requested.created_at >= submitted.created_at
    assert NoteEvent.objects.filter(note=note).count() == 3


# --- Emails -----------------------------------------------------------------


def test_sending_for_review_emails_each_moderator_after_commit(
    people, django_capture_on_commit_callbacks
):
    note = write_draft(people)

    with django_capture_on_commit_callbacks() as callbacks:
        note_submit(note=note, user=people["editor"], message="Ready, I think.")
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "moderator2@example.com",
        "moderator@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "Review requested: Watermarks that survive paraphrase"
    assert "editor sent" in message.body
    assert "Ready, I think." in message.body
    assert f"{settings.SITE_URL}/admin/catalog/note/{note.pk}/change/" in message.body


def test_a_refused_transition_sends_no_email(
    people, django_capture_on_commit_callbacks
):
    note = in_review(people)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            note_approve(
                note=note, moderator=people["editor"], revision=newest_revision(note)
            )

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("decide", "subject", "reason"),
    [
        (
            lambda note, m: note_request_changes(
                note=note, moderator=m, reason="Cite the baseline."
            ),
            "Changes requested: Watermarks that survive paraphrase",
            "Cite the baseline.",
        ),
        (
            lambda note, m: note_reject(note=note, moderator=m, reason="Off topic."),
            "Rejected: Watermarks that survive paraphrase",
            "Off topic.",
        ),
        (
            lambda note, m: note_approve(
                note=note, moderator=m, comment="Nice.", revision=newest_revision(note)
            ),
            "Approved and published: Watermarks that survive paraphrase",
            "Nice.",
        ),
    ],
)
def test_the_author_is_emailed_each_decision_with_its_reason(
    people, django_capture_on_commit_callbacks, decide, subject, reason
):
    note = in_review(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(note, people["moderator"])

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["editor@example.com"], subject)
    ]
    assert reason in mail.outbox[0].body
    assert "moderator decided" in mail.outbox[0].body


def test_unpublishing_emails_the_author(people, django_capture_on_commit_callbacks):
    note = in_review(people)
    note_approve(
        note=note, moderator=people["moderator"], revision=newest_revision(note)
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        note_unpublish(note=note, moderator=people["moderator2"], reason="Retracted.")

    assert [m.subject for m in mail.outbox] == [
        "Unpublished: Watermarks that survive paraphrase"
    ]
    assert "Retracted." in mail.outbox[0].body
