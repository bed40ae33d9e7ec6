"""The reader's pages: home, venue, area across venues, topic and note pages.

Each test reads the page as a reader would (its text, its links), through the
same services the site uses to write the notes.
"""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from catalog.models import Note, NoteRedirect, Paper
from catalog.services import note_rename, note_set_related
from tests.factories import make_bulk_notes, make_note
from tests.pagetext import visible_lines


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def site(registry):
    """Six published notes in two venues and two areas, and one draft."""
    notes = {
        "alpha": make_note(
            title="Alpha Shield",
            topics=["LLM", "Watermarking"],
            keywords=["privacy", "DP-SGD"],
            arxiv_id="2503.12314",
            code_note="Not released",
            area_label="Privacy / AI Safety",
            summary="Alpha bounds the leak at $(\\varepsilon,\\delta)$.",
            body=(
                "## Method\n\nThe loss is\n\n$$L = \\sum_i x_i^2$$\n\n"
                "| Model | Score |\n|---|---|\n| A | 1.0 |\n\n"
                "```python\nprint('hi')\n```\n"
            ),
            ratings={"novelty": (4, "A new angle."), "value": (3, "")},
            published_at=_ago(6),
        ),
        "beta": make_note(
            title="Beta Guard",
            topics=["LLM"],
            paper_url="https://openreview.net/forum?id=abc",
            code_url="https://github.com/b/guard",
            published_at=_ago(5),
        ),
        "gamma": make_note(
            title="gamma Ward", topics=["Watermarking"], published_at=_ago(4)
        ),
        "delta": make_note(
            venue="ICLR2026", title="Delta Safety", topics=["LLM"], published_at=_ago(3)
        ),
        "epsilon": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Epsilon Reasoner",
            topics=["Chain of Thought", "LLM"],
            published_at=_ago(2),
        ),
        "zeta": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Zeta Thinker",
            published_at=_ago(1),
        ),
        "draft": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Hidden Draft",
            topics=["LLM"],
            status=Note.Status.DRAFT,
        ),
    }
    return notes


def lines_of(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return visible_lines(response.content.decode())


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
    assert 'href="/areas/llm_safety/">🔒 LLM Safety</a>' in page
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


def test_venue_page_shows_ten_notes_per_area_by_title(registry, client):
    make_bulk_notes(count=12, venues=["ICML2025"], areas=["llm_safety"])
    make_note(title="aardvark first")

    lines = lines_of(client, "/ICML2025/")

    titles = lines[lines.index("🔒 LLM Safety (13)") + 1 : -1]
    assert titles == ["aardvark first"] + [
        f"Bulk paper {line.split()[-1]}" for line in titles[1:]
    ]
    assert len(titles) == 10
    assert titles[1:] == sorted(titles[1:])
    assert lines[-1] == "Browse all 13 LLM Safety papers →"


def test_venue_page_of_unknown_or_empty_venue(site, client):
    assert client.get("/NOPE2025/").status_code == 404
    assert lines_of(client, "/CVPR2026/")[2:] == [
        "CVPR 2026 · 0 paper notes in 0 areas",
        "No notes of CVPR 2026 are published yet.",
    ]


# --- Area in a venue (the listing page's additions) -----------------------------


def test_area_page_has_a_topic_chart_and_export_links(site, client):
    page = client.get("/ICML2025/llm_safety/").content.decode()

    chart = re.search(r"<svg class=\"topic-chart\".*?</svg>", page, re.S).group()
    assert 'role="img"' in chart
    assert re.findall(r'class="chart-label"[^>]*>([^<]+)<', chart) == [
        "LLM",
        "Watermarking",
    ]
    assert re.findall(r'class="chart-count"[^>]*>([^<]+)<', chart) == ["2", "2"]
    assert (
        '<desc id="topic-chart-desc">LLM: 2 notes; Watermarking: 2 notes</desc>'
        in chart
    )
    assert 'href="/ICML2025/llm_safety/notes.bib">BibTeX of all 3 papers</a>' in page
    assert 'href="/areas/llm_safety/">LLM Safety in all venues</a>' in page
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="AI Paper Notes: LLM Safety at ICML 2025" '
        'href="/ICML2025/llm_safety/feed.xml">' in page
    )


