"""The note page, read as a reader would (its text, its links, its metadata),
and the old addresses of renamed notes."""

import json
import re

from catalog.models import NoteRedirect
from catalog.services import note_rename, note_set_related
from tests.factories import make_note
from tests.pagetext import visible_lines
from tests.views.pages import NOTE_URL

# --- Note ---------------------------------------------------------------------


def test_note_page_shows_breadcrumbs_title_and_links_out(site, client):
    page = client.get(NOTE_URL).content.decode()
    lines = visible_lines(page)

    breadcrumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group()
    assert re.findall(r'<a href="([^"]+)">', breadcrumbs) == [
        "/",
        "/ICML2025/",
        "/ICML2025/llm_safety/",
    ]
    assert lines[1] == "Alpha Shield"
    assert page.count("<h1>") == 1
    assert (
        '<a href="https://arxiv.org/abs/2503.12314" rel="noopener">2503.12314</a>'
        in page
    )
    assert '<a href="https://arxiv.org/pdf/2503.12314" rel="noopener">PDF</a>' in page
    assert '<span class="not-released">Not released</span>' in page
    assert lines[lines.index("Area") + 1] == "LLM Safety · Privacy / AI Safety"


def test_note_page_links_topics_to_topic_pages_and_keywords_to_search(site, client):
    page = client.get(NOTE_URL).content.decode()

    assert '<a href="/topics/llm/">LLM</a>' in page
    assert '<a href="/topics/watermarking/">Watermarking</a>' in page
    assert '<a href="/search/?q=DP-SGD" rel="nofollow">DP-SGD</a>' in page


def test_note_page_links_to_the_paper_page_and_code_when_not_on_arxiv(site, client):
    page = client.get("/ICML2025/llm_safety/beta_guard/").content.decode()

    assert '<a href="https://openreview.net/forum?id=abc" rel="noopener">' in page
    assert '<a href="https://github.com/b/guard" rel="noopener">' in page
    assert "arxiv.org" not in page.split("<main")[1].split("Cite the paper")[0]


def test_note_page_shows_authors_affiliations_and_pdf_the_source_gave(registry, client):
    make_note(
        title="Authored Paper",
        authors="Ada Lovelace, Alan Turing",
        affiliations="Analytical Engines Ltd; Bletchley Park",
        pdf_url="https://example.org/paper.pdf",
    )
    url = "/ICML2025/llm_safety/authored_paper/"

    lines = visible_lines(client.get(url).content.decode())
    data = json.loads(client.get(url + "index.json").content)

    assert lines[2:6] == [
        "Authors",
        "Ada Lovelace, Alan Turing",
        "Affiliations",
        "Analytical Engines Ltd; Bletchley Park",
    ]
    assert lines[lines.index("PDF") + 1] == "example.org/paper.pdf"
    assert data["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert data["affiliations"] == "Analytical Engines Ltd; Bletchley Park"
    assert data["pdf_url"] == "https://example.org/paper.pdf"


def test_note_page_renders_math_tables_and_code(site, client):
    page = client.get(NOTE_URL).content.decode()
    body = page.split("<main")[1]

    assert re.search(r'<math [^>]*display="block"', body)
    assert "$$" not in body and "\\sum" not in visible_lines(body)[0]
    assert "<table>" in body and "<td>1.0</td>" in body
    assert '<code class="language-python">' in body
    assert "$(" not in " ".join(visible_lines(page))


def test_note_page_shows_the_rating_as_stars_with_reasons(site, client):
    page = client.get(NOTE_URL).content.decode()
    lines = visible_lines(page)

    assert lines[lines.index("Rating") + 1 :][:4] == [
        "Novelty",
        "★★★★☆ 4/5 — A new angle.",
        "Value",
        "★★★☆☆ 3/5",
    ]
    assert 'role="img" aria-label="4 out of 5"' in page


def test_note_page_links_related_notes_and_its_neighbours(site, client):
    note_set_related(note=site["beta"], related=[site["delta"], site["draft"]])

    page = client.get("/ICML2025/llm_safety/beta_guard/").content.decode()

    related = page.split('id="related"')[1].split("</section>")[0]
    assert (
        '<a href="/ICLR2026/llm_safety/delta_safety/">[ICLR 2026] Delta Safety</a>'
        in related
    )
    assert "Hidden Draft" not in related
    neighbours = re.search(r'<nav class="prev-next".*?</nav>', page, re.S).group()
    assert re.findall(r'<a rel="(\w+)" href="([^"]+)">', neighbours) == [
        ("prev", "/ICML2025/llm_safety/alpha_shield/"),
        ("next", "/ICML2025/llm_safety/gamma_ward/"),
    ]


def test_first_and_last_notes_of_a_listing_have_one_neighbour(site, client):
    first = client.get(NOTE_URL).content.decode()
    last = client.get("/ICML2025/llm_safety/gamma_ward/").content.decode()

    assert (
        'rel="prev"' not in first
        and 'rel="next" href="/ICML2025/llm_safety/beta_guard/"' in first
    )
    assert (
        'rel="next"' not in last
        and 'rel="prev" href="/ICML2025/llm_safety/beta_guard/"' in last
    )


def test_note_page_metadata_canonical_opengraph_and_json_ld(site, client):
    page = client.get(NOTE_URL, {"utm": "x"}).content.decode()

    assert (
        '<link rel="canonical" href="http://testserver/ICML2025/llm_safety/alpha_shield/">'
        in page
    )
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Alpha Shield">' in page
    assert (
        '<meta property="og:url" '
        'content="http://testserver/ICML2025/llm_safety/alpha_shield/">' in page
    )
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    ).group(1)
    data = json.loads(script)
    assert data["@type"] == "Article"
    assert data["url"] == "http://testserver/ICML2025/llm_safety/alpha_shield/"
    assert data["about"]["@type"] == "ScholarlyArticle"
    assert data["about"]["name"] == "Alpha Shield"
    assert data["about"]["sameAs"] == "https://arxiv.org/abs/2503.12314"
    assert data["about"]["isPartOf"]["name"] == "ICML 2025"
    assert "Watermarking" in data["keywords"] and "privacy" in data["keywords"]


