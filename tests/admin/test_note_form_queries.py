"""The note form (add and change, with its editor and preview settings) runs a
fixed number of queries, whether the site holds 2 notes or 50 and whether the
note has 2 or 50 topics, keywords, related notes and events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Note, NoteEvent, Topic
from catalog.services import note_revise
from tests.factories import make_bulk_notes, make_draft


def _change_form(size: int, editor) -> str:
    others = make_bulk_notes(count=size, venues=["ICML2025"], areas=["llm_safety"])
    Topic.objects.bulk_create(
        Topic(name=f"Topic {n}", slug=f"t{n}") for n in range(size)
    )
    note = make_draft(
        author=editor, title=f"A note of {size}", summary="A $\\frac{a}{b}$ sum."
    )
    note_revise(
        note=note,
        user=editor,
        changes={
            "topics": [f"Topic {n}" for n in range(size)],
            "keywords": [f"keyword {n}" for n in range(size)],
            "related": [other.pk for other in others],
        },
    )
    NoteEvent.objects.bulk_create(
        NoteEvent(note=note, actor=editor, action="revised") for _ in range(size)
    )
    return reverse("admin:catalog_note_change", args=[note.pk])


def _add_form(size: int, editor) -> str:
    make_bulk_notes(count=size, venues=["ICML2025", "ICLR2026"], areas=["llm_safety"])
    return reverse("admin:catalog_note_add")


@pytest.mark.parametrize("page", [_change_form, _add_form], ids=["change", "add"])
def test_the_note_form_runs_as_many_queries_at_50_as_at_2(page, client, editor):
    client.force_login(editor)
    counts = {}
    for size in (2, 50):
        url = page(size, editor)
        client.get(url)  # the first open records "editing now"; count the next
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "note-editor" in response.content.decode()
        counts[size] = len(queries)
        Note.objects.all().delete()
        Topic.objects.all().delete()

    assert counts[50] == counts[2], counts
