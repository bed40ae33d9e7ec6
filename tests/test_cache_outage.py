"""Losing the cache (Redis) costs speed, not pages.

The cache is pointed at a Redis address where nothing listens, as when Redis
has stopped: every call to it fails at once. Readers must still get every
public page, rendered from the database; /healthz says "degraded"; reader
submissions, which the cache counts, are refused with a message; and once
the cache is back, pages are stored again and none from before the outage
hides a change made during it. tests/test_faults.py does the same to a real
gunicorn through a proxy it cuts.
"""

import socket
from contextlib import contextmanager

import pytest
from django.test import override_settings

from catalog.models import Note, Submission
from catalog.services import NoteContent, note_upsert
from tests.factories import NEW_SUMMARY, make_note
from tests.views.test_submission_forms import suggest_url, suggestion_data

AREA_URL = "/ICML2025/llm_safety/"
NOTE_URL = "/ICML2025/llm_safety/cached_paper/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True
    # Try the cache again at every request: nothing here waits for a clock.
    settings.CACHE_RETRY_SECONDS = 0


@pytest.fixture
def cached_note(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_note(title="Cached paper", summary="The first summary.")


def _nothing_listens() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@contextmanager
def redis_down():
    """The cache is a Redis that refuses every connection."""
    unreachable = {
        "default": {
            "BACKEND": "catalog.cache.RedisCache",
            "LOCATION": _nothing_listens(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        yield


def _upsert_summary(note: Note, summary: str, capture) -> None:
    paper = note.paper
    with capture(execute=True):
        note_upsert(
            content=NoteContent(
                venue=paper.venue,
                area=paper.area,
                slug=paper.slug,
                title=paper.title,
                summary=summary,
            )
        )


def test_anonymous_pages_render_from_the_database_while_redis_is_down(
    cached_note, client
):
    with redis_down():
        pages = [client.get(url) for url in (AREA_URL, NOTE_URL, "/", AREA_URL)]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert all(page["X-Cache"] == "bypass" for page in pages)
    assert "The first summary." in pages[0].content.decode()
    assert "Cached paper" in pages[1].content.decode()


def test_healthz_says_degraded_and_names_redis_while_redis_is_down(db, client):
    with redis_down():
        health = client.get("/healthz")

    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert (health.json()["database"], health.json()["cache"]) == ("ok", "unavailable")
    assert "Redis" in health.json()["detail"]
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


def test_submissions_are_refused_with_a_message_while_redis_is_down(note, client):
    with redis_down():
        refused = client.post(suggest_url(note), suggestion_data())

    page = refused.content.decode()
    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    assert "We cannot take submissions for a few minutes" in page
    assert "please send it again in a few minutes" in page
    # The reader's text is still in the form, and nothing was taken unlimited.
    assert refused.context["form"]["summary"].value() == NEW_SUMMARY
    assert not Submission.objects.exists()
    assert client.post(suggest_url(note), suggestion_data()).status_code == 302


def test_pages_are_stored_again_once_redis_is_back(cached_note, client):
    with redis_down():
        during = client.get(AREA_URL)
    after = [client.get(AREA_URL)["X-Cache"] for _ in range(2)]

    assert (during.status_code, during["X-Cache"]) == (200, "bypass")
    assert after == ["miss", "hit"]


def test_a_change_published_while_redis_is_down_shows_once_it_is_back(
    cached_note, client, django_capture_on_commit_callbacks
):
    assert "The first summary." in client.get(AREA_URL).content.decode()
    assert client.get(AREA_URL)["X-Cache"] == "hit"

    with redis_down():
        _upsert_summary(
            cached_note,
            "Written while Redis was away.",
            django_capture_on_commit_callbacks,
        )
        during = client.get(AREA_URL).content.decode()
    # The stored page from before the outage is still in the cache.
    after = client.get(AREA_URL).content.decode()

    assert "Written while Redis was away." in during
    assert "Written while Redis was away." in after
    assert "The first summary." not in after