def test_json_ld_cannot_close_its_script_element(registry, client):
    make_note(title="Evil </script><script>alert(1)</script> & co")

    page = client.get(
        "/ICML2025/llm_safety/evil_scriptscriptalert1script_co/"
    ).content.decode()

    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    ).group(1)
    assert "<" not in script
    assert json.loads(script)["about"]["name"].startswith("Evil </script>")


def test_note_page_shows_its_citation(site, client):
    page = client.get(NOTE_URL).content.decode()

    assert "@inproceedings{icml2025alpha," in page
    assert (
        '<a href="/ICML2025/llm_safety/alpha_shield/cite.bib">Download BibTeX</a>'
        in page
    )


def test_drafts_are_not_public(site, client):
    assert client.get("/ICLR2026/llm_reasoning/hidden_draft/").status_code == 404


# --- Renamed notes --------------------------------------------------------------


def test_renamed_note_old_address_redirects_permanently(site, client):
    note_rename(note=site["alpha"], slug="alpha_shield_v2")

    old = client.get(NOTE_URL, {"ref": "mail"})
    new = client.get("/ICML2025/llm_safety/alpha_shield_v2/")

    assert old.status_code == 301
    assert old["Location"] == "/ICML2025/llm_safety/alpha_shield_v2/?ref=mail"
    assert visible_lines(new.content.decode())[1] == "Alpha Shield"


def test_renamed_note_downloads_redirect_too(site, client):
    note_rename(note=site["alpha"], slug="alpha_shield_v2")

    response = client.get(NOTE_URL + "cite.bib")

    assert response.status_code == 301
    assert response["Location"] == "/ICML2025/llm_safety/alpha_shield_v2/cite.bib"


def test_renamed_twice_old_addresses_go_to_the_current_one_in_one_hop(site, client):
    note_rename(note=site["alpha"], slug="second")
    note_rename(note=site["alpha"], slug="third")

    assert client.get(NOTE_URL)["Location"] == "/ICML2025/llm_safety/third/"
    assert (
        client.get("/ICML2025/llm_safety/second/")["Location"]
        == "/ICML2025/llm_safety/third/"
    )


def test_old_address_of_an_unpublished_note_is_a_404(site, client):
    NoteRedirect.objects.create(
        venue_code="ICLR2026", area_slug="llm_reasoning", slug="old", note=site["draft"]
    )

    assert client.get("/ICLR2026/llm_reasoning/old/").status_code == 404