def test_area_page_export_links_keep_the_filters(site, client):
    page = client.get(
        "/ICML2025/llm_safety/", {"topic": "watermarking", "page": "1"}
    ).content.decode()

    assert (
        'href="/ICML2025/llm_safety/notes.bib?topic=watermarking">'
        "BibTeX of these 2 papers</a>" in page
    )


def test_area_page_paginates_long_listings(registry, client):
    make_bulk_notes(count=105, venues=["ICML2025"], areas=["llm_safety"])

    first = client.get("/ICML2025/llm_safety/")
    second = client.get("/ICML2025/llm_safety/", {"page": 2})

    assert len(first.context["notes"]) == 100
    assert len(second.context["notes"]) == 5
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    # Each note once, on the page its place in the title order puts it.
    shown = [
        note.paper.title for page in (first, second) for note in page.context["notes"]
    ]
    assert shown == sorted(Paper.objects.values_list("title", flat=True), key=str.lower)


# --- Area across venues -----------------------------------------------------------


def test_area_across_page_counts_per_venue_and_links(site, client):
    page = client.get("/areas/llm_safety/").content.decode()
    lines = visible_lines(page)

    assert lines[1:3] == ["🔒 LLM Safety", "4 paper notes in 2 venues · LLM"]
    assert lines[3:6] == ["By venue", "🔬 ICLR2026 (1)", "🧪 ICML2025 (3)"]
    assert 'href="/ICLR2026/llm_safety/">🔬 ICLR2026' in page


def test_area_across_page_tables_topics_per_venue_with_filtered_links(site, client):
    page = client.get("/areas/llm_safety/").content.decode()
    lines = visible_lines(page)

    start = lines.index("Topics by venue")
    assert lines[start + 2 : start + 14] == [
        "Topic",
        "ICLR2026",
        "ICML2025",
        "All",
        "LLM",
        "1",
        "2",
        "3",
        "Watermarking",
        "–",
        "2",
        "2",
    ]
    assert re.search(
        r'<a href="/ICML2025/llm_safety/\?topic=watermarking"[^>]*>2</a>', page
    )
    assert re.search(r'<a href="/ICLR2026/llm_safety/\?topic=llm"[^>]*>1</a>', page)
    assert '<a href="/topics/watermarking/?area=llm_safety">Watermarking</a>' in page
    assert '<svg class="topic-chart"' in page


def test_area_across_page_lists_newest_notes_with_their_place(site, client):
    lines = lines_of(client, "/areas/llm_safety/")

    newest = lines[lines.index("Newest notes") + 1 :]
    assert newest[:3] == [
        "Delta Safety",
        "🔬 ICLR2026 › 🔒 LLM Safety",
        "A short summary of the paper.",
    ]
    assert [line for line in newest if line.endswith(("Shield", "Guard", "Ward"))] == [
        "gamma Ward",
        "Beta Guard",
        "Alpha Shield",
    ]


def test_area_across_page_of_unknown_area_is_a_404(site, client):
    assert client.get("/areas/no_such_area/").status_code == 404


# --- Topic --------------------------------------------------------------------


def test_topic_page_lists_notes_across_venues_by_title(site, client):
    page = client.get("/topics/llm/").content.decode()
    lines = visible_lines(page)

    assert lines[1:3] == ["LLM", "Topic · 4 paper notes in 2 venues"]
    titles = [line for line in lines if line in {n.title for n in site.values()}]
    assert titles == ["Alpha Shield", "Beta Guard", "Delta Safety", "Epsilon Reasoner"]
    assert "🔬 ICLR2026 › 💡 LLM Reasoning" in lines
    assert "Hidden Draft" not in page


