"""import_mkdocs learns the registry from the tree: venues, groups and areas,
their names, emojis and order, from the home page, the venue pages and the
listings' headings; a re-import applies the tree's changes."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.importers.mkdocs.site import merged_order
from catalog.models import Area, AreaGroup, Venue
from tests.importers.mkdocs_tree import note_at, table_rows, write_tree
from tests.importers.site_pages import (
    Card,
    Section,
    home_page,
    listing_page,
    note_page,
    venue_page,
)

# Two new venues around a built-in one; a new group; new areas; the built-in
# llm_safety renamed and moved to the new group.
CARDS = [
    Card(
        "KDD2026",
        "⛏️",
        [
            ("LLM", [("llm_agent", "LLM Agent", 3)]),
            (
                "Data & Graphs",
                [
                    ("tabular", "Tabular Learning", 9),
                    ("graph_mining", "Graph Mining", 4),
                    ("llm_safety", "Safety & Privacy", 2),
                ],
            ),
        ],
    ),
    Card("ICML2026", "🧪", [("LLM", [("llm_reasoning", "LLM Reasoning", 7)])]),
    Card(
        "WWW2026",
        "🕸️",
        [
            ("Data & Graphs", [("web_mining", "Web Mining", 5)]),
            ("Others", [("others", "Others", 1)]),
        ],
    ),
]

KDD_PAGE = venue_page(
    "KDD2026",
    "⛏️",
    big=[
        Section("graph_mining", "🔗", "Graph Mining", [("g", "G", "About g.")] * 4),
        Section("tabular", "📋", "Tabular Learning", [("t", "T", "About t.")] * 9),
    ],
    more=[Section("llm_safety", "🔐", "Safety & Privacy", [("s", "S", "About s.")])],
)

GRAPH_LISTING = listing_page(
    "KDD2026",
    "⛏️",
    "graph_mining",
    "🔗",
    "Graph Mining",
    [("subgraph_counting", "Subgraph Counting at Scale", "Counts small subgraphs.")],
    others=[("WWW2026", "🕸️", 2)],
)


def site_tree(root: Path, cards: list[Card] = CARDS, kdd_page: str = KDD_PAGE) -> Path:
    return write_tree(
        root,
        {
            "index.md": home_page(cards),
            "KDD2026/index.md": kdd_page,
            "KDD2026/graph_mining/index.md": GRAPH_LISTING,
            "KDD2026/graph_mining/subgraph_counting.md": note_page(
                "Subgraph Counting at Scale", conference="KDD 2026"
            ),
            "WWW2026/web_mining/crawl_budgets.md": note_page(
                "Crawl Budgets", conference="WWW 2026"
            ),
        },
    )


def run(*args: object, strict: bool = False) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    flags = ["--strict"] if strict else []
    call_command("import_mkdocs", *map(str, args), *flags, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def venues() -> list[tuple]:
    return list(Venue.objects.values_list("code", "emoji", "position", "is_current"))


def areas_of(group: str) -> list[tuple]:
    return list(
        Area.objects.filter(group__name=group)
        .order_by("position")
        .values_list("slug", "name", "emoji")
    )


@pytest.mark.django_db
def test_a_fresh_site_learns_the_registry_from_the_tree(tmp_path):
    out, err = run(site_tree(tmp_path / "docs"))

    assert (
        "Registry: venues created 2, updated 11; groups created 1, updated 7; "
        "areas created 3, updated 8." in out
    )
    assert "created 2, updated 0, unchanged 0" in out
    assert err == ""  # Everything the tree holds is named somewhere.
    # The cards in their order, then the other venues as they were.
    assert venues()[:5] == [
        ("KDD2026", "⛏️", 0, True),
        ("ICML2026", "🧪", 1, True),
        ("WWW2026", "🕸️", 2, True),
        ("ACL2026", "💬", 3, False),
        ("CVPR2026", "📷", 4, False),
    ]
    assert Venue.objects.get(code="KDD2026").name == "KDD 2026"
    # The home page's groups in its order, then the others as they were.
    assert list(AreaGroup.objects.values_list("name", "position"))[:4] == [
        ("LLM", 0),
        ("Data & Graphs", 1),
        ("Others", 2),
        ("NLP Applications", 3),
    ]
    # The venue page orders the areas (graph_mining before tabular, the
    # cards sort by counts); its headings give the emojis; the home page the
    # names and groups, the built-in llm_safety's too.
    assert areas_of("Data & Graphs") == [
        ("llm_safety", "Safety & Privacy", "🔐"),
        ("graph_mining", "Graph Mining", "🔗"),
        ("tabular", "Tabular Learning", "📋"),
        ("web_mining", "Web Mining", ""),
    ]
    assert [slug for slug, *_ in areas_of("LLM")][:2] == ["llm_reasoning", "llm_agent"]
    assert "llm_safety" not in [slug for slug, *_ in areas_of("LLM")]
    assert note_at("WWW2026", "web_mining", "crawl_budgets").paper.title == (
        "Crawl Budgets"
    )


def test_merged_order_keeps_every_list_and_breaks_ties_by_key():
    # The venue pages' runs: a partial order each; the key where they say
    # nothing (here the registry's order so far).
    runs = [["b", "d"], ["a", "c", "d"]]
    rank = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
    assert merged_order([*runs, ["e"]], key=rank.get) == ["a", "b", "c", "d", "e"]
    assert merged_order([["d", "a"], ["a"]], key=rank.get) == ["d", "a"]
    # A contradiction is settled by the key rather than refused.
    assert merged_order([["a", "b"], ["b", "a"]], key=rank.get) == ["a", "b"]


@pytest.mark.django_db
def test_a_reimport_applies_the_trees_changes_and_reports_them(tmp_path):
    docs = site_tree(tmp_path / "docs")
    run(docs)
    # The source renames an area, moves one to another group, reorders the
    # cards and gives a venue another emoji.
    cards = [
        Card("ICML2026", "🧪", CARDS[1].groups),
        Card(
            "KDD2026",
            "🧭",
            [
                ("LLM", [("llm_agent", "LLM Agents", 3)]),
                (
                    "Data & Graphs",
                    [
                        ("tabular", "Tabular Data", 9),
                        ("graph_mining", "Graph Mining", 4),
                    ],
                ),
                ("Others", [("llm_safety", "Safety & Privacy", 2)]),
            ],
        ),
        CARDS[2],
    ]
    site_tree(docs, cards=cards, kdd_page=KDD_PAGE.replace("⛏️", "🧭"))

    out, _err = run(docs)

    assert "Registry: venues created 0, updated 2;" in out
    assert "areas created 0, updated " in out
    assert venues()[:3] == [
        ("ICML2026", "🧪", 0, True),
        ("KDD2026", "🧭", 1, True),
        ("WWW2026", "🕸️", 2, True),
    ]
    assert Area.objects.get(slug="llm_agent").name == "LLM Agents"
    assert Area.objects.get(slug="tabular").name == "Tabular Data"
    assert Area.objects.get(slug="llm_safety").group.name == "Others"
    # Unchanged, a third run changes nothing at all.
    before = table_rows()
    out, _err = run(docs)
    assert (
        "Registry: venues created 0, updated 0; groups created 0, updated 0; "
        "areas created 0, updated 0." in out
    )
    assert table_rows() == before


@pytest.mark.django_db
def test_folders_nothing_names_are_imported_with_a_warning(tmp_path):
    docs = write_tree(
        tmp_path / "docs",
        {
            "ICML2025/dialogue/turn_taking.md": note_page(
                "Turn Taking", conference="ICML 2025"
            ),
            "SIGIR2027/llm_safety/private_retrieval.md": note_page(
                "Private Retrieval", conference="SIGIR 2027"
            ),
            # Not a venue folder: left out, with a warning.
            "assets/notes/readme.md": "# Not a note\n",
        },
    )

    out, err = run(docs)

    dialogue = Area.objects.get(slug="dialogue")
    assert (dialogue.name, dialogue.group.name) == ("Dialogue", "Others")
    sigir = Venue.objects.get(code="SIGIR2027")
    assert (sigir.name, sigir.year) == ("SIGIR 2027", 2027)
    assert sigir.position > Venue.objects.get(code="ECCV2024").position
    assert note_at("ICML2025", "dialogue", "turn_taking").paper.title == "Turn Taking"
    assert note_at("SIGIR2027", "llm_safety", "private_retrieval")
    assert "created 2, updated 0" in out
    assert err.splitlines() == [
        f"warning: {docs}/ICML2025/dialogue/turn_taking.md:1: area folder 'dialogue' "
        "is named by no home page, venue page or listing: imported as 'Dialogue' "
        "in Others",
        f"warning: {docs}/SIGIR2027/llm_safety/private_retrieval.md:1: venue folder "
        "'SIGIR2027' is on no home page card, venue page or listing: imported as "
        "'SIGIR 2027'",
        f"warning: {docs}/assets/notes/readme.md:1: folder 'assets' is not a venue "
        "code (like ICML2025): its files are not imported",
        "3 warnings: things read but not used, or guessed (--strict refuses them).",
    ]


@pytest.mark.django_db
def test_an_area_a_listing_names_takes_its_name_and_emoji(tmp_path):
    docs = write_tree(
        tmp_path / "docs",
        {
            "ICML2025/dialogue/index.md": listing_page(
                "ICML2025",
                "🧪",
                "dialogue",
                "🗣️",
                "Dialogue Systems",
                [("turn_taking", "Turn Taking", "When to speak.")],
            )
        },
    )

    _out, err = run(docs)

    dialogue = Area.objects.get(slug="dialogue")
    assert (dialogue.name, dialogue.emoji, dialogue.group.name) == (
        "Dialogue Systems",
        "🗣️",
        "Others",
    )
    # Named, but its group is a guess.
    assert f"{docs}/ICML2025/dialogue/index.md:16: area 'dialogue' is on no home " in (
        err
    )


@pytest.mark.django_db
def test_strict_refuses_a_folder_nothing_names_and_writes_nothing(tmp_path):
    docs = site_tree(tmp_path / "docs")
    write_tree(
        docs,
        {"ICML2025/dialogue/turn_taking.md": note_page("T", conference="ICML 2025")},
    )
    before = table_rows()

    with pytest.raises(CommandError) as refused:
        run(docs, strict=True)

    assert str(refused.value).splitlines() == [
        f"{docs}/ICML2025/dialogue/turn_taking.md:1: area folder 'dialogue' is named "
        "by no home page, venue page or listing: imported as 'Dialogue' in Others",
        "1 warnings (--strict); nothing was written.",
    ]
    assert table_rows() == before


@pytest.mark.django_db
def test_a_broken_home_page_is_refused_with_its_line_and_nothing_is_written(tmp_path):
    docs = site_tree(tmp_path / "docs")
    broken = home_page(CARDS).replace("hide:\n", "hide:\n this line is not a key\n", 1)
    write_tree(docs, {"index.md": broken})
    before = table_rows()

    with pytest.raises(CommandError) as refused:
        run(docs)

    assert str(refused.value).startswith(f"{docs}/index.md:10: ")
    assert table_rows() == before
