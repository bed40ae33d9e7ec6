"""Area pages (in one venue and across venues) and topic pages, read as a reader
would (their text, their links)."""

import re

from catalog.models import Paper
from tests.factories import make_bulk_notes
from tests.pagetext import visible_lines
from tests.views.pages import lines_of

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
    # Each note once, on the page its place in the listing (slug) order puts it;
    # the bulk slugs (`bulk_1_10`) do not sort as their titles (`… 1-0010`) do.
    shown = [
        note.paper.slug for page in (first, second) for note in page.context["notes"]
    ]
    assert shown == sorted(Paper.objects.values_list("slug", flat=True))
    assert shown != [
        slug for _, slug in sorted(Paper.objects.values_list("title", "slug"))
    ]


# --- Area across venues -----------------------------------------------------------


def test_area_across_page_counts_per_venue_and_links(site, client):
    page = client.get("/areas/llm_safety/").content.decode()
    lines = visible_lines(page)

    assert lines[1:3] == ["🔒 LLM Safety", "4 paper notes in 2 venues · LLM"]
    assert lines[3:6] == ["By venue", "🔬 ICLR2026 (1)", "🧪 ICML2025 (3)"]
    assert (
        'href="/ICLR2026/llm_safety/"><span aria-hidden="true">🔬</span> ICLR2026'
        in page
    )


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