def test_topic_page_filters_by_venue_and_area(site, client):
    by_venue = client.get("/topics/llm/", {"venue": "ICLR2026"})
    by_both = client.get("/topics/llm/", {"venue": "ICLR2026", "area": "llm_safety"})

    assert [n.title for n in by_venue.context["notes"]] == [
        "Delta Safety",
        "Epsilon Reasoner",
    ]
    assert "Topic · 2 of 4 paper notes in 2 venues" in by_venue.content.decode()
    assert [n.title for n in by_both.context["notes"]] == ["Delta Safety"]
    # The choices are the venues and areas that have notes on the topic.
    page = by_venue.content.decode()
    assert '<option value="ICLR2026" selected>ICLR2026 (2)</option>' in page
    assert '<option value="ICML2025">ICML2025 (2)</option>' in page
    assert "CVPR2026" not in page


def test_topic_page_refuses_an_unknown_venue_clearly(site, client):
    response = client.get("/topics/llm/", {"venue": "NOPE2025"})

    assert response.status_code == 400
    assert "Select a valid choice. NOPE2025 is not one of" in response.content.decode()


def test_topic_page_paginates(registry, client):
    make_bulk_notes(
        count=55, venues=["ICML2025", "ICLR2026"], areas=["llm_safety"], topics=["LLM"]
    )

    first = client.get("/topics/llm/")
    second = client.get("/topics/llm/", {"page": 2})

    assert len(first.context["notes"]) == 50
    assert len(second.context["notes"]) == 5
    assert "Page 1 of 2" in first.content.decode()
    shown = [
        note.paper.title for page in (first, second) for note in page.context["notes"]
    ]
    assert shown == sorted(Paper.objects.values_list("title", flat=True), key=str.lower)


def test_unknown_topic_is_a_404(site, client):
    assert client.get("/topics/no-such-topic/").status_code == 404


# --- Note ---------------------------------------------------------------------

NOTE_URL = "/ICML2025/llm_safety/alpha_shield/"


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

    assert "@inproceedings{icml2025_alpha," in page
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


# --- Errors -------------------------------------------------------------------


def test_404_page_is_friendly(site, client, settings):
    settings.DEBUG = False

    response = client.get("/ICML2025/llm_safety/no_such_note/")

    lines = visible_lines(response.content.decode())
    assert response.status_code == 404
    assert lines[1] == "Page not found"
    assert "Browse the notes by venue and area" in lines
    assert 'action="/search/"' in response.content.decode()


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", _broken)]


