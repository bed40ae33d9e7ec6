"""The note form's live preview: what is typed, rendered as the public page
renders it, with its formula problems; nothing is saved."""

import pytest
from django.test import Client
from django.urls import reverse

from catalog.markup import render_markdown
from catalog.models import NoteEvent, NoteRevision
from tests.admin.note_pages import (
    as_user,
    change_url,
    form_data,
    page_messages,
    write_draft,
)

URL = reverse("admin:catalog_note_markup_preview")
TEXT = "## Method\n\nWe bound $\\frac{a}{b}$ and $\\foo{x}$, then $$\\frac{a$$."


def test_the_preview_is_the_public_pages_html_with_the_problems(people, client):
    response = as_user(client, people["editor"]).post(URL, {"text": TEXT})

    assert response.status_code == 200
    answer = response.json()
    assert answer["html"] == render_markdown(TEXT)
    assert "<h2>Method</h2>" in answer["html"]
    assert "<mfrac>" in answer["html"]
    assert [problem["tex"] for problem in answer["problems"]] == [
        "\\foo{x}",
        "\\frac{a",
    ]
    assert answer["problems"][1]["reason"] == "a { is never closed: add its }"
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_preview_counts_the_words_a_description_keeps(people, client):
    answer = (
        as_user(client, people["editor"])
        .post(URL, {"text": "Five *short* words, $x$ here."})
        .json()
    )

    assert answer["words"] == 5
    assert answer["description_words"] == 50


def test_previewing_saves_nothing(people, client):
    note = write_draft(people, summary="The saved summary.")
    revisions, events = NoteRevision.objects.count(), NoteEvent.objects.count()

    as_user(client, people["editor"]).post(URL, {"text": "Typed, not saved."})

    note.refresh_from_db()
    assert note.summary == "The saved summary."
    assert NoteRevision.objects.count() == revisions
    assert NoteEvent.objects.count() == events


def test_staff_who_may_not_edit_notes_are_refused(people, client):
    response = as_user(client, people["staff"]).post(URL, {"text": "x"})

    assert response.status_code == 403


def test_the_preview_is_post_only_and_needs_the_csrf_token(people):
    browser = as_user(Client(enforce_csrf_checks=True), people["editor"])

    assert browser.get(URL).status_code == 405
    assert browser.post(URL, {"text": "x"}).status_code == 403


def test_a_text_too_long_to_preview_is_refused_with_a_reason(people, client):
    response = as_user(client, people["editor"]).post(URL, {"text": "a" * 200_001})

    assert response.status_code == 400
    assert response.json()["error"] == (
        "The text is over 200,000 characters, too long to preview: split it, "
        "or save to see it."
    )


@pytest.mark.parametrize("adding", [True, False])
def test_the_form_carries_the_editor_and_the_math_help(people, client, adding):
    page = reverse("admin:catalog_note_add")
    if not adding:
        page = change_url(write_draft(people))

    html = as_user(client, people["editor"]).get(page).content.decode()

    assert f'data-preview-url="{URL}"' in html
    assert "vendor/easymde-2.21.0/easymde.min.js" in html
    assert "js/note_editor.js" in html
    assert "How to write math" in html
    assert 'name="summary" cols="40" rows="7"' in html


def test_a_save_with_a_broken_formula_is_kept_and_says_what_is_broken(people, client):
    note = write_draft(people)
    as_user(client, people["editor"])
    response = client.post(
        change_url(note),
        {**form_data(note, summary="Bound $\\frac{a$."), "_continue": "1"},
        follow=True,
    )

    note.refresh_from_db()
    assert note.current_revision.data["summary"] == "Bound $\\frac{a$."
    assert (
        "1 formula cannot be shown as written, so a reader would see TeX: "
        "TL;DR: “\\frac{a”: a { is never closed: add its }. Fix them before "
        "sending the note for review."
    ) in page_messages(response)
