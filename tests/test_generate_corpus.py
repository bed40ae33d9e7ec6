"""generate_corpus: a synthetic corpus shaped like the real one, and what
every public page costs in queries whatever the corpus size."""

from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.markup import render_markdown
from catalog.models import Area, AreaGroup, Note, Paper, TaggedKeyword, TaggedTopic
from catalog.services import NoteContent, note_upsert, notes_bulk_create
from tests.factories import make_note

pytestmark = pytest.mark.django_db


def generate(notes: int, *, seed: int = 3, workers: int = 1) -> str:
    out = StringIO()
    call_command(
        "generate_corpus",
        notes=notes,
        seed=seed,
        workers=workers,
        stdout=out,
    )
    return out.getvalue()


def snapshot() -> list[tuple]:
    notes = Note.objects.select_related("paper__venue", "paper__area")
    return sorted(
        (
            note.paper.venue.code,
            note.paper.area.slug,
            note.paper.slug,
            note.paper.title,
            note.paper.arxiv_id,
            note.paper.code_url,
            note.summary,
            note.body,
            note.novelty,
            note.value_reason,
            note.published_at,
            tuple(sorted(note.topics.names())),
            tuple(sorted(note.paper.keywords.names())),
        )
        for note in notes.prefetch_related("topics", "paper__keywords")
    )


def test_same_seed_same_corpus_and_a_larger_run_extends_a_smaller_one():
    generate(20)
    report = generate(40)
    grown = snapshot()
    Paper.objects.all().delete()
    generate(40)

    assert "Creating 20 notes (20 already there)" in report
    assert snapshot() == grown
    assert len(grown) == 40


def test_another_seed_gives_another_corpus():
    generate(20, seed=1)
    first = {row[3] for row in snapshot()}
    Paper.objects.all().delete()
    generate(20, seed=2)

    assert first.isdisjoint({row[3] for row in snapshot()})


def test_running_twice_adds_nothing():
    generate(25)

    report = generate(25)

    assert "Creating 0 notes (25 already there)" in report
    assert Note.objects.count() == 25


@pytest.mark.slow
def test_rendering_in_worker_processes_gives_the_same_notes():
    generate(30, workers=2)
    in_workers = snapshot()
    html = set(Note.objects.values_list("body", "body_html"))
    Paper.objects.all().delete()
    generate(30, workers=1)

    assert snapshot() == in_workers
    assert html == set(Note.objects.values_list("body", "body_html"))


def test_registry_grows_to_50_areas_in_the_8_home_page_groups():
    generate(5)

    groups = Counter(Area.objects.values_list("group__name", flat=True))

    assert Area.objects.count() == 50
    assert len(groups) == AreaGroup.objects.count() == 8
    assert min(groups.values()) >= 1
    assert Area.objects.get(slug="llm_safety").name == "LLM Safety"


