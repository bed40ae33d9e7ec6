"""The editorial workflow's services: transitions, four eyes, revisions, emails.

Every transition is tried by every role (allowed and refused); the public
page is read to check draft over live and scheduled publication; stale saves,
revisions of tags, reverts, events and the emails sent after commit are
checked on the real database and Django's test mailbox.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.diffs import revision_diff
from catalog.models import Area, Note, NoteEvent, NoteRevision, Venue
from catalog.services import (
    PREVIEW_SALT,
    NoteContent,
    note_approve,
    note_archive,
    note_claim,
    note_create,
    note_from_preview_token,
    note_preview_token,
    note_publish_revision,
    note_reject,
    note_request_changes,
    note_revert,
    note_revise,
    note_set_related,
    note_snapshot,
    note_submit,
    note_unclaim,
    note_unpublish,
    note_upsert,
    review_comment_add,
    review_comment_resolve,
)
from tests.factories import make_bulk_notes, make_note
from tests.pagetext import visible_lines

ROLES = ["editor", "editor2", "moderator", "moderator2", "superuser", "staff"]


def _person(django_user_model, username: str, group: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", is_staff=True, **extra
    )
    if group:
        # The groups and their permissions come from the data migration.
        user.groups.add(Group.objects.get(name=group))
    return django_user_model.objects.get(pk=user.pk)  # No stale permission cache.


@pytest.fixture
def people(db, django_user_model):
    return {
        "editor": _person(django_user_model, "editor", "Editors"),
        "editor2": _person(django_user_model, "editor2", "Editors"),
        "moderator": _person(django_user_model, "moderator", "Moderators"),
        "moderator2": _person(django_user_model, "moderator2", "Moderators"),
        "superuser": _person(django_user_model, "admin", None, is_superuser=True),
        "staff": _person(django_user_model, "staff", None),
    }


def write_draft(people, **data) -> Note:
    """A note the editor wrote and saved once: a draft."""
    return note_create(
        venue=Venue.objects.get(code="ICML2025"),
        area=Area.objects.get(slug="llm_safety"),
        user=people["editor"],
        data={
            "title": "Watermarks that survive paraphrase",
            "summary": "The first summary.",
            "body": "## Method\n\nA first body.",
            **data,
        },
    )


def in_review(people, **data) -> Note:
    note = write_draft(people, **data)
    return note_submit(note=note, user=people["editor"])


def live_note(**kwargs) -> Note:
    """A published note, as an import makes one."""
    return make_note(title="A live paper", summary="The published summary.", **kwargs)


def public_text(client, note: Note) -> list[str] | None:
    response = client.get(note.get_absolute_url())
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return visible_lines(response.content.decode())


def actions(note: Note) -> list[str]:
    return list(note.events.order_by("pk").values_list("action", flat=True))


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
            "catalog.delete_note",
            "catalog.view_submission",
            "catalog.decide_submission",
        ]
    )
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
        lambda note, user: note_approve(note=note, moderator=user),
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
            lambda note, m: note_approve(note=note, moderator=m),
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


# --- Four eyes --------------------------------------------------------------


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
        note_approve(note=note, moderator=moderator)

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert not note.is_live
    note_approve(note=note, moderator=people["moderator2"])
    note.refresh_from_db()
    assert note.is_live


def test_a_moderator_who_last_edited_a_note_cannot_approve_it(people):
    note = in_review(people)
    note_revise(
        note=note, user=people["moderator"], changes={"summary": "Fixed a typo."}
    )

    with pytest.raises(PermissionDenied, match="four-eyes"):
        note_approve(note=note, moderator=people["moderator"])
    note_approve(note=note, moderator=people["moderator2"])


def test_an_earlier_editor_of_the_pending_change_cannot_approve_it(people):
    note = live_note()
    note_revise(note=note, user=people["moderator"], changes={"body": "Added."})
    note_revise(note=note, user=people["editor"], changes={"summary": "Better."})
    note_submit(note=note, user=people["editor"])

    with pytest.raises(PermissionDenied, match="four-eyes"):
        note_approve(note=note, moderator=people["moderator"])


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


# --- Reasons ----------------------------------------------------------------


@pytest.mark.parametrize("decide", [note_request_changes, note_reject])
def test_request_changes_and_reject_need_a_reason(people, decide):
    note = in_review(people)

    with pytest.raises(ValidationError, match="Say why"):
        decide(note=note, moderator=people["moderator"], reason="   ")

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_changes_requested_keeps_the_authors_text_and_records_the_reason(people):
    note = in_review(people)

    note_request_changes(
        note=note, moderator=people["moderator"], reason="Cite the baseline."
    )

    note.refresh_from_db()
    assert note.status == Note.Status.CHANGES_REQUESTED
    assert note_snapshot(note=note)["summary"] == "The first summary."
    event = note.events.first()
    assert (event.action, event.reason) == ("changes_requested", "Cite the baseline.")
    assert (event.from_status, event.to_status) == ("in_review", "changes_requested")


def test_author_revises_and_resubmits_after_changes_requested(people):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="Shorter.")

    note_revise(note=note, user=people["editor"], changes={"summary": "Short."})
    note.refresh_from_db()
    assert note.status == Note.Status.CHANGES_REQUESTED
    note_submit(note=note, user=people["editor"])
    note_approve(note=note, moderator=people["moderator2"])

    note.refresh_from_db()
    assert note.summary == "Short."
    assert actions(note) == [
        "created",
        "submitted",
        "changes_requested",
        "revised",
        "resubmitted",
        "approved",
    ]


def test_rejecting_a_new_note_archives_it_with_its_text(people, client):
    note = in_review(people)

    note_reject(note=note, moderator=people["moderator"], reason="Out of scope.")

    note.refresh_from_db()
    assert note.status == Note.Status.ARCHIVED
    assert not note.is_live
    assert note_snapshot(note=note)["summary"] == "The first summary."
    assert public_text(client, note) is None


def test_rejecting_a_live_notes_draft_keeps_the_published_text(people, client):
    note = live_note()
    rejected = note_revise(
        note=note, user=people["editor"], changes={"summary": "A worse summary."}
    )
    note_submit(note=note, user=people["editor"])

    note_reject(note=note, moderator=people["moderator"], reason="Less accurate.")

    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    assert note.is_live
    assert note_snapshot(note=note)["summary"] == "The published summary."
    assert note.current_revision.number == rejected.number + 1
    assert NoteRevision.objects.get(pk=rejected.pk).data["summary"] == (
        "A worse summary."
    )
    assert "The published summary." in public_text(client, note)


# --- Draft over live, scheduling --------------------------------------------


def test_editing_a_published_note_keeps_the_public_text_until_approval(people, client):
    note = live_note()
    assert "The published summary." in public_text(client, note)

    note_revise(
        note=note, user=people["editor"], changes={"summary": "The revised summary."}
    )
    note.refresh_from_db()

    assert note.status == Note.Status.DRAFT
    assert note.is_live
    assert note.summary == "The published summary."
    lines = public_text(client, note)
    assert "The published summary." in lines
    assert "The revised summary." not in lines

    note_submit(note=note, user=people["editor"])
    assert "The published summary." in public_text(client, note)
    note_approve(note=note, moderator=people["moderator"])

    lines = public_text(client, note)
    assert "The revised summary." in lines
    assert "The published summary." not in lines
    note.refresh_from_db()
    assert note.live_revision == note.current_revision


def test_approval_publishes_title_links_ratings_topics_and_keywords(people, client):
    note = in_review(
        people,
        title="Robust watermarks",
        code_url="https://github.com/example/wm",
        novelty=4,
        novelty_reason="A new attack model.",
        topics=["Watermarking", "LLM"],
        keywords=["paraphrase attack"],
    )

    note_approve(note=note, moderator=people["moderator"])

    note.refresh_from_db()
    assert note.paper.title == "Robust watermarks"
    assert sorted(note.topics.names()) == ["LLM", "Watermarking"]
    assert list(note.paper.keywords.names()) == ["paraphrase attack"]
    lines = public_text(client, note)
    assert "Robust watermarks" in lines
    topics = lines.index("Topics")
    assert {"LLM", "Watermarking"} <= set(lines[topics : topics + 4])
    assert "paraphrase attack" in lines
    assert any("4/5 — A new attack model." in line for line in lines)


def test_a_future_publication_time_keeps_an_approved_note_off_until_then(
    people, client, monkeypatch
):
    later = timezone.now() + timedelta(hours=2)
    note = in_review(people, published_at=later)

    note_approve(note=note, moderator=people["moderator"])

    note.refresh_from_db()
    assert note.is_live and note.published_at == later
    assert public_text(client, note) is None
    assert not Note.objects.published().filter(pk=note.pk).exists()
    # No scheduler: the public query compares with the clock when it runs.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3))
    assert Note.objects.published().filter(pk=note.pk).exists()
    assert "The first summary." in public_text(client, note)


def test_unpublish_takes_the_note_off_and_keeps_its_history(people, client):
    note = live_note()

    note_unpublish(note=note, moderator=people["moderator"], reason="Retracted.")

    note.refresh_from_db()
    assert not note.is_live
    assert note.status == Note.Status.ARCHIVED
    assert public_text(client, note) is None
    assert actions(note) == ["imported", "unpublished"]


# --- No lost edits ----------------------------------------------------------


def test_a_stale_save_is_refused_naming_who_saved_and_nothing_is_lost(people):
    note = write_draft(people)
    opened_at = note.version
    note_revise(
        note=note,
        user=people["editor2"],
        changes={"summary": "Editor two's summary."},
        expected_version=opened_at,
    )

    with pytest.raises(ValidationError) as refused:
        note_revise(
            note=note,
            user=people["editor"],
            changes={"summary": "Editor one's summary."},
            expected_version=opened_at,
        )

    message = " ".join(refused.value.messages)
    assert "Saved by editor2 at" in message
    assert "after you opened it" in message
    assert note_snapshot(note=note)["summary"] == "Editor two's summary."
    assert note.revisions.count() == 2
    note.refresh_from_db()
    assert note.version == opened_at + 1


def test_the_version_goes_up_with_every_saved_revision(people):
    note = write_draft(people)
    first = note.version

    note_revise(note=note, user=people["editor"], changes={"summary": "Two."})
    note_revise(note=note, user=people["editor"], changes={"summary": "Three."})

    note.refresh_from_db()
    assert note.version == first + 2


# --- Revisions --------------------------------------------------------------


def test_revisions_keep_topic_and_keyword_tag_changes(people):
    note = write_draft(people, topics=["LLM"], keywords=["watermark"])

    note_revise(
        note=note,
        user=people["editor"],
        changes={"topics": ["LLM", "Watermarking"], "keywords": ["robust watermark"]},
    )

    first, second = note.revisions.order_by("number")
    assert first.data["topics"] == ["LLM"]
    assert first.data["keywords"] == ["watermark"]
    assert second.data["topics"] == ["LLM", "Watermarking"]
    assert second.data["keywords"] == ["robust watermark"]
    diffs = {d.name: d for d in revision_diff(first.data, second.data)}
    assert diffs["topics"].changed
    assert str(diffs["topics"].html) == "LLM, <ins>Watermarking</ins>"
    assert str(diffs["keywords"].html) == (
        "<ins>robust watermark</ins>, <del>watermark</del>"
    )


def test_revisions_store_every_text_field_and_rating(people):
    note = write_draft(people)
    changes = {
        "arxiv_id": "2501.01234",
        "paper_url": "https://arxiv.org/abs/2501.01234",
        "code_note": "Not released",
        "area_label": "LLM Safety",
        "body": "Body text.",
        "thoroughness": 3,
        "thoroughness_reason": "Two datasets.",
        "related": [live_note().pk],
    }

    revision = note_revise(note=note, user=people["editor"], changes=changes)

    assert {key: revision.data[key] for key in changes} == changes


def test_word_diff_marks_changed_words_only():
    diffs = revision_diff(
        {"summary": "The model is <fast>."}, {"summary": "The model is very slow."}
    )
    summary = next(d for d in diffs if d.name == "summary")

    assert str(summary.html) == (
        "The model is <del>&lt;fast&gt;.</del><ins>very slow.</ins>"
    )


def test_revert_creates_a_new_revision_with_the_old_text(people):
    note = write_draft(people, topics=["LLM"])
    note_revise(
        note=note,
        user=people["editor"],
        changes={"summary": "Worse.", "topics": ["Alignment/RLHF"]},
    )
    first = note.revisions.get(number=1)

    revision = note_revert(note=note, user=people["editor2"], revision=first)

    assert revision.number == 3
    assert revision.data == first.data
    assert revision.message == "Reverted to revision 1"
    assert note.events.first().action == "reverted"
    assert note.revisions.count() == 3


def test_a_note_older_than_the_history_gets_its_text_as_a_first_revision(people):
    (note,) = make_bulk_notes(count=1, venues=["ICML2025"], areas=["llm_safety"])
    assert not note.revisions.exists()

    revision = note_revise(
        note=note, user=people["editor"], changes={"summary": "Edited."}
    )

    note.refresh_from_db()
    baseline = note.revisions.get(number=1)
    assert baseline.data["summary"] == "A bulk summary with $x^2$ math."
    assert baseline.message == "Text before the history began"
    assert note.live_revision == baseline
    assert (revision.number, note.current_revision) == (2, revision)
    assert actions(note) == ["revised"]


def test_imports_record_a_revision_and_an_event_only_when_something_changed(db):
    note = live_note(topics=["LLM"])
    assert note.revisions.count() == 1
    assert note.live_revision == note.current_revision
    assert note.current_revision.data["topics"] == ["LLM"]
    content = NoteContent(
        venue=note.paper.venue,
        area=note.paper.area,
        slug=note.paper.slug,
        title="A live paper",
        summary="The published summary.",
        published_at=note.published_at,
        topics=["LLM"],
    )

    assert note_upsert(content=content)[1] == "unchanged"
    assert note.revisions.count() == 1

    content.summary = "An imported correction."
    _, outcome = note_upsert(content=content)

    assert outcome == "updated"
    note.refresh_from_db()
    assert note.revisions.count() == 2
    assert note.current_revision.data["summary"] == "An imported correction."
    assert note.live_revision == note.current_revision
    assert actions(note) == ["imported", "imported"]


def test_an_unchanged_import_does_no_history_work(db):
    note = live_note(topics=["LLM"])
    content = NoteContent(
        venue=note.paper.venue,
        area=note.paper.area,
        slug=note.paper.slug,
        title="A live paper",
        summary="The published summary.",
        published_at=note.published_at,
        topics=["LLM"],
    )

    with CaptureQueriesContext(connection) as queries:
        assert note_upsert(content=content)[1] == "unchanged"

    touched = [q["sql"] for q in queries if "noterevision" in q["sql"]]
    touched += [q["sql"] for q in queries if "noteevent" in q["sql"]]
    assert touched == []
    assert len(queries) <= 10


def test_an_import_keeps_an_editors_draft_as_the_newest_revision(people):
    note = live_note()
    note_revise(note=note, user=people["editor"], changes={"body": "Draft body."})
    content = NoteContent(
        venue=note.paper.venue,
        area=note.paper.area,
        slug=note.paper.slug,
        title="A live paper",
        summary="An imported correction.",
        published_at=note.published_at,
    )

    note_upsert(content=content)

    note.refresh_from_db()
    assert note.summary == "An imported correction."
    assert note.live_revision.data["summary"] == "An imported correction."
    assert note.current_revision.data["body"] == "Draft body."
    assert note.current_revision.created_by == people["editor"]


def test_linking_related_notes_is_kept_in_the_history(db):
    note, other = live_note(), make_note(title="Another paper")

    note_set_related(note=note, related=[other])

    note.refresh_from_db()
    assert note.current_revision.data["related"] == [other.pk]
    assert note.live_revision == note.current_revision


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
            note_approve(note=note, moderator=people["editor"])

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
            lambda note, m: note_approve(note=note, moderator=m, comment="Nice."),
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
    note_approve(note=note, moderator=people["moderator"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        note_unpublish(note=note, moderator=people["moderator2"], reason="Retracted.")

    assert [m.subject for m in mail.outbox] == [
        "Unpublished: Watermarks that survive paraphrase"
    ]
    assert "Retracted." in mail.outbox[0].body


# --- Preview links ----------------------------------------------------------


def test_preview_token_names_the_note_until_it_expires(people):
    note = write_draft(people)

    token = note_preview_token(note=note, user=people["editor"])

    assert note_from_preview_token(token=token) == note
    assert note_from_preview_token(token=token + "x") is None
    # Signed eight days ago: TimestampSigner appends the time, then signs.
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 3600
    old = signing.Signer(salt=PREVIEW_SALT).sign(
        f"{note.pk}:{signing.b62_encode(eight_days_ago)}"
    )
    assert note_from_preview_token(token=old) is None
    assert note.events.first().action == "preview_shared"
    with pytest.raises(PermissionDenied):
        note_preview_token(note=note, user=people["staff"])
