"""The desk in plain words: each person gets only the buttons they may use,
what a save or a refusal says reads as a sentence, and the notice that
someone else has the note open is current and said once."""

import re

from django.urls import reverse

from catalog.services import note_request_changes, note_revise
from tests.admin.note_pages import (
    as_user,
    buttons,
    change_url,
    form_data,
    in_review,
    page_messages,
    page_text,
    transition_url,
)


def _returned(people):
    note = in_review(people)
    note_request_changes(
        note=note, moderator=people["moderator"], reason="Cite the baseline."
    )
    return note


def test_the_author_of_a_returned_note_gets_resubmit_and_archive(people, client):
    note = _returned(people)

    shown = buttons(as_user(client, people["editor"]).get(change_url(note)))

    assert "Resubmit for review" in shown
    assert "Archive" in shown
    assert not any(label.startswith("Approve") for label in shown)


def test_a_moderator_does_not_get_the_authors_resubmit_or_archive(people, client):
    note = _returned(people)

    shown = buttons(as_user(client, people["moderator2"]).get(change_url(note)))

    assert "Resubmit for review" not in shown
    assert "Archive" not in shown
    assert "Add comment" in shown


def test_an_editor_gets_no_decision_on_a_note_in_review(people, client):
    note = in_review(people)

    shown = buttons(as_user(client, people["editor2"]).get(change_url(note)))

    for decision in ("Approve and publish revision 1", "Request changes", "Reject"):
        assert decision not in shown
    moderator = buttons(as_user(client, people["moderator"]).get(change_url(note)))
    for decision in ("Approve and publish revision 1", "Request changes", "Reject"):
        assert decision in moderator


def test_saving_a_returned_note_says_to_resubmit_it_not_that_it_is_a_draft(
    people, client
):
    note = _returned(people)
    as_user(client, people["editor"])

    response = client.post(
        change_url(note),
        form_data(note, summary="With the baseline cited.", _continue="1"),
        follow=True,
    )

    (said,) = page_messages(response)
    assert said == (
        "Saved “Watermarks that survive paraphrase” as revision 2. Changes were "
        "requested: resubmit it for review when you have made them."
    )
    assert "draft" not in said


def test_a_refusal_reads_as_a_sentence_with_no_state_code(people, client):
    note = in_review(people)
    as_user(client, people["editor"])

    response = client.post(transition_url(note, "archive"), follow=True)

    (said,) = page_messages(response)
    assert said.startswith("Not done: ")
    assert said.endswith(".")
    assert not re.search(r"\b[a-z]+_[a-z]+\b", said), said


def test_someone_elses_open_form_is_said_once(people, client):
    note = in_review(people)
    for _ in range(2):
        as_user(client, people["editor2"]).get(change_url(note))
        as_user(client, people["moderator"]).get(change_url(note))

    text = page_text(as_user(client, people["moderator"]).get(change_url(note)))

    assert text.count("editor2 opened this note") == 1
    assert "moderator opened this note" not in text


def test_an_open_form_is_no_longer_news_once_its_editor_has_saved(people, client):
    note = in_review(people)
    as_user(client, people["editor2"]).get(change_url(note))
    note_revise(note=note, user=people["editor2"], changes={"summary": "Later."})

    text = page_text(as_user(client, people["editor"]).get(change_url(note)))

    assert "opened this note" not in text


def test_the_review_queues_bulk_action_starts_blank(people, client):
    in_review(people)

    html = (
        as_user(client, people["moderator"])
        .get(reverse("admin:catalog_note_review_queue"))
        .content.decode()
    )

    select = re.search(r'<select name="action".*?</select>', html, re.S)[0]
    first = re.search(r"<option([^>]*)>([^<]*)</option>", select)
    assert first[2] == "Choose what to do…"
    assert 'value=""' in first[1]
    assert "selected" not in select.split("Choose what to do…")[1]


def test_the_event_logs_choices_are_words_not_codes(people, client):
    _returned(people)

    html = (
        as_user(client, people["moderator"])
        .get(reverse("admin:catalog_note_events"))
        .content.decode()
    )

    choices = re.findall(r'<option value="([a-z_ ]*)"[^>]*>([^<]*)</option>', html)
    assert ("changes_requested", "Requested changes") in choices
    assert ("submitted", "Sent it for review") in choices
    assert all("_" not in label for _, label in choices)
