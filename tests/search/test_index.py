"""The search index: only what the public may see, kept current by the services,
the review workflow and the rebuild command.

Run on both databases (SQLite's FTS5 and PostgreSQL); nothing here depends on
which one runs.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Note
from catalog.services import (
    NoteContent,
    note_create,
    note_publish_revision,
    note_revise,
    note_unpublish,
    note_upsert,
)
from tests.factories import make_bulk_notes, make_note
from tests.search.results import titles

pytestmark = pytest.mark.django_db


def test_only_published_notes_are_found(client):
    make_note(title="Visible okapi")
    make_note(title="Draft okapi", status=Note.Status.DRAFT)
    make_note(title="Scheduled okapi", published_at=timezone.now() + timedelta(days=1))

    assert titles(client, q="okapi") == ["Visible okapi"]


def test_a_scheduled_note_appears_once_its_time_comes(client):
    note = make_note(
        title="Scheduled okapi", published_at=timezone.now() + timedelta(days=1)
    )
    assert titles(client, q="okapi") == []

    # Time passes: no service runs, and the note is found.
    Note.objects.filter(pk=note.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )

    assert titles(client, q="okapi") == ["Scheduled okapi"]


def test_index_follows_edits_made_through_the_services(client, registry):
    venue, area = registry["venues"]["ICML2025"], registry["areas"]["llm_safety"]

    def content(summary: str, **extra) -> NoteContent:
        return NoteContent(
            venue=venue,
            area=area,
            slug="tapir_paper",
            title="Tapir paper",
            summary=summary,
            published_at=timezone.now() - timedelta(days=1),
            **extra,
        )

    note, _ = note_upsert(content=content("About the capybara."))
    assert titles(client, q="capybara") == ["Tapir paper"]

    note_upsert(content=content("About the quokka.", topics=["Marsupials"]))
    assert titles(client, q="quokka") == ["Tapir paper"]
    assert titles(client, q="marsupials") == ["Tapir paper"]
    assert titles(client, q="capybara") == []

    note_upsert(
        content=content(
            "About the quokka.", topics=["Marsupials"], body="The **numbat** section."
        )
    )
    assert titles(client, q="numbat") == ["Tapir paper"]


def test_index_follows_the_review_workflow(client, registry):
    users = get_user_model().objects
    author = users.create_superuser("author", "author@example.com", "pw")
    moderator = users.create_superuser("moderator", "mod@example.com", "pw")
    note = note_create(
        venue=registry["venues"]["ICML2025"],
        area=registry["areas"]["llm_safety"],
        user=author,
        data={"title": "Okapi paper", "summary": "About the capybara."},
    )
    assert titles(client, q="okapi") == []

    note_publish_revision(
        note=note, revision=note.current_revision, moderator=moderator
    )
    assert titles(client, q="okapi") == ["Okapi paper"]

    # A new draft of a live note: the public still sees the live text.
    revision = note_revise(
        note=note, user=author, changes={"summary": "About the narwhal."}
    )
    assert titles(client, q="narwhal") == []
    assert titles(client, q="capybara") == ["Okapi paper"]

    note_publish_revision(note=note, revision=revision, moderator=moderator)
    assert titles(client, q="narwhal") == ["Okapi paper"]
    assert titles(client, q="capybara") == []

    note_unpublish(note=note, moderator=moderator, reason="Duplicate.")
    assert titles(client, q="okapi") == []
    assert titles(client, q="narwhal") == []


def test_rebuild_command_indexes_notes_written_behind_the_services(client):
    make_bulk_notes(count=3, venues=["ICML2025"], areas=["llm_safety"])
    assert titles(client, q="bulk") == []

    out = _call("rebuild_search_index", "--dry-run")
    assert "Would index 3 live notes" in out
    assert titles(client, q="bulk") == []

    out = _call("rebuild_search_index")
    assert "Indexed 3 live notes" in out
    assert len(titles(client, q="bulk")) == 3

    _call("rebuild_search_index")  # safe to run twice
    assert len(titles(client, q="bulk")) == 3


def _call(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
