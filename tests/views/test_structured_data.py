"""The reader pages' schema.org JSON-LD, read back as a crawler reads it
(tests/structured_data.py), and what a listing's <head> tells crawlers."""

import re

from tests.factories import make_bulk_notes, make_note
from tests.structured_data import (
    breadcrumb_problems,
    collection_problems,
    json_ld,
    of_type,
    page_problems,
)

BASE = "http://testserver"
AREA = "/ICML2025/llm_safety/"


def _read(client, path: str, **query) -> tuple[str, list[dict]]:
    response = client.get(path, query)
    assert response.status_code == 200, path
    html = response.content.decode()
    return html, json_ld(html, BASE + path)


def _one(items: list[dict], kind: str) -> dict:
    found = of_type(items, kind)
    assert len(found) == 1, (kind, items)
    return found[0]


def _trail(items: list[dict]) -> list[tuple]:
    data = _one(items, "BreadcrumbList")
    assert breadcrumb_problems(data) == []
    return [(e["position"], e["name"], e.get("item")) for e in data["itemListElement"]]


def _entries(items: list[dict]) -> list[tuple]:
    data = _one(items, "CollectionPage")
    assert collection_problems(data) == []
    listed = data["mainEntity"]
    return [listed["numberOfItems"]] + [
        (e["position"], e["name"], e["url"]) for e in listed["itemListElement"]
    ]


def test_an_area_page_is_a_collection_of_its_notes_under_its_breadcrumbs(site, client):
    html, items = _read(client, AREA)

    assert _trail(items) == [
        (1, "Home", f"{BASE}/"),
        (2, "ICML2025", f"{BASE}/ICML2025/"),
        (3, "LLM Safety", None),
    ]
    assert _entries(items) == [
        3,
        (1, "Alpha Shield", f"{BASE}{AREA}alpha_shield/"),
        (2, "Beta Guard", f"{BASE}{AREA}beta_guard/"),
        (3, "gamma Ward", f"{BASE}{AREA}gamma_ward/"),
    ]
    assert _one(items, "CollectionPage")["name"] == "ICML2025 LLM Safety"
    assert page_problems(html, BASE + AREA, listing=True) == []


def test_a_filtered_listing_lists_what_it_shows_and_names_its_filters(site, client):
    html, items = _read(client, AREA, topic="watermarking", sort="newest")

    assert _entries(items) == [
        2,
        (1, "gamma Ward", f"{BASE}{AREA}gamma_ward/"),
        (2, "Alpha Shield", f"{BASE}{AREA}alpha_shield/"),
    ]
    assert _one(items, "CollectionPage")["url"].startswith(f"{BASE}{AREA}?topic=")
    title = re.search(r"<title>(.*?)</title>", html)[1]
    assert title == (
        "ICML2025 LLM Safety Papers (Watermarking, newest first) · AI Paper Notes"
    )
    assert '<meta name="robots"' not in html


def test_a_second_page_numbers_its_notes_on_from_the_first(registry, client):
    make_bulk_notes(count=103, venues=["ICML2025"], areas=["llm_safety"])

    html, items = _read(client, AREA, page=2)

    total, first, *rest = _entries(items)
    assert total == 103 and first[0] == 101 and len(rest) == 2
    assert "Papers (page 2) · AI Paper Notes</title>" in html


def test_an_empty_listing_is_not_for_search_engines(site, client):
    empty, items = _read(client, "/ICML2025/hallucination/")
    nothing_matches, _ = _read(client, AREA, q="no-such-word")
    full, _ = _read(client, AREA)

    assert '<meta name="robots" content="noindex">' in empty
    assert _entries(items) == [0]
    assert '<meta name="robots" content="noindex">' in nothing_matches
    assert '<meta name="robots"' not in full


def test_a_topic_page_is_a_collection_across_venues(site, client):
    _, items = _read(client, "/topics/llm/")

    assert _trail(items) == [(1, "Home", f"{BASE}/"), (2, "Topic", None)]
    total, *entries = _entries(items)
    assert total == 4
    assert [(position, name) for position, name, _ in entries] == [
        (1, "Alpha Shield"),
        (2, "Beta Guard"),
        (3, "Delta Safety"),
        (4, "Epsilon Reasoner"),
    ]
    assert _one(items, "CollectionPage")["name"] == "LLM: paper notes"


def test_a_venue_page_lists_its_areas_and_an_area_across_venues_its_venues(
    site, client
):
    _, venue = _read(client, "/ICLR2026/")
    _, across = _read(client, "/areas/llm_safety/")

    assert _entries(venue) == [
        2,
        (1, "LLM Reasoning", f"{BASE}/ICLR2026/llm_reasoning/"),
        (2, "LLM Safety", f"{BASE}/ICLR2026/llm_safety/"),
    ]
    assert _trail(across) == [(1, "Areas", f"{BASE}/#areas"), (2, "LLM Safety", None)]
    assert [entry[1:] for entry in _entries(across)[1:]] == [
        ("LLM Safety at ICLR 2026", f"{BASE}/ICLR2026/llm_safety/"),
        ("LLM Safety at ICML 2025", f"{BASE}/ICML2025/llm_safety/"),
    ]


def test_search_results_are_a_collection_and_the_home_page_names_the_search(
    site, client
):
    _, results = _read(client, "/search/", q="shield")
    _, home = _read(client, "/")

    assert _entries(results) == [
        1,
        (1, "Alpha Shield", f"{BASE}{AREA}alpha_shield/"),
    ]
    site_data = _one(home, "WebSite")
    assert site_data["url"] == f"{BASE}/"
    action = site_data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        f"{BASE}/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert _entries(home)[0] == 6  # the recently published notes


def test_a_note_page_has_its_article_first_then_its_breadcrumbs(site, client):
    html, items = _read(client, f"{AREA}alpha_shield/")

    assert [item["@type"] for item in items] == ["Article", "BreadcrumbList"]
    assert _trail(items) == [
        (1, "Home", f"{BASE}/"),
        (2, "ICML2025", f"{BASE}/ICML2025/"),
        (3, "LLM Safety", f"{BASE}{AREA}"),
    ]
    assert page_problems(html, f"{BASE}{AREA}alpha_shield/", listing=False) == []


def test_breadcrumbs_json_cannot_close_its_script_element(registry, client):
    title = "Evil </script><script>alert(1)</script> & co"
    note = make_note(title=title)

    html, items = _read(client, f"{note.get_absolute_url()}suggest/")

    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    assert scripts and all("<" not in script for script in scripts)
    assert _trail(items)[2] == (3, title, f"{BASE}{note.get_absolute_url()}")


def test_a_note_names_the_papers_authors_in_order(registry, client):
    note = make_note(title="Authored", authors="Ada Lovelace; Kurt Gödel et al.")

    _, items = _read(client, note.get_absolute_url())

    about = _one(items, "Article")["about"]
    assert about["author"] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Person", "name": "Kurt Gödel"},
    ]


def test_a_note_without_known_authors_invents_none(registry, client):
    note = make_note(title="Anonymous")

    _, items = _read(client, note.get_absolute_url())

    assert "author" not in _one(items, "Article")["about"]
