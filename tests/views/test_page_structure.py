"""What every public page shares: landmarks and headings, hashed static files,
and a fixed number of queries whatever the number of notes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Note
from catalog.services import note_set_related
from tests.factories import make_bulk_notes
from tests.views.pages import NOTE_URL

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
