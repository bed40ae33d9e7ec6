"""A note's history in the admin: revisions, events, word diffs and the event log."""

import re

from django.urls import reverse

from catalog.services import (
    note_approve,
    note_request_changes,
    note_revise,
    note_submit,
    review_comment_add,
)
from tests.admin.note_pages import (
    as_user,
    buttons,
    change_url,
    in_review,
    page_text,
    write_draft,
)
from tests.factories import make_note, newest_revision

# --- History, diffs, event log ----------------------------------------------


def test_changes_since_the_published_version_show_a_word_diff(people, client):
    note = make_note(title="A live paper", summary="The attack fails on large models.")
    note_revise(
        note=note,
        user=people["editor"],
        changes={
            "summary": "The attack succeeds on large models.",
            "topics": ["Adversarial Robustness"],
        },
    )
    note_submit(note=note, user=people["editor"])
    as_user(client, people["moderator"])
    queue = client.get(reverse("admin:catalog_note_review_queue")).content.decode()
    link = re.search(r'href="([^"]+)">changes since the published version', queue)

    response = client.get(link.group(1).replace("&amp;", "&"))

    html = response.content.decode()
    assert "From revision 1 (published)" in page_text(response)
    assert "The attack <del>fails</del><ins>succeeds</ins> on large models." in html
    assert '<ins class="chip">+ Adversarial Robustness</ins>' in html
    assert "2 fields changed." in page_text(response)


def test_the_reviewer_sees_a_move_among_the_changes_since_the_published_version(
    people, client
):
    # Imported: its published revision does not name its place.
    note = make_note(title="A live paper")
    note_revise(
        note=note,
        user=people["editor"],
        changes={"venue": "ICLR2026", "slug": "moved_paper"},
    )
    note_submit(note=note, user=people["editor"])
    as_user(client, people["moderator"])

    response = client.get(
        reverse("admin:catalog_note_diff", args=[note.pk]) + "?a=1&b=2"
    )

    html = response.content.decode()
    assert "<del>ICML2025</del><ins>ICLR2026</ins>" in html
    assert "<del>a_live_paper</del><ins>moved_paper</ins>" in html
    assert "2 fields changed." in page_text(response)


def test_history_lists_revisions_and_events(people, client):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="Shorter.")
    note_revise(note=note, user=people["editor"], changes={"summary": "Short."})

    response = as_user(client, people["editor"]).get(
        reverse("admin:catalog_note_history", args=[note.pk])
    )

    text = page_text(response)
    assert "2 (working) editor" in text
    assert "Revert to this" in buttons(response)
    # In sentences, never as state codes.
    for sentence in [
        "editor created the note as a draft.",
        "editor sent it for review. It waits for a moderator.",
        "moderator requested changes: Shorter. Sent back to the author.",
        "editor saved a revision.",
    ]:
        assert sentence in text
    assert "changes_requested" not in text


def test_diff_between_any_two_revisions(people, client):
    note = write_draft(people, summary="One two three.")
    note_revise(note=note, user=people["editor"], changes={"summary": "One 2 three."})
    note_revise(note=note, user=people["editor"], changes={"summary": "One 2 3."})
    as_user(client, people["editor"])
    url = reverse("admin:catalog_note_diff", args=[note.pk])

    html = client.get(url + "?a=1&b=3").content.decode()

    assert "One <del>two three.</del><ins>2 3.</ins>" in html
    assert client.get(url + "?a=1&b=9").status_code == 404


def test_event_log_shows_every_notes_events_to_moderators(people, client):
    note = in_review(people)
    other = make_note(title="Another live paper")
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )

    response = as_user(client, people["moderator"]).get(
        reverse("admin:catalog_note_events")
    )

    text = page_text(response)
    assert "Watermarks that survive paraphrase moderator2 approved it." in text
    assert f"{other} The system imported it." in text


def test_moderator_sees_decided_note_as_published_with_history(people, client):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="More.")
    note_revise(note=note, user=people["editor"], changes={"body": "More detail."})
    note_submit(note=note, user=people["editor"])
    review_comment_add(note=note, moderator=people["moderator"], text="Better.")
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )

    response = as_user(client, people["moderator"]).get(change_url(note))

    text = page_text(response)
    assert "Status: Published · on the public site (revision 2" in text
    assert "Unpublish" in buttons(response)
    assert "moderator, " in text and ": Better." in text