def test_notes_are_published_with_html_from_the_site_renderer():
    generate(30)

    notes = list(Note.objects.published())

    assert len(notes) == 30
    for note in notes:
        assert note.summary_html == render_markdown(note.summary)
        assert note.body_html == render_markdown(note.body)
        assert note.topics.exists()
        assert note.paper.keywords.exists()
    bodies = " ".join(note.body_html for note in notes)
    assert bodies.count("<math") > 30
    assert "<table>" in bodies
    lengths = sorted(len(note.body) for note in notes)
    assert 4000 < lengths[len(lengths) // 2] < 12000


@pytest.mark.slow
def test_listings_and_topics_are_long_tailed():
    generate(400)

    listings = Counter(Paper.objects.values_list("venue_id", "area_id")).values()
    topics = sorted(
        Counter(TaggedTopic.objects.values_list("tag_id", flat=True)).values()
    )
    keywords = Counter(TaggedKeyword.objects.values_list("tag_id", flat=True)).values()

    assert min(listings) == 1
    assert max(listings) >= 20
    assert topics[-1] >= 5 * topics[len(topics) // 2]
    assert max(keywords) >= 50
    assert sum(1 for uses in keywords if uses == 1) >= 100


def test_generated_notes_show_on_their_area_page(client):
    generate(60)
    venue, area = Counter(
        Paper.objects.values_list("venue__code", "area__slug")
    ).most_common(1)[0][0]
    count = Note.objects.filter(paper__venue__code=venue, paper__area__slug=area)

    page = client.get(f"/{venue}/{area}/").content.decode()

    assert f"· {count.count()} paper notes" in page
    assert count.first().paper.title in page


def _public_urls() -> dict[str, str]:
    """One address of each public page kind, for the corpus in the database."""
    venue, area = Counter(
        Paper.objects.values_list("venue__code", "area__slug")
    ).most_common(1)[0][0]
    note = Note.objects.select_related("paper__venue", "paper__area").order_by("pk")[0]
    topic = Counter(TaggedTopic.objects.values_list("tag__slug", flat=True))
    topic = topic.most_common(1)[0][0]
    listing = {"venue": venue, "area_slug": area}
    return {
        "home": reverse("catalog:home"),
        "venue": reverse("catalog:venue_detail", kwargs={"venue": venue}),
        "area": reverse("catalog:area_detail", kwargs=listing),
        "area, filtered": reverse("catalog:area_detail", kwargs=listing)
        + "?q=objective&has_code=1&sort=newest",
        "area across venues": reverse(
            "catalog:area_across", kwargs={"area_slug": area}
        ),
        "topic": reverse("catalog:topic_detail", kwargs={"topic_slug": topic}),
        "note": note.get_absolute_url(),
        "search": reverse("catalog:search") + "?q=objective",
        "site feed": reverse("catalog:feed_site"),
        "area feed": reverse("catalog:area_feed", kwargs=listing),
        "area BibTeX": reverse("catalog:area_bibtex", kwargs=listing),
        "area JSON": reverse("catalog:area_json", kwargs=listing),
        "sitemap": reverse("catalog:sitemap"),
    }


def _queries(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.slow
def test_every_public_page_runs_as_many_queries_for_60_as_for_600_notes(client):
    # Ten times the notes, same queries: the count does not grow with the
    # corpus, which is what keeps pages fast at 100,000 (bench/ checks there).
    generate(60)
    small = _queries(client, _public_urls())
    generate(600)

    large = _queries(client, _public_urls())

    assert large == small


def test_bulk_creation_writes_what_note_upsert_writes(registry):
    moment = timezone.now()

    def content(slug: str) -> NoteContent:
        return NoteContent(
            venue=registry["venues"]["ICML2025"],
            area=registry["areas"]["llm_safety"],
            slug=slug,
            title="A paper on $k$-anonymity",
            summary="Shows that $(\\epsilon, \\delta)$ matters.",
            body="## Method\n\n$$x^2$$\n\n| a | b |\n|---|---|\n| 1 | 2 |",
            arxiv_id="2501.00001",
            code_note="Not released",
            keywords=["Privacy", "DP-SGD"],
            topics=["LLM", "Differential Privacy"],
            ratings={"novelty": (4, "New."), "value": (3, "")},
            published_at=moment,
        )

    upserted, _ = note_upsert(content=content("one"))
    (bulk,) = notes_bulk_create(contents=[content("two")])
    upserted.refresh_from_db()
    bulk.refresh_from_db()

    def written(note: Note) -> dict:
        fields = {
            name: getattr(note, name)
            for name in [
                "summary",
                "summary_html",
                "body",
                "body_html",
                "novelty",
                "novelty_reason",
                "value",
                "status",
                "is_live",
                "published_at",
            ]
        }
        fields.update(
            paper=[getattr(note.paper, n) for n in ("title", "arxiv_id", "code_note")],
            topics=sorted(note.topics.names()),
            keywords=sorted(note.paper.keywords.names()),
            revision=note.live_revision.data,
            current=note.current_revision_id == note.live_revision_id,
            events=list(note.events.values_list("action", "to_status")),
        )
        return fields

    assert written(bulk) == written(upserted)
    assert written(bulk)["events"] == [("imported", "published")]


def test_bulk_creation_refuses_a_paper_that_already_exists(registry):
    make_note(title="Existing paper")
    clash = NoteContent(
        venue=registry["venues"]["ICML2025"],
        area=registry["areas"]["llm_safety"],
        slug="existing_paper",
        title="Existing paper",
        summary="Again.",
    )

    with pytest.raises(ValidationError, match="existing_paper is already in"):
        notes_bulk_create(contents=[clash])
    assert Note.objects.count() == 1
