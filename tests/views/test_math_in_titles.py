"""Math in titles and summaries is typeset wherever a reader sees it, and is
plain text where no markup may go (<title>, metadata, feeds, JSON-LD)."""

import json
import re

import pytest

from catalog.services import note_set_related
from tests.factories import days_ago, make_note
from tests.pagetext import visible_lines

ELL = "Online $\\ell_p$-Calibration for Bandits"
ELL_SHOWN = "Online \\(\\ell_p\\)-Calibration for Bandits"
ELL_PLAIN = "Online ℓₚ-Calibration for Bandits"
CROSS = "$\\mathbf{X}^{2}$: Cross Scaling"
CROSS_SHOWN = "\\(\\mathbf{X}^{2}\\): Cross Scaling"
SUMMARY = "Bounds the regret at $O(\\sqrt{T})$ for \\$20 (measured in $/MWh)."


@pytest.fixture
def maths(registry):
    notes = {
        "ell": make_note(
            title=ELL,
            slug="online_ell_p_calibration",
            summary=SUMMARY,
            topics=["Bandits"],
            body="| Model | Latency | Speed-up |\n|---|---|---|\n"
            "| A | $5$ms | 10$\\times$ |\n",
            published_at=days_ago(2),
        ),
        "cross": make_note(
            title=CROSS,
            slug="x2_cross_scaling",
            topics=["Bandits"],
            published_at=days_ago(1),
        ),
    }
    note_set_related(note=notes["ell"], related=[notes["cross"]])
    return notes


def reading_text(html: str) -> str:
    """What the page shows outside formulas, scripts and <head>, and outside
    the source a reader copies or edits: the BibTeX entry (its `$…$` is TeX
    for LaTeX) and a form's Markdown."""
    body = html.split("<body", 1)[1]
    body = re.sub(r'<pre class="bibtex".*?</pre>', "", body, flags=re.S)
    body = re.sub(r"<textarea.*?</textarea>", "", body, flags=re.S)
    body = re.sub(r"<math.*?</math>", "", body, flags=re.S)
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def assert_no_raw_tex(html: str) -> None:
    # The currency of the summary, and the summary form's help ("$…$ for math").
    text = reading_text(html).replace("$20", "").replace("$/MWh", "")
    text = text.replace("$…$", "")
    assert "$" not in text, text
    assert "\\(" not in text and "\\ell" not in text, text


PAGES = [
    "/",
    "/ICML2025/",
    "/ICML2025/llm_safety/",
    "/ICML2025/llm_safety/online_ell_p_calibration/",
    "/ICML2025/llm_safety/x2_cross_scaling/",
    "/areas/llm_safety/",
    "/topics/bandits/",
    "/search/?q=calibration",
    "/search/?q=regret",
    "/ICML2025/llm_safety/online_ell_p_calibration/suggest/",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_page_shows_raw_tex(maths, client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert_no_raw_tex(response.content.decode())


@pytest.mark.parametrize("url", PAGES[:3] + PAGES[5:8])
def test_titles_are_typeset_in_lists(maths, client, url):
    lines = visible_lines(client.get(url).content.decode())

    assert ELL_SHOWN in lines


def test_note_page_typesets_its_title_table_related_and_neighbours(maths, client):
    html = client.get("/ICML2025/llm_safety/online_ell_p_calibration/").content.decode()
    lines = visible_lines(html)

    assert lines[1] == ELL_SHOWN
    assert (
        "Bounds the regret at \\(O(\\sqrt{T})\\) for $20 (measured in $/MWh)." in lines
    )
    assert ["\\(5\\)ms", "10\\(\\times\\)"] == lines[lines.index("A") + 1 :][:2]
    related = html.split('id="related"')[1].split("</section>")[0]
    assert "<math" in related and "\\mathbf{X}^{2}</annotation>" in related
    neighbours = html.split('class="prev-next"')[1].split("</nav>")[0]
    assert "\\mathbf{X}^{2}</annotation>" in neighbours


def test_title_metadata_and_json_ld_are_plain_text(maths, client):
    html = client.get("/ICML2025/llm_safety/online_ell_p_calibration/").content.decode()

    assert f"<title>{ELL_PLAIN} · AI Paper Notes</title>" in html
    assert f'<meta property="og:title" content="{ELL_PLAIN}">' in html
    assert (
        '<meta name="description" content="Bounds the regret at O(√T) for $20 '
        '(measured in $/MWh).">'
    ) in html
    articles = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html
        )
    ]
    article = next(data for data in articles if data["@type"] == "Article")
    assert article["headline"] == ELL_PLAIN
    assert article["about"]["name"] == ELL_PLAIN
    assert (
        article["description"]
        == "Bounds the regret at O(√T) for $20 (measured in $/MWh)."
    )


def test_listing_json_ld_names_are_plain_text(maths, client):
    html = client.get("/ICML2025/llm_safety/").content.decode()

    names = re.findall(
        r'"name": "([^"]*)", "url": "[^"]*/ICML2025/llm_safety/\w+/"', html
    )
    # In listing order: online_ell_p_calibration, then x2_cross_scaling.
    assert names == [ELL_PLAIN, "𝐗²: Cross Scaling"]


def test_feed_titles_are_plain_text(maths, client):
    feed = client.get("/ICML2025/llm_safety/feed.xml").content.decode()

    assert f"<title>{ELL_PLAIN}</title>" in feed
    assert "<title>𝐗²: Cross Scaling</title>" in feed


def test_search_results_typeset_titles_and_snippets(maths, client):
    html = client.get("/search/", {"q": "regret"}).content.decode()
    lines = visible_lines(html)

    assert ELL_SHOWN in lines
    snippet = html.split('class="snippet">')[1].split("</p>")[0]
    assert "<mark>regret</mark>" in snippet
    assert "O(\\sqrt{T})</annotation>" in snippet


def test_a_title_in_the_breadcrumbs_is_typeset_and_plain_in_json_ld(maths, client):
    html = client.get("/ICML2025/llm_safety/online_ell_p_calibration/suggest/")
    html = html.content.decode()

    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "\\ell_p</annotation>" in crumbs
    assert f'"name": "{ELL_PLAIN}"' in html
    assert f"<title>Suggest a summary: {ELL_PLAIN} · AI Paper Notes</title>" in html
