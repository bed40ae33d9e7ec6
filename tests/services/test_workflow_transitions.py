"""The editorial workflow's transitions, tried by every role.

Every transition is tried by every role (allowed and refused) and from the
wrong state; the groups hold the permissions the roles need.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Note
from catalog.services import (
    note_approve,
    note_archive,
    note_claim,
    note_preview_token,
    note_reject,
    note_request_changes,
    note_revert,
    note_revise,
    note_snapshot,
    note_submit,
    note_unclaim,
    note_unpublish,
    review_comment_add,
    review_comment_resolve,
)
from tests.factories import newest_revision
from tests.services.workflow_notes import (
    actions,
    in_review,
    live_note,
    public_text,
    write_draft,
)

ROLES = ["editor", "editor2", "moderator", "moderator2", "superuser", "staff"]


# --- Groups and permissions -------------------------------------------------


def test_groups_hold_the_workflow_permissions(people):
    editor, moderator, staff = people["editor"], people["moderator"], people["staff"]

    assert editor.has_perms(["catalog.add_note", "catalog.change_note"])
    assert editor.has_perms(["catalog.view_venue", "catalog.view_topic"])
    assert not editor.has_perm("catalog.publish_note")
    assert not editor.has_perm("catalog.delete_note")
    assert moderator.has_perms(
        [
            "catalog.publish_note",
            "catalog.review_note",
            "catalog.view_submission",
            "catalog.decide_submission",
        ]
    )
    # Deleting erases what the event log describes: superusers only.
    for permission in ("delete_note", "delete_paper", "delete_submission"):
        assert not moderator.has_perm(f"catalog.{permission}")
    assert not any(perm.startswith("catalog.") for perm in staff.get_all_permissions())


# --- Writing ----------------------------------------------------------------


def test_new_note_is_a_draft_with_its_first_revision_and_no_public_page(people, client):
    note = write_draft(people, topics=["Watermarking"], keywords=["LLM watermark"])

    assert note.status == Note.Status.DRAFT
    assert not note.is_live
    assert note.author == people["editor"]
    revision = note.current_revision
    assert revision.number == 1
    assert revision.created_by == people["editor"]
    assert revision.data["summary"] == "The first summary."
    assert revision.data["topics"] == ["Watermarking"]
    assert revision.data["keywords"] == ["LLM watermark"]
    assert actions(note) == ["created"]
    assert public_text(client, note) is None


def test_revising_needs_the_change_permission(people):
    note = write_draft(people)

    with pytest.raises(PermissionDenied):
        note_revise(note=note, user=people["staff"], changes={"summary": "Mine."})

    assert note_snapshot(note=note)["summary"] == "The first summary."


def test_revise_refuses_bad_values_naming_the_field(people):
    note = write_draft(people)

    with pytest.raises(ValidationError) as refused:
        note_revise(
            note=note,
            user=people["editor"],
            changes={"novelty": 9, "code_url": "not a link", "summary": ""},
        )

    assert set(refused.value.message_dict) == {"novelty", "code_url", "summary"}
    assert note.revisions.count() == 1


def test_a_save_that_changes_nothing_stores_no_revision(people):
    note = write_draft(people)

    revision = note_revise(
        note=note, user=people["editor"], changes={"summary": "The first summary."}
    )

    assert revision.number == 1
    assert note.revisions.count() == 1


# --- Transitions × roles ----------------------------------------------------

# action → the roles the service lets through; every other role is refused.
ALLOWED = {
    "submit": {"editor", "editor2", "moderator", "moderator2", "superuser"},
    "approve": {"moderator", "moderator2", "superuser"},
    "request_changes": {"moderator", "moderator2", "superuser"},
    "reject": {"moderator", "moderator2", "superuser"},
    "unpublish": {"moderator", "moderator2", "superuser"},
    "archive": {"editor", "moderator", "moderator2", "superuser"},
    "claim": {"moderator", "moderator2", "superuser"},
    "comment": {"moderator", "moderator2", "superuser"},
    "revise": {"editor", "editor2", "moderator", "moderator2", "superuser"},
    "revert": {"editor", "editor2", "moderator", "moderator2", "superuser"},
    "unclaim": {"moderator", "superuser"},
    "resolve": {"editor", "moderator", "moderator2", "superuser"},
    "share_preview": {"editor", "editor2", "moderator", "moderator2", "superuser"},
}


def claimed(people) -> Note:
    note = in_review(people)
    return note_claim(note=note, moderator=people["moderator"])


def commented(people) -> Note:
    note = in_review(people)
    review_comment_add(note=note, moderator=people["moderator"], text="Why?")
    return note


def revised(people) -> Note:
    note = write_draft(people)
    note_revise(note=note, user=people["editor"], changes={"summary": "Second."})
    return note


# action → (how to make the note, what to call, the status it ends in)
TRANSITIONS = {
    "submit": (
        write_draft,
        lambda note, user: note_submit(note=note, user=user),
        Note.Status.IN_REVIEW,
    ),
    "approve": (
        in_review,
        lambda note, user: note_approve(
            note=note, moderator=user, revision=newest_revision(note)
        ),
        Note.Status.PUBLISHED,
    ),
    "request_changes": (
        in_review,
        lambda note, user: note_request_changes(
            note=note, moderator=user, reason="Cite the baseline."
        ),
        Note.Status.CHANGES_REQUESTED,
    ),
    "reject": (
        in_review,
        lambda note, user: note_reject(
            note=note, moderator=user, reason="Out of scope."
        ),
        Note.Status.ARCHIVED,
    ),
    "unpublish": (
        lambda people: live_note(),
        lambda note, user: note_unpublish(note=note, moderator=user),
        Note.Status.ARCHIVED,
    ),
    "archive": (
        write_draft,
        lambda note, user: note_archive(note=note, user=user),
        Note.Status.ARCHIVED,
    ),
    "claim": (
        in_review,
        lambda note, user: note_claim(note=note, moderator=user),
        Note.Status.IN_REVIEW,
    ),
    "comment": (
        in_review,
        lambda note, user: review_comment_add(
            note=note, moderator=user, text="Say which dataset."
        ),
        Note.Status.IN_REVIEW,
    ),
    "revise": (
        write_draft,
        lambda note, user: note_revise(
            note=note, user=user, changes={"summary": "A revised summary."}
        ),
        Note.Status.DRAFT,
    ),
    "revert": (
        revised,
        lambda note, user: note_revert(
            note=note, user=user, revision=note.revisions.get(number=1)
        ),
        Note.Status.DRAFT,
    ),
    "unclaim": (
        claimed,
        lambda note, user: note_unclaim(note=note, moderator=user),
        Note.Status.IN_REVIEW,
    ),
    "resolve": (
        commented,
        lambda note, user: review_comment_resolve(
            comment=note.review_comments.get(), user=user
        ),
        Note.Status.IN_REVIEW,
    ),
    "share_preview": (
        write_draft,
        lambda note, user: note_preview_token(note=note, user=user),
        Note.Status.DRAFT,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_every_transition_for_every_role(people, action, role):
    make, call, end_status = TRANSITIONS[action]
    note = make(people)
    status_before = note.status
    events_before = note.events.count()
    user = people[role]

    if role in ALLOWED[action]:
        call(note, user)
        note.refresh_from_db()
        assert note.status == end_status
        assert note.events.count() == events_before + 1
        assert note.events.first().actor == user
    else:
        with pytest.raises(PermissionDenied):
            call(note, user)
        note.refresh_from_db()
        assert note.status == status_before
        assert note.events.count() == events_before


@pytest.mark.parametrize(
    ("make", "call", "message"),
    [
        (
            write_draft,
            lambda note, m: note_approve(
                note=note, moderator=m, revision=newest_revision(note)
            ),
            "Only a note that is in review can be approved",
        ),
        (
            write_draft,
            lambda note, m: note_request_changes(note=note, moderator=m, reason="x"),
            "Only a note that is in review can be sent back",
        ),
        (
            write_draft,
            lambda note, m: note_reject(note=note, moderator=m, reason="x"),
            "Only a note that is in review can be rejected",
        ),
        (
            write_draft,
            lambda note, m: note_unpublish(note=note, moderator=m),
            "This note is not on the public site",
        ),
        (
            write_draft,
            lambda note, m: note_claim(note=note, moderator=m),
            "Only a note that is in review can be claimed",
        ),
        (
            in_review,
            lambda note, m: note_submit(note=note, user=m),
            "Only a note that is draft or changes requested or archived",
        ),
        (
            lambda people: live_note(),
            lambda note, m: note_submit(note=note, user=m),
            "The published text is the newest revision",
        ),
        (
            lambda people: live_note(),
            lambda note, m: note_archive(note=note, user=m),
            "Unpublish the note first",
        ),
    ],
)
def test_transitions_from_the_wrong_state_are_refused(people, make, call, message):
    note = make(people)
    status_before = note.status

    with pytest.raises(ValidationError) as refused:
        call(note, people["moderator"])

    assert message in " ".join(refused.value.messages)
    note.refresh_from_db()
    assert note.status == status_before
