"""A second review round: the resubmission is marked as one, and the
moderator reads what changed since they asked, not the whole text again."""

import re

from django.urls import reverse

from catalog.services import note_request_changes, note_revise, note_submit
from tests.admin.note_pages import (
    as_user,
    change_url,
    form_data,
    in_review,
    page_text,
)


def _resubmitted(people):
    """Reviewed at revision 2, sent back, revised (3) and resubmitted."""
    note = in_review(people, summary="The first summary.", topics=["Watermarking"])
    note_revise(
        note=note,
        user=people["editor"],
        changes={"body": "A body the moderator read."},
    )
    note_request_changes(
        note=note, moderator=people["moderator"], reason="Say which attack."
    )
    note_revise(
        note=note,
        user=people["editor"],
        changes={"summary": "The summary, with the attack named."},
    )
    return note_submit(note=note, user=people["editor"])


def _chips(html: str) -> list[str]:
    return re.findall(r'<(?:ins|del) class="chip">([^<]*)<', html)


def test_the_queue_marks_a_resubmission_and_links_the_changes_since_review(
    people, client
):
    note = _resubmitted(people)
    in_review(people, title="A first submission")

    response = as_user(client, people["moderator2"]).get(
        reverse("admin:catalog_note_review_queue")
    )

    text = page_text(response)
    assert "Resubmitted — round 2 : changes since the last review" in text
    assert text.count("Resubmitted") == 1
    since = reverse("admin:catalog_note_diff", args=[note.pk]) + "?a=2&amp;b=3"
    assert since in response.content.decode()


def test_the_change_page_of_a_resubmission_shows_only_what_changed_since_review(
    people, client
):
    note = _resubmitted(people)

    response = as_user(client, people["moderator2"]).get(change_url(note))

    html = response.content.decode()
    panel = html[
        html.index('id="review-round"') : html.index(
            "</div>", html.index('id="review-round"')
        )
    ]
    assert "Resubmitted — round 2" in panel
    assert "revision 2 → 3" in panel
    # The body the moderator already read is not shown again.
    assert "TL;DR" in panel
    assert "A body the moderator read." not in panel


def test_the_diff_of_a_resubmission_opens_on_the_changes_since_review(people, client):
    note = _resubmitted(people)

    response = as_user(client, people["moderator2"]).get(
        reverse("admin:catalog_note_diff", args=[note.pk])
    )

    text = page_text(response)
    assert "From revision 2" in text
    assert "These are the changes since the last review" in text
    assert "See the whole text" in text
    assert [d.label for d in response.context["changed"]] == ["TL;DR"]


def test_a_first_review_is_not_marked_as_a_resubmission(people, client):
    note = in_review(people)

    text = page_text(as_user(client, people["moderator"]).get(change_url(note)))

    assert "Resubmitted" not in text


def test_topics_in_a_diff_are_chips_with_a_sign(people, client):
    note = in_review(people, topics=["Watermarking"])
    note_revise(note=note, user=people["editor"], changes={"topics": ["Jailbreaks"]})

    response = as_user(client, people["moderator"]).get(
        reverse("admin:catalog_note_diff", args=[note.pk]) + "?a=1&b=2"
    )

    (topics,) = [d for d in response.context["changed"] if d.label == "Topics"]
    assert _chips(str(topics.html)) == ["+ Jailbreaks", "− Watermarking"]


def test_a_form_save_of_the_same_text_is_not_a_change(people, client):
    # Browsers end a text area's lines with CR LF; the stored text has LF.
    note = in_review(people, body="## Method\n\nA key schedule.")
    as_user(client, people["editor"])

    response = client.post(
        change_url(note),
        form_data(note, body="## Method\r\n\r\nA key schedule."),
        follow=True,
    )

    assert "Nothing changed" in page_text(response)
