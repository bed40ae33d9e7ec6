"""The search page and its .bib download: the form, results, snippets, filters,
pages and messages, and a fixed number of queries.

Run on both databases (SQLite's FTS5 and PostgreSQL); nothing here depends on
which one runs.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Note
from catalog.search import search_index_notes
from tests.factories import make_bulk_notes, make_note
from tests.pagetext import visible_lines
from tests.search.results import BIB_URL, URL, results_block, titles

pytestmark = pytest.mark.django_db


# --- The page -----------------------------------------------------------------


def test_empty_search_invites_one(client):
    response = client.get(URL)

    assert response.status_code == 200
    lines = visible_lines(response.content.decode())
    assert "Search the notes" in lines
    assert any(line.startswith("Type words from a paper’s title") for line in lines)
    assert response.content.decode().count("<h1") == 1
    assert 'name="robots" content="noindex' in response.content.decode()


def test_results_link_each_note_and_its_listing(client):
    note = make_note(title="Okapi survey", summary="All about okapis.")

    response = client.get(URL, {"q": "okapi"})

    lines = visible_lines(response.content.decode())
    assert lines[1:5] == [
        "Search: “okapi”",
        "1 note matches",
        "Okapi survey",
        "🧪 ICML2025 › 🔒 LLM Safety",
    ]
    block = results_block(response)
    assert f'<a href="{note.get_absolute_url()}">Okapi survey</a>' in block
    assert '<a href="/ICML2025/llm_safety/">' in block
    assert response.content.decode().count("<h1") == 1


def test_snippet_marks_the_matched_words_and_escapes_the_note(client):
    make_note(
        title="Attack paper",
        summary='A <script>alert("x")</script> <b>bold</b> claim about watermarks.',
    )

    block = results_block(client.get(URL, {"q": "watermark"}))

    assert "<mark>watermarks</mark>" in block
    assert "&lt;script&gt;" in block
    assert "<script>" not in block
    assert "<b>" not in block


def test_snippet_comes_from_the_body_when_the_summary_does_not_match(client):
    make_note(
        title="Quiet title",
        summary="A summary without it.",
        body="Intro. " * 40 + "Here the pangolin appears. " + "Outro. " * 40,
    )

    block = results_block(client.get(URL, {"q": "pangolin"}))

    assert "<mark>pangolin</mark>" in block
    assert "A summary without it." not in block
    assert "…" in block  # the body is cut around the match


def test_each_word_of_a_query_is_marked(client):
    make_note(title="Two words", summary="Robust watermarks resist paraphrase.")

    block = results_block(client.get(URL, {"q": "watermark paraphrase"}))

    assert "<mark>watermarks</mark>" in block
    assert "<mark>paraphrase</mark>" in block


def test_filters_by_venue_area_and_topic(client):
    make_note(title="Okapi ICML safety", topics=["Zoology"])
    make_note(title="Okapi ICML other area", area="knowledge_editing")
    make_note(title="Okapi ICLR", venue="ICLR2026")
    make_note(title="Okapi ICLR zoology", venue="ICLR2026", topics=["Zoology"])

    assert sorted(titles(client, q="okapi", venue="ICLR2026")) == [
        "Okapi ICLR",
        "Okapi ICLR zoology",
    ]
    assert titles(client, q="okapi", area="knowledge_editing") == [
        "Okapi ICML other area"
    ]
    assert sorted(titles(client, q="okapi", topic="zoology")) == [
        "Okapi ICLR zoology",
        "Okapi ICML safety",
    ]
    assert titles(client, q="okapi", venue="ICML2025", topic="zoology") == [
        "Okapi ICML safety"
    ]
    page = client.get(URL, {"q": "okapi", "venue": "ICLR2026"}).content.decode()
    assert '2 notes match in <span aria-hidden="true">🔬</span> ICLR2026' in page
    assert '<option value="ICLR2026" selected>' in page


def test_a_long_paste_is_cut_to_200_characters(client):
    make_note(title="Okapi paper")

    response = client.get(URL, {"q": "okapi " + "x" * 5000})

    assert response.status_code == 200
    assert response.context["words"] == "okapi " + "x" * 194
    assert f"<h1>Search: “okapi {'x' * 194}”</h1>" in response.content.decode()


def test_the_form_s_empty_fields_are_dropped_from_the_address(client):
    response = client.get(URL + "?q=okapi&venue=&area=&topic=")
    empty = client.get(URL + "?q=+&venue=")

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=okapi"
    assert empty["Location"] == "/search/"


def test_unknown_filter_says_so_and_searches_without_it(client):
    make_note(title="Okapi paper")

    response = client.get(URL, {"q": "okapi", "venue": "NOPE2025", "topic": "nope"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is no venue “NOPE2025”." in page
    assert "There is no topic “nope”." in page
    assert [hit.note.paper.title for hit in response.context["hits"]] == ["Okapi paper"]


def test_no_match_says_so_and_offers_to_drop_the_filters(client):
    make_note(title="Okapi paper")

    plain = visible_lines(client.get(URL, {"q": "zzzyzx"}).content.decode())
    filtered = client.get(URL, {"q": "okapi", "venue": "ICLR2026"}).content.decode()

    assert "0 notes match" in plain
    assert any(line.startswith("No published note matches “zzzyzx”.") for line in plain)
    assert "No published note matches “okapi” with these filters." in filtered
    assert '<a href="?q=okapi">search every venue, area and topic</a>' in filtered


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "AND (",
        "-",
        "--",
        "NOT",
        "OR",
        "(",
        ")",
        "^",
        "'",
        "\\",
        "%",
        "_",
        '""',
        "- - -",
        "...",
        "the of and",
        ":",
        "{}",
        "*:*",
    ],
)
def test_a_query_with_nothing_to_search_for_gets_a_message(client, query):
    make_note(title="Okapi paper")

    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "has no words to search for" in response.content.decode()
    assert response.context["hits"] == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('okapi"', True),
        ('"okapi', True),
        ("okapi*", True),
        ("okapi AND (", True),
        ("or okapi or", True),
        ("okapi -", True),
        ("{okapi}", True),
        ("okapi%", True),
        ("okapi'", True),
        # Punctuation inside a word joins its parts into a phrase.
        ("title:okapi", False),
        ("NEAR(okapi", False),
        ("okapi^2", False),
        ("-okapi okapi", False),
    ],
)
def test_fts_syntax_in_a_query_is_read_as_words(client, query, found):
    make_note(title="Okapi paper", summary="Title and near the zoo.")

    assert titles(client, q=query) == (["Okapi paper"] if found else [])


def test_results_come_20_to_a_page_with_shareable_links(client):
    make_bulk_notes(count=45, venues=["ICML2025"], areas=["llm_safety"])
    make_bulk_notes(count=3, venues=["ICLR2026"], areas=["llm_safety"])
    search_index_notes(Note.objects.all())

    first = client.get(URL, {"q": "bulk", "venue": "ICML2025"})
    third = client.get(URL, {"q": "bulk", "venue": "ICML2025", "page": "3"})

    assert len(first.context["hits"]) == 20
    assert len(third.context["hits"]) == 5
    assert (
        '45 notes match in <span aria-hidden="true">🧪</span> ICML2025 · page 1 of 3'
        in first.content.decode()
    )
    assert 'href="?q=bulk&amp;venue=ICML2025&amp;page=2"' in first.content.decode()
    assert '<ol class="search-results" start="41">' in third.content.decode()
    seen = {hit.note.pk for page in (1, 2, 3) for hit in _hits(client, page)}
    assert len(seen) == 45
    assert client.get(URL, {"q": "bulk", "page": "4"}).status_code == 404
    assert client.get(URL, {"q": "bulk", "page": "x"}).status_code == 404


def test_a_search_shows_and_counts_only_its_best_matches(client, settings):
    settings.SEARCH_MAX_RESULTS = 30
    make_bulk_notes(count=45, venues=["ICML2025"], areas=["llm_safety"])
    make_note(title="Bulk in the title", summary="Plain.")
    search_index_notes(Note.objects.all())

    first = client.get(URL, {"q": "bulk"})
    second = client.get(URL, {"q": "bulk", "page": "2"})

    text = " ".join(visible_lines(first.content.decode()))
    assert "More than 30 notes match · page 1 of 2" in text
    assert "The best-ranked 30 are shown" in text
    assert len(second.context["hits"]) == 10
    assert client.get(URL, {"q": "bulk", "page": "3"}).status_code == 404
    # Up to the limit, the count is exact.
    narrow = client.get(URL, {"q": "bulk in the title"})
    assert "1 note matches" in narrow.content.decode()


def test_pages_keep_title_above_summary_above_body_across_their_edges(client):
    # 12 notes of each kind, made in the reverse order: pages 1 and 2 each
    # hold notes of two kinds, where ranking moves from one field to the next.
    for number in range(12):
        make_note(title=f"Body {number}", summary="Plain.", body="An okapi.")
    for number in range(12):
        make_note(title=f"Summary {number}", summary="An okapi.")
    for number in range(12):
        make_note(title=f"Okapi {number}", summary="Plain.")

    pages = [titles(client, q="okapi", page=number) for number in (1, 2)]

    assert [len(page) for page in pages] == [20, 16]
    kinds = [title.split()[0] for page in pages for title in page]
    assert kinds == ["Okapi"] * 12 + ["Summary"] * 12 + ["Body"] * 12
    assert len({title for page in pages for title in page}) == 36


def test_titles_holding_every_word_come_before_titles_holding_some(client):
    # Without the tier, bm25 puts the short titles that repeat the rare word
    # above the long title that holds both: the other word is common.
    for number in range(10):
        make_note(title=f"Filler {number}", summary="A zebra.")
    for number in range(3):
        make_note(title=f"Okapi okapi okapi {number}", summary="A zebra.")
    make_note(
        title="Field notes on the okapi and the zebra across the savanna in winter",
        summary="Plain.",
    )

    found = titles(client, q="okapi zebra")

    assert found[0].startswith("Field notes on the okapi and the zebra")
    assert len(found) == 4


def _hits(client, page: int):
    response = client.get(URL, {"q": "bulk", "venue": "ICML2025", "page": page})
    return response.context["hits"]


def test_a_search_runs_the_same_queries_for_3_and_300_notes(client):
    def queries(params) -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(context)

    make_bulk_notes(
        count=3, venues=["ICML2025"], areas=["llm_safety"], topics=["Zoology"]
    )
    search_index_notes(Note.objects.all())
    filtered = {"q": "bulk paper", "venue": "ICML2025", "topic": "zoology"}
    small = (queries({}), queries({"q": "bulk"}), queries(filtered))

    make_bulk_notes(
        count=300,
        venues=["ICML2025", "ICLR2026"],
        areas=["llm_safety", "knowledge_editing"],
        topics=["Zoology", "Botany"],
    )
    search_index_notes(Note.objects.all())
    large = (queries({}), queries({"q": "bulk"}), queries(filtered))

    # The venue, area and topic choices; then the ranked page and its notes.
    assert small == large == (3, 5, 5)


# --- The .bib download ----------------------------------------------------------


def test_bibtex_of_a_search_lists_its_matches_best_first(client):
    make_note(title="Summary match", summary="An okapi.")
    make_note(title="Okapi in the title", summary="Plain.")
    make_note(title="Okapi elsewhere", venue="ICLR2026")
    make_note(title="Not a match", summary="Plain.")

    response = client.get(BIB_URL, {"q": "okapi", "venue": "ICML2025", "page": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="search-okapi.bib"'
    found = re.findall(r"title\s+= \{\{(.*)\}\}", response.content.decode())
    assert found == ["Okapi in the title", "Summary match"]


def test_search_page_links_its_bibtex_with_the_same_query(client):
    make_note(title="Okapi paper")

    page = client.get(URL, {"q": "okapi", "venue": "ICML2025"}).content.decode()

    assert (
        '<a href="/search/results.bib?q=okapi&amp;venue=ICML2025">'
        "BibTeX of these 1 papers</a>" in page
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "There are no words to search for"),
        ({"q": "***"}, "There are no words to search for"),
        ({"q": "okapi", "area": "nope"}, "area: There is no area “nope”."),
    ],
)
def test_bibtex_without_words_or_with_a_bad_filter_says_why(client, params, message):
    response = client.get(BIB_URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()
