"""The area page: the seed listing reproduced, then filters on top of it."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Note
from tests.pagetext import visible_lines

SEED = (
    Path(__file__).resolve().parents[2] / "catalog" / "demo" / "icml2025_llm_safety.txt"
)
URL = "/ICML2025/llm_safety/"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text().splitlines() if line.strip()]


def test_area_page_reproduces_the_seed_listing_line_by_line(demo, client):
    response = client.get(URL)

    assert response.status_code == 200
    expected = [line for line in seed_lines() if not line.startswith("📌")]
    assert visible_lines(response.content.decode()) == expected


def test_top_topics_line_counts_curated_topics(demo, client):
    lines = visible_lines(client.get(URL).content.decode())

    assert lines[3] == (
        "🔥 Top topics: LLM ×14 · Adversarial Robustness ×7 · Alignment/RLHF ×6 · "
        "Continual Learning ×3 · Watermarking ×3"
    )


def test_same_area_line_lists_other_venues_in_display_order_with_counts(demo, client):
    from tests.factories import make_note

    for title in ["Shield A", "Shield B"]:
        make_note(venue="ICLR2026", title=title)
    make_note(venue="CVPR2026", title="Camera shield")
    make_note(venue="ICML2026", title="Draft only", status=Note.Status.DRAFT)

    response = client.get(URL)

    lines = visible_lines(response.content.decode())
    assert lines[3] == "📌 Same area in other venues: 📷 CVPR2026 (1) · 🔬 ICLR2026 (2)"
    assert b'href="/ICLR2026/llm_safety/"' in response.content


def test_same_area_and_top_topics_lines_are_left_out_when_empty(db, client):
    from tests.factories import make_note

    make_note(title="Lonely note", topics=["LLM"])
    make_note(title="Other note", topics=["Watermarking"])

    lines = visible_lines(client.get(URL).content.decode())

    assert lines[:4] == [
        "Skip to content",
        "🔒 LLM Safety",
        "🧪 ICML2025 · 2 paper notes",
        "Lonely note",
    ]


def test_drafts_and_future_notes_stay_off_the_page(db, client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_note

    make_note(title="Visible note")
    make_note(title="Draft note", status=Note.Status.DRAFT)
    make_note(title="Scheduled note", published_at=timezone.now() + timedelta(days=1))

    page = client.get(URL).content.decode()

    assert "Visible note" in page
    assert "Draft note" not in page
    assert "Scheduled note" not in page
    assert "· 1 paper notes" in page


def test_titles_link_to_their_note_pages(demo, client):
    response = client.get(URL)

    assert (
        b'<a href="/ICML2025/llm_safety/empirical_privacy_variance/">'
        b"Empirical Privacy Variance</a>" in response.content
    )


def test_topic_filter_requires_every_chosen_topic(demo, client):
    response = client.get(URL, {"topic": ["llm", "adversarial-robustness"]})

    lines = visible_lines(response.content.decode())
    assert lines[2] == "🧪 ICML2025 · 2 of 41 paper notes"
    titles = [n.paper.title for n in response.context["notes"]]
    assert titles == [
        "CROW: Eliminating Backdoors from Large Language Models via Internal "
        "Consistency Regularization",
        "ICLShield: Exploring and Mitigating In-Context Learning Backdoor Attacks",
    ]


def test_each_top_topic_toggles_its_filter(demo, client):
    page = client.get(URL).content.decode()
    assert 'href="?topic=watermarking"' in page

    filtered = client.get(URL, {"topic": "watermarking"}).content.decode()
    assert (
        '<span aria-hidden="true">🧪</span> ICML2025 · 3 of 41 paper notes' in filtered
    )
    # The active topic's link now takes the filter off again.
    assert 'href="?" class="active" aria-current="true"' in filtered
    assert 'href="?topic=watermarking&amp;topic=llm"' in filtered


def test_words_filter_searches_titles_and_summaries(demo, client):
    response = client.get(URL, {"q": "watermark removal"})

    titles = [n.paper.title for n in response.context["notes"]]
    assert titles == ["De-mark: Watermark Removal in Large Language Models"]
    assert "1 of 41 paper notes" in response.content.decode()


def test_has_code_filter_and_newest_sort(db, client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_note

    now = timezone.now()
    make_note(
        title="Alpha",
        code_url="https://github.com/a/a",
        published_at=now - timedelta(days=3),
    )
    make_note(title="Beta", published_at=now - timedelta(days=2))
    make_note(
        title="Gamma",
        code_url="https://github.com/g/g",
        published_at=now - timedelta(days=1),
    )

    with_code = client.get(URL, {"has_code": "1"}).context["notes"]
    newest = client.get(URL, {"sort": "newest"}).context["notes"]

    assert [n.paper.title for n in with_code] == ["Alpha", "Gamma"]
    assert [n.paper.title for n in newest] == ["Gamma", "Beta", "Alpha"]


def test_filter_matching_nothing_says_so_and_offers_to_clear(demo, client):
    page = client.get(URL, {"q": "zzzz-nothing"}).content.decode()

    assert "0 of 41 paper notes" in page
    assert "No note matches these filters." in page
    assert '<a href="?">Clear the filters</a>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"topic": "no-such-topic"}, "There is no topic “no-such-topic”."),
        ({"has_code": "maybe"}, "Select a valid choice. maybe is not one of"),
        ({"sort": "random"}, "Select a valid choice. random is not one of"),
    ],
)
def test_malformed_filters_get_a_clear_message_not_a_500(demo, client, query, message):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    # Every note is still listed below the message.
    assert len(response.context["notes"]) == 41


@pytest.mark.parametrize(
    "url",
    [
        "/NOPE2025/llm_safety/",
        "/ICML2025/no_such_area/",
        "/ICML2025/llm_safety/no_such_note/",
        "/ICML2026/llm_safety/empirical_privacy_variance/",
    ],
)
def test_unknown_venue_area_or_note_is_a_404(demo, client, url):
    assert client.get(url).status_code == 404


def test_area_page_runs_the_same_queries_for_41_and_2000_notes(demo, client):
    from django.utils import timezone

    from catalog.models import Area, Paper, TaggedTopic, Topic, Venue

    def queries(params) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL, params).status_code == 200
        return len(context)

    filters = {"topic": "llm", "q": "model", "has_code": "0", "sort": "newest"}
    small = (queries({}), queries(filters))

    venue = Venue.objects.get(code="ICML2025")
    area = Area.objects.get(slug="llm_safety")
    papers = Paper.objects.bulk_create(
        Paper(venue=venue, area=area, slug=f"bulk_{n}", title=f"Bulk model paper {n}")
        for n in range(2000 - 41)
    )
    notes = Note.objects.bulk_create(
        Note(
            paper=paper,
            summary="A model summary.",
            summary_html="<p>A model summary.</p>",
            status=Note.Status.PUBLISHED,
            is_live=True,
            published_at=timezone.now(),
        )
        for paper in papers
    )
    topics = [Topic.objects.get(slug="watermarking"), Topic.objects.get(slug="llm")]
    TaggedTopic.objects.bulk_create(
        TaggedTopic(content_object=note, tag=topics[n % 2])
        for n, note in enumerate(notes)
    )
    listing = Note.objects.published().filter(paper__venue=venue, paper__area=area)
    assert listing.count() == 2000

    assert (queries({}), queries(filters)) == small


def test_note_page_shows_the_rendered_note(demo, client):
    response = client.get("/ICML2025/llm_safety/empirical_privacy_variance/")

    lines = visible_lines(response.content.decode())
    assert "Empirical Privacy Variance" in lines
    assert any("empirical privacy (degree of memorization)" in line for line in lines)
