"""The home and venue pages, read as a reader would (their text, their links)."""

import re

from tests.factories import make_bulk_notes, make_note
from tests.pagetext import visible_lines
from tests.views.pages import lines_of

# --- Home ---------------------------------------------------------------------


def test_home_counts_notes_venues_and_areas(site, client):
    lines = lines_of(client, "/")

    assert lines[1] == "AI Paper Notes"
    assert lines[2] == "6 notes · 2 venues · 2 areas"


def test_home_table_counts_each_area_in_each_venue_with_links(site, client):
    page = client.get("/").content.decode()
    lines = visible_lines(page)

    table = lines[lines.index("LLM") + 1 : lines.index("Recently published")]
    # Header row, then one row per area: label, a cell per venue, the total.
    assert table == [
        "Area",
        "ICLR2026",
        "ICML2025",
        "All",
        "💡 LLM Reasoning",
        "2",
        "–",
        "2",
        "🔒 LLM Safety",
        "1",
        "3",
        "4",
    ]
    assert re.search(r'<a href="/ICML2025/llm_safety/"[^>]*>3</a>', page)
    assert re.search(r'<a href="/ICLR2026/llm_reasoning/"[^>]*>2</a>', page)
    assert (
        'href="/areas/llm_safety/"><span aria-hidden="true">🔒</span> LLM Safety</a>'
        in page
    )
    assert '<a href="/ICLR2026/">ICLR2026</a>' in page


def test_home_lists_recent_notes_newest_first_without_drafts(site, client):
    lines = lines_of(client, "/")

    recent = lines[lines.index("Recently published") + 1 :]
    titles = [line for line in recent if line in {n.title for n in site.values()}]
    assert titles == [
        "Zeta Thinker",
        "Epsilon Reasoner",
        "Delta Safety",
        "gamma Ward",
        "Beta Guard",
        "Alpha Shield",
    ]
    assert "Hidden Draft" not in client.get("/").content.decode()


def test_home_without_notes_says_so(registry, client):
    lines = lines_of(client, "/")

    assert lines[2:4] == ["0 notes · 0 venues · 0 areas", "No notes are published yet."]


# --- Venue --------------------------------------------------------------------


def test_venue_page_shows_areas_by_group_with_first_notes(site, client):
    page = client.get("/ICLR2026/").content.decode()
    lines = visible_lines(page)

    assert lines[1:3] == ["🔬 ICLR2026", "ICLR 2026 · 3 paper notes in 2 areas"]
    assert lines[3:] == [
        "LLM",
        "💡 LLM Reasoning (2)",
        "Epsilon Reasoner",
        "Zeta Thinker",
        "Browse all 2 LLM Reasoning papers →",
        "🔒 LLM Safety (1)",
        "Delta Safety",
        "Browse all 1 LLM Safety papers →",
    ]
    assert (
        '<a href="/ICLR2026/llm_reasoning/">Browse all 2 LLM Reasoning papers →</a>'
        in page
    )
    assert '<a href="/ICLR2026/llm_safety/delta_safety/">Delta Safety</a>' in page


def test_venue_page_shows_ten_notes_per_area_in_listing_order(registry, client):
    bulk = make_bulk_notes(count=12, venues=["ICML2025"], areas=["llm_safety"])
    make_note(title="aardvark first")

    lines = lines_of(client, "/ICML2025/")

    titles = lines[lines.index("🔒 LLM Safety (13)") + 1 : -1]
    by_slug = sorted(bulk, key=lambda note: note.paper.slug)
    assert titles == ["aardvark first"] + [note.paper.title for note in by_slug[:9]]
    assert lines[-1] == "Browse all 13 LLM Safety papers →"


def test_venue_page_of_unknown_or_empty_venue(site, client):
    assert client.get("/NOPE2025/").status_code == 404
    assert lines_of(client, "/CVPR2026/")[2:] == [
        "CVPR 2026 · 0 paper notes in 0 areas",
        "No notes of CVPR 2026 are published yet.",
    ]
