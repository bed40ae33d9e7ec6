"""The home and venue pages, read as a reader would (their text, their links)."""

import re

from catalog.models import Area, AreaGroup
from tests.factories import make_bulk_notes, make_note
from tests.pagetext import visible_lines
from tests.views.pages import lines_of

# --- Home ---------------------------------------------------------------------


def test_home_hero_counts_notes_venues_and_areas(site, client):
    lines = lines_of(client, "/")

    assert lines[1:8] == [
        "📚 AI Conference Paper Notes",
        "AI / LLM / NLP / CV top-venue paper notes — 5-minute reads of core ideas.",
        "Covers ICLR · ICML",
        "Continuously updated",
        "6 Notes",
        "2 Conferences",
        "2 Areas",
    ]


def test_home_has_a_card_per_venue_with_its_areas_by_group(site, client):
    page = client.get("/").content.decode()
    lines = visible_lines(page)

    cards = lines[8 : lines.index("Notes by area and venue")]
    # In the venues' display order; in a group, the most notes first.
    assert cards == [
        "🔬 ICLR2026",
        "3 notes · 2 areas",
        "LLM",
        "LLM Reasoning 2",
        "LLM Safety 1",
        "🧪 ICML2025",
        "3 notes · 1 area",
        "LLM",
        "LLM Safety 3",
    ]
    assert (
        '<a href="/ICLR2026/"><span aria-hidden="true">🔬</span> ICLR2026</a>' in page
    )
    assert (
        '<a class="area-tag" href="/ICLR2026/llm_reasoning/">LLM Reasoning '
        '<span class="count">2</span></a>'
    ) in page


def test_card_areas_sort_by_count_then_slug_with_the_catch_all_last(registry, client):
    for n in range(3):
        make_note(area="llm_nlp", title=f"Other {n}")
    for area in ["llm_safety", "llm_agent", "llm_reasoning"]:
        make_note(area=area, title=f"{area} one")
    make_note(area="llm_reasoning", title="llm_reasoning two")

    lines = lines_of(client, "/")

    card = lines[lines.index("🧪 ICML2025") :][:7]
    assert card == [
        "🧪 ICML2025",
        "7 notes · 4 areas",
        "LLM",
        "LLM Reasoning 2",
        "LLM Agent 1",
        "LLM Safety 1",
        "LLM (Other) 3",
    ]


def test_home_table_counts_each_area_in_each_venue_with_links(site, client):
    page = client.get("/").content.decode()
    lines = visible_lines(page)

    tables = lines[lines.index("Notes by area and venue") :]
    table = tables[tables.index("LLM") + 1 : tables.index("Recently published")]
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

    assert lines[2:] == [
        "AI / LLM / NLP / CV top-venue paper notes — 5-minute reads of core ideas.",
        "Continuously updated",
        "0 Notes",
        "0 Conferences",
        "0 Areas",
        "No notes are published yet.",
    ]


# --- Venue --------------------------------------------------------------------


def test_venue_page_has_a_section_per_area_with_its_first_notes(site, client):
    page = client.get("/ICLR2026/").content.decode()
    lines = visible_lines(page)

    assert lines[1:] == [
        "🔬 ICLR2026 Accepted Papers",
        "3 ICLR2026 paper notes covering LLM Reasoning (2) and LLM Safety (1). "
        "Each note has TL;DR, motivation, method, experiments, highlights, and "
        "limitations — 5-minute reads of core ideas.",
        "💡 LLM Reasoning (2)",
        "Epsilon Reasoner",
        "A short summary of the paper.",
        "Zeta Thinker",
        "A short summary of the paper.",
        "🔒 LLM Safety (1)",
        "Delta Safety",
        "A short summary of the paper.",
    ]
    # The source's anchors (`{ #llm_reasoning }`) still lead to the section.
    assert '<h2 id="llm_reasoning"><a href="/ICLR2026/llm_reasoning/">' in page
    assert '<a href="/ICLR2026/llm_safety/delta_safety/">Delta Safety</a>' in page
    assert "<title>ICLR2026 Accepted Papers · 3 Notes · AI Paper Notes</title>" in page


def test_venue_page_shows_ten_notes_per_area_in_listing_order(registry, client):
    bulk = make_bulk_notes(count=12, venues=["ICML2025"], areas=["llm_safety"])
    make_note(title="aardvark first")

    lines = lines_of(client, "/ICML2025/")

    section = lines[lines.index("🔒 LLM Safety (13)") + 1 :]
    by_slug = sorted(bulk, key=lambda note: note.paper.slug)
    assert section[:-1:2] == ["aardvark first"] + [
        note.paper.title for note in by_slug[:9]
    ]
    assert section[-1] == "Browse all 13 LLM Safety papers →"


def test_small_areas_of_small_groups_go_under_more_areas(registry, client):
    groups = {group.name: group for group in AreaGroup.objects.all()}
    for position, (slug, name, group) in enumerate(
        [
            ("segmentation", "Segmentation", "Visual Perception"),
            ("object_detection", "Object Detection", "Visual Perception"),
            ("reinforcement_learning", "Reinforcement Learning", "Decision & Embodied"),
            ("recommender", "Recommender Systems", "Decision & Embodied"),
            ("causal_inference", "Causal Inference", "Foundations & Theory"),
        ]
    ):
        Area.objects.create(
            slug=slug, name=name, emoji="🔹", group=groups[group], position=position
        )
    sizes = {
        "llm_safety": 20,
        "segmentation": 10,
        "object_detection": 2,
        "reinforcement_learning": 8,
        "recommender": 1,
        "causal_inference": 3,
        "others": 1,
    }
    for area, count in sizes.items():
        make_bulk_notes(count=count, venues=["ICML2025"], areas=[area])

    lines = lines_of(client, "/ICML2025/")

    headings = [line for line in lines if re.fullmatch(r"\S+ [^()]+ \(\d+\)", line)]
    # The venue's three largest groups are LLM, Visual Perception and Decision
    # & Embodied: their small areas keep a section of their own. The small
    # areas of the other groups are under More Areas, in the registry's order.
    assert headings == [
        "🔒 LLM Safety (20)",
        "🔹 Segmentation (10)",
        "🔹 Object Detection (2)",
        "🔹 Reinforcement Learning (8)",
        "🔹 Recommender Systems (1)",
        "🗂 More Areas (4)",
        "🔹 Causal Inference (3)",
        "📂 Others (1)",
    ]
    assert lines[-1] != "Browse all 1 Others papers →"


def test_venue_page_of_unknown_or_empty_venue(site, client):
    assert client.get("/NOPE2025/").status_code == 404
    page = client.get("/CVPR2026/").content.decode()
    assert visible_lines(page)[1:] == [
        "📷 CVPR2026 Accepted Papers",
        "No notes of CVPR 2026 are published yet.",
    ]
    assert '<meta name="description" content="No CVPR2026 paper notes' in page