@pytest.mark.urls(__name__)
def test_500_page_needs_no_database_or_context(db, client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert len(queries) == 0


# --- JSON -----------------------------------------------------------------------


def test_listing_json_for_scripts(site, client):
    response = client.get("/ICML2025/llm_safety/index.json", {"topic": "watermarking"})

    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert data["venue"] == {"code": "ICML2025", "name": "ICML 2025"}
    assert data["area"] == {"slug": "llm_safety", "name": "LLM Safety"}
    assert (data["total"], data["count"], data["page"], data["pages"]) == (3, 2, 1, 1)
    assert data["next"] is None
    assert [n["title"] for n in data["notes"]] == ["Alpha Shield", "gamma Ward"]
    alpha = data["notes"][0]
    assert alpha["url"] == "http://testserver/ICML2025/llm_safety/alpha_shield/"
    assert alpha["arxiv_url"] == "https://arxiv.org/abs/2503.12314"
    assert alpha["topics"] == ["LLM", "Watermarking"]
    assert alpha["code_note"] == "Not released"


def test_listing_json_links_the_next_page(registry, client):
    make_bulk_notes(count=101, venues=["ICML2025"], areas=["llm_safety"])

    data = client.get("/ICML2025/llm_safety/index.json").json()

    assert len(data["notes"]) == 100
    assert data["next"] == "http://testserver/ICML2025/llm_safety/index.json?page=2"


def test_note_json_for_scripts(site, client):
    note_set_related(note=site["alpha"], related=[site["delta"]])

    data = client.get(NOTE_URL + "index.json").json()

    assert data["title"] == "Alpha Shield"
    assert data["keywords"] == ["DP-SGD", "privacy"]
    assert data["ratings"] == [
        {"aspect": "Novelty", "score": 4, "reason": "A new angle."},
        {"aspect": "Value", "score": 3, "reason": ""},
    ]
    assert data["related"] == [
        {
            "title": "Delta Safety",
            "venue": "ICLR2026",
            "url": "http://testserver/ICLR2026/llm_safety/delta_safety/",
        }
    ]
    assert data["bibtex"].startswith("@inproceedings{icml2025_alpha,")
    assert "<math" in data["body_html"]


def test_json_of_unknown_note_is_a_404(site, client):
    assert client.get("/ICML2025/llm_safety/nope/index.json").status_code == 404


# --- Look and feel: landmarks, headings, static files --------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/ICML2025/",
        "/ICML2025/llm_safety/",
        "/areas/llm_safety/",
        "/topics/llm/",
        NOTE_URL,
    ],
)
def test_every_page_has_landmarks_one_h1_and_ordered_headings(site, client, url):
    page = client.get(url).content.decode()

    assert page.count("<main") == 1 and "<header" in page and "<footer" in page
    assert '<nav class="site-nav" aria-label="Site">' in page
    assert '<form class="site-search" method="get" action="/search/"' in page
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert levels.count(1) == 1 and levels[0] == 1
    # No heading skips a level on the way down.
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert 'type="application/atom+xml"' in page


def test_static_files_are_served_with_hashed_names(site, client, settings, tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    # The storage read its (then missing) manifest when collectstatic began.
    staticfiles_storage._wrapped = empty
    page = client.get("/").content.decode()

    hashed = re.search(r'href="/static/(css/site\.[0-9a-f]{12}\.css)"', page)
    assert hashed
    assert (tmp_path / hashed.group(1)).exists()


# --- A fixed number of queries ---------------------------------------------------

PAGES = [
    "/",
    "/ICML2025/",
    "/ICML2025/llm_safety/",
    "/ICML2025/llm_safety/?topic=llm&q=shield&sort=newest",
    "/areas/llm_safety/",
    "/topics/llm/",
    "/topics/llm/?venue=ICML2025&area=llm_safety",
    NOTE_URL,
    NOTE_URL + "index.json",
    NOTE_URL + "cite.bib",
    "/ICML2025/llm_safety/index.json",
    "/ICML2025/llm_safety/notes.bib",
    "/topics/llm/notes.bib",
    "/areas/llm_safety/notes.bib",
    "/feeds/atom.xml",
    "/ICML2025/feed.xml",
    "/ICML2025/llm_safety/feed.xml",
    "/areas/llm_safety/feed.xml",
    "/topics/llm/feed.xml",
    "/sitemap.xml",
]


def _queries(client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200, url
        counts[url] = len(context)
    return counts


def test_each_public_page_runs_the_same_queries_for_few_and_many_notes(
    site, client, settings
):
    # Counted without the public page cache, which would answer from memory.
    settings.PUBLIC_PAGE_CACHE = False
    note_set_related(note=site["alpha"], related=[site["beta"], site["delta"]])
    small = _queries(client)

    make_bulk_notes(
        count=300,
        venues=["ICML2025", "ICLR2026", "NeurIPS2025"],
        areas=["llm_safety", "llm_reasoning", "llm_agent"],
        topics=["LLM", "Watermarking", "Agents", "Robustness"],
    )
    assert Note.objects.published().count() == 306

    assert _queries(client) == small
    # Small numbers, not merely constant ones.
    assert max(small.values()) <= 12, small
