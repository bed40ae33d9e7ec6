"""import_listing: a rendered listing page becomes published notes."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Note, Venue

SEED = (
    Path(__file__).resolve().parents[2] / "catalog" / "demo" / "icml2025_llm_safety.txt"
)


def run(*args) -> str:
    out = StringIO()
    call_command("import_listing", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_listing_imports_41_published_notes_and_twice_changes_nothing():
    first = run(str(SEED))
    second = run(str(SEED))

    assert "created 41, updated 0, unchanged 0" in first
    assert "created 0, updated 0, unchanged 41" in second
    notes = Note.objects.published().filter(
        paper__venue__code="ICML2025", paper__area__slug="llm_safety"
    )
    assert notes.count() == 41
    assert notes.filter(paper__slug="empirical_privacy_variance").exists()


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    out = run(str(SEED), "--dry-run")

    assert "Dry run: nothing was written." in out
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_area_slug_option_and_new_venues_from_the_same_area_line(tmp_path):
    listing = tmp_path / "listing.txt"
    listing.write_text(
        "🛡️ Robustness\n\n"
        "🧪 ICML2025 · 1 paper notes\n\n"
        "📌 Same area in other venues: 🦉 COLT2026 (3)\n\n"
        "A Robust Paper\n\n"
        "It is robust, at $5 per run.\n",
        encoding="utf-8",
    )

    out = run(str(listing), "--area-slug", "robustness")

    note = Note.objects.get(paper__slug="a_robust_paper")
    assert note.paper.area.slug == "robustness"
    assert "$5 per run" in note.summary and "<math" not in note.summary_html
    colt = Venue.objects.get(code="COLT2026")
    assert (colt.name, colt.emoji, colt.year) == ("COLT 2026", "🦉", 2026)
    assert not colt.papers.exists()
    assert "1 venues added to the registry" in out


@pytest.mark.django_db
def test_a_count_that_does_not_match_names_the_line_and_writes_nothing(tmp_path):
    listing = tmp_path / "bad.txt"
    listing.write_text(
        "🔒 LLM Safety\n\n🧪 ICML2025 · 3 paper notes\n\nOnly Title\n\nOnly summary.\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        run(str(listing))

    assert str(error.value).startswith(f"{listing}:3:")
    assert "counts 3 notes, but 1 follow" in str(error.value)
    assert Note.objects.count() == 0
