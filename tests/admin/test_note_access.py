"""Who sees what of a note in the admin: each role's pages and buttons."""

from django.urls import reverse

from catalog.models import Note
from catalog.services import (
    note_revise,
)
from tests.admin.note_pages import (
    as_user,
    buttons,
    change_url,
    in_review,
    page_text,
    transition_url,
    write_draft,
)
from tests.factories import make_note
from tests.pagetext import visible_lines

# --- Who sees what ----------------------------------------------------------


def test_staff_without_a_group_sees_nothing_of_the_catalog(people, client):
    note = in_review(people)
    as_user(client, people["staff"])

    index = client.get(reverse("admin:index"))
    assert "Catalog" not in visible_lines(index.content.decode())
    assert "You don’t have permission to view or edit anything." in (
        index.content.decode()
    )
    for url in [
        reverse("admin:catalog_note_changelist"),
        change_url(note),
        reverse("admin:catalog_note_review_queue"),
        reverse("admin:catalog_note_events"),
        reverse("admin:catalog_note_history", args=[note.pk]),
        reverse("admin:catalog_note_diff", args=[note.pk]),
        reverse("admin:catalog_note_preview", args=[note.pk]),
        reverse("admin:catalog_paper_changelist"),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(transition_url(note, "approve")).status_code == 403
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_anonymous_visitors_are_sent_to_the_login_page(people, client):
    note = in_review(people)

    response = client.post(transition_url(note, "approve"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editor_sees_send_for_review_but_no_moderator_buttons(people, client):
    note = write_draft(people)

    response = as_user(client, people["editor"]).get(change_url(note))

    assert response.status_code == 200
    labels = buttons(response)
    assert "Send for review" in labels
    assert not any(label.startswith("Approve") for label in labels)
    assert "Request changes" not in labels
    assert "Unpublish" not in labels
    lines = visible_lines(response.content.decode())
    assert "Review queue" not in lines
    # Status is never a form field.
    assert 'name="status"' not in response.content.decode()


def test_editor_cannot_open_the_review_queue_or_the_event_log(people, client):
    as_user(client, people["editor"])

    assert client.get(reverse("admin:catalog_note_review_queue")).status_code == 403
    assert client.get(reverse("admin:catalog_note_events")).status_code == 403


def test_moderator_sees_the_review_buttons_of_a_note_in_review(people, client):
    note = in_review(people)

    response = as_user(client, people["moderator"]).get(change_url(note))

    labels = buttons(response)
    assert "Approve and publish revision 1" in labels
    assert "Request changes" in labels
    assert "Reject" in labels
    assert "Claim this review" in labels
    assert "Send for review" not in labels
    assert "Status: In review" in page_text(response)


def test_moderator_who_edited_sees_the_four_eyes_notice_instead_of_approve(
    people, client
):
    note = in_review(people)
    note_revise(note=note, user=people["moderator"], changes={"summary": "Typo."})

    response = as_user(client, people["moderator"]).get(change_url(note))

    assert not any(label.startswith("Approve") for label in buttons(response))
    assert (
        "You wrote or edited this note, so another moderator must approve it "
        "(four-eyes rule)."
    ) in page_text(response)


def test_superuser_sees_every_moderator_button(people, client):
    note = make_note(title="A live paper")

    response = as_user(client, people["superuser"]).get(change_url(note))

    assert "Unpublish" in buttons(response)
    assert "Share a preview link of revision 1 (7 days)" in buttons(response)
