"""note_rename: a new address for a note, its old one kept as a redirect."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from catalog.models import NoteRedirect, Paper
from catalog.services import PUBLIC_VERSION_KEY, note_rename, public_version
from tests.factories import make_note


def addresses(note) -> list[tuple[str, str, str]]:
    return list(
        NoteRedirect.objects.filter(note=note).values_list(
            "venue_code", "area_slug", "slug"
        )
    )


def test_rename_changes_the_slug_and_records_the_old_address(registry):
    note = make_note(title="Old Name")

    note_rename(note=note, slug="new_name")

    assert Paper.objects.get(pk=note.paper_id).slug == "new_name"
    assert note.get_absolute_url() == "/ICML2025/llm_safety/new_name/"
    assert addresses(note) == [("ICML2025", "llm_safety", "old_name")]


def test_rename_moves_the_public_version_on(
    registry, django_capture_on_commit_callbacks
):
    note = make_note(title="Old Name")
    before = public_version()

    with django_capture_on_commit_callbacks(execute=True):
        note_rename(note=note, slug="new_name")

    assert cache.get(PUBLIC_VERSION_KEY) != before


def test_renaming_back_takes_the_old_address_over_again(registry):
    note = make_note(title="Old Name")

    note_rename(note=note, slug="new_name")
    note_rename(note=note, slug="old_name")

    assert addresses(note) == [("ICML2025", "llm_safety", "new_name")]


def test_rename_to_the_same_slug_is_refused(registry):
    note = make_note(title="Old Name")

    with pytest.raises(ValidationError, match="already has this address"):
        note_rename(note=note, slug="old_name")


def test_rename_to_a_slug_another_paper_of_the_listing_has_is_refused(registry):
    note = make_note(title="Old Name")
    make_note(title="Taken")

    with pytest.raises(ValidationError) as error:
        note_rename(note=note, slug="taken")

    assert "already has this slug" in str(error.value)
    assert Paper.objects.get(pk=note.paper_id).slug == "old_name"
    assert not NoteRedirect.objects.exists()


def test_rename_to_a_malformed_slug_is_refused(registry):
    note = make_note(title="Old Name")

    with pytest.raises(ValidationError) as error:
        note_rename(note=note, slug="no spaces/or slashes")

    assert "slug" in error.value.message_dict
    assert Paper.objects.get(pk=note.paper_id).slug == "old_name"
