"""The workflow's buttons on a note's admin page (POSTs), as each kind of person,
and the bulk actions of the note list; each test reads what the page says."""

from django.urls import reverse
from django.utils import timezone

from catalog.models import Note
from catalog.services import (
    note_revise,
    note_snapshot,
)
from tests.admin.note_pages import (
    as_user,
    buttons,
    change_url,
    form_data,
    in_review,
    page_messages,
    page_text,
    transition_url,
    write_draft,
)
from tests.pagetext import visible_lines
from tests.support.server import form_fields

# --- Buttons ----------------------------------------------------------------


def test_send_for_review_button_moves_the_note_and_says_so(people, client):
    note = write_draft(people)
    as_user(client, people["editor"])

    response = client.post(
        transition_url(note, "submit"), {"message": "Ready."}, follow=True
    )

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert page_messages(response) == [
        "Sent “Watermarks that survive paraphrase” for review; the moderators "
        "have been emailed."
    ]


def test_transitions_only_answer_posts(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    assert client.get(transition_url(note, "approve")).status_code == 405
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_editor_posting_approve_is_refused_with_a_message(people, client):
    note = in_review(people)
    as_user(client, people["editor2"])

    response = client.post(transition_url(note, "approve"), follow=True)

    assert page_messages(response) == ["Not done: Only a moderator can approve a note."]
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_moderator_approves_and_the_note_is_live(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    response = client.post(
        transition_url(note, "approve"),
        {"revision": note.current_revision_id},
        follow=True,
    )

    assert page_messages(response) == [
        "Approved “Watermarks that survive paraphrase”: it is live on its public page."
    ]
    client.logout()
    public = visible_lines(client.get(note.get_absolute_url()).content.decode())
    assert "The first summary." in public


def test_request_changes_needs_a_reason_and_the_author_then_sees_it(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    refused = client.post(
        transition_url(note, "request_changes"), {"reason": ""}, follow=True
    )
    assert page_messages(refused)[0].startswith("Not done: Say why you request")
    client.post(
        transition_url(note, "request_changes"),
        {"reason": "Cite the baseline paper.", "revision": note.current_revision_id},
    )

    response = as_user(client, people["editor"]).get(change_url(note))
    text = page_text(response)
    assert "Changes requested by moderator" in text
    assert "Cite the baseline paper." in text
    assert "Resubmit for review" in buttons(response)


def test_revert_button_on_the_history_page_adds_a_revision(people, client):
    note = write_draft(people)
    note_revise(note=note, user=people["editor"], changes={"summary": "Worse."})
    as_user(client, people["editor2"])

    response = client.post(
        transition_url(note, "revert"),
        {"number": 1, "next": reverse("admin:catalog_note_history", args=[note.pk])},
        follow=True,
    )

    assert page_messages(response) == [
        "Revision 3 of “Watermarks that survive paraphrase” restores revision 1's text."
    ]
    assert note_snapshot(note=note)["summary"] == "The first summary."
    assert "Reverted to revision 1" in page_text(response)


def test_comments_are_added_by_moderators_and_resolved_by_the_author(people, client):
    note = in_review(people)
    as_user(client, people["moderator"]).post(
        transition_url(note, "comment"), {"text": "Name the dataset."}
    )
    comment = note.review_comments.get()

    response = as_user(client, people["editor"]).get(change_url(note))
    assert "Resolve" in buttons(response)
    client.post(transition_url(note, "resolve"), {"comment": comment.pk})

    comment.refresh_from_db()
    assert comment.resolved_by == people["editor"]


def test_editor_cannot_comment(people, client):
    note = in_review(people)

    response = as_user(client, people["editor"]).post(
        transition_url(note, "comment"), {"text": "Looks fine to me."}, follow=True
    )

    assert page_messages(response) == [
        "Not done: Only a moderator can leave review comments."
    ]
    assert not note.review_comments.exists()


def test_bulk_actions_in_the_note_list_go_through_the_services(people, client):
    mine = in_review(people, title="Mine to approve")
    note_revise(note=mine, user=people["moderator"], changes={"summary": "Edit."})
    theirs = in_review(people, title="Theirs to approve")
    as_user(client, people["moderator"])
    changelist = reverse("admin:catalog_note_changelist")
    shown = client.get(changelist)

    response = client.post(
        changelist,
        _changelist_posted_back(
            shown, action="approve_selected", _selected_action=[mine.pk, theirs.pk]
        ),
        follow=True,
    )

    shown = page_messages(response)
    assert "Approved: “Theirs to approve”." in shown
    assert any(m.startswith("“Mine to approve” not done:") for m in shown)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("in_review", "published")


def test_approving_a_scheduled_note_says_when_it_goes_live(people, client):
    later = timezone.now() + timezone.timedelta(days=2)
    note = in_review(people, published_at=later)
    as_user(client, people["moderator"])

    response = client.post(
        transition_url(note, "approve"),
        {"revision": note.current_revision_id},
        follow=True,
    )

    when = timezone.localtime(later)
    assert page_messages(response) == [
        "Approved “Watermarks that survive paraphrase”: it goes live on "
        f"{when:%Y-%m-%d %H:%M %Z}."
    ]
    assert "goes live" in page_text(response)
    client.logout()
    assert client.get(note.get_absolute_url()).status_code == 404


def _changelist_posted_back(page, **choices) -> dict:
    data: dict[str, list[str]] = {}
    for name, value in form_fields(page.content.decode(), "changelist-form"):
        data.setdefault(name, []).append(value)
    return {**data, **choices}


def test_the_note_lists_approve_action_refuses_an_edit_saved_after_the_list_was_shown(
    people, client
):
    note = in_review(people, title="Edited during review")
    as_user(client, people["moderator"])
    changelist = reverse("admin:catalog_note_changelist")
    shown = client.get(changelist)
    note_revise(note=note, user=people["editor"], changes={"summary": "Unseen."})

    response = client.post(
        changelist,
        _changelist_posted_back(
            shown, action="approve_selected", _selected_action=[note.pk]
        ),
        follow=True,
    )

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW and not note.is_live
    assert page_messages(response) == [
        "“Edited during review” not done: editor saved revision 2 after you "
        "opened the review; look at the changes again before deciding."
    ]


def test_approve_without_the_revision_read_is_refused(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    response = client.post(transition_url(note, "approve"), follow=True)

    assert page_messages(response) == [
        "Not done: the page did not say which revision you read. Open the "
        "review queue or the note again and decide there."
    ]
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_an_edit_during_review_says_the_reviewer_must_look_again(people, client):
    note = in_review(people)
    seen = note.current_revision_id
    as_user(client, people["editor"])

    response = client.post(
        change_url(note), form_data(note, summary="Changed in review."), follow=True
    )

    assert page_messages(response) == [
        "Saved “Watermarks that survive paraphrase” as revision 2. It stays in "
        "review, and a moderator who opened revision 1 must look again: "
        "approving what they saw before this save is refused."
    ]
    as_user(client, people["moderator"])
    client.post(transition_url(note, "approve"), {"revision": seen})
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW and not note.is_live
