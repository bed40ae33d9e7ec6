"""A listing is in the source's order, by note slug (its file names), wherever
it is shown in that order: the page, its JSON and BibTeX, previous/next and the
venue page. The other sort orders stay a reader's choice."""

import json

import pytest

from tests.factories import days_ago, make_note
from tests.views.pages import lines_of

URL = "/ICML2025/llm_safety/"

# (slug, title, published days ago), in slug order; by title "A Long Title …"
# would come first, and newest first is another order again.
NOTES = [
    ("b_second", "Bravo Second", 3),
    ("c_third", "Charlie Third", 1),
    ("short_name", "A Long Title Whose File Name Is Short", 4),
    ("x_last", "Xray Last", 2),
]
SLUG_ORDER = [title for _, title, _ in NOTES]
TITLE_ORDER = sorted(SLUG_ORDER, key=str.lower)
NEWEST_FIRST = ["Charlie Third", "Xray Last", "Bravo Second", SLUG_ORDER[2]]


@pytest.fixture
def listing(registry):
    for slug, title, days in NOTES:
        make_note(title=title, slug=slug, published_at=days_ago(days))


def test_area_page_lists_notes_by_slug_not_by_title(listing, client):
    lines = lines_of(client, URL)

    assert [line for line in lines if line in SLUG_ORDER] == SLUG_ORDER
    assert SLUG_ORDER != TITLE_ORDER


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("listing", SLUG_ORDER), ("title", TITLE_ORDER), ("newest", NEWEST_FIRST)],
)
def test_sort_choices_still_work(listing, client, sort, expected):
    notes = client.get(URL, {"sort": sort}).context["notes"]

    assert [note.paper.title for note in notes] == expected


def test_sort_menu_offers_listing_order_first_and_keeps_the_choice(listing, client):
    page = client.get(URL).content.decode()
    by_title = client.get(URL, {"sort": "title"}).content.decode()

    assert '<option value="listing" selected>Listing order</option>' in page
    assert '<option value="title">Title</option>' in page
    assert '<option value="title" selected>Title</option>' in by_title
    assert "<title>ICML2025 LLM Safety Papers (by title) · " in by_title


def test_json_and_bibtex_list_in_listing_order(listing, client):
    data = json.loads(client.get(URL + "index.json").content)
    bib = client.get(URL + "notes.bib").content.decode()

    assert [note["title"] for note in data["notes"]] == SLUG_ORDER
    titles = [
        line.split("{{", 1)[1].rstrip("},")
        for line in bib.splitlines()
        if line.lstrip().startswith("title ")
    ]
    assert titles == SLUG_ORDER


def test_previous_and_next_follow_the_listing_order(listing, client):
    page = client.get("/ICML2025/llm_safety/short_name/").content.decode()

    assert (
        '<a rel="prev" href="/ICML2025/llm_safety/c_third/">'
        '<span class="direction"><span aria-hidden="true">←</span> Previous</span>'
        " Charlie Third</a>"
    ) in page
    assert (
        '<a rel="next" href="/ICML2025/llm_safety/x_last/">'
        '<span class="direction">Next <span aria-hidden="true">→</span></span>'
        " Xray Last</a>"
    ) in page


def test_topic_page_stays_in_title_order(registry, client):
    for slug, title, _ in NOTES:
        make_note(title=title, slug=slug, topics=["LLM"])

    notes = client.get("/topics/llm/").context["notes"]
    page = client.get("/topics/llm/").content.decode()

    assert [note.paper.title for note in notes] == TITLE_ORDER
    assert '<option value="listing"' not in page
    assert '<option value="title" selected>Title</option>' in page
