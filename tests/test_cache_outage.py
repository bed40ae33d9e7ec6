"""Losing the cache (Redis) costs speed, not pages.

The cache is pointed at a Redis address where nothing listens, as when Redis
has stopped: every call to it fails at once. Readers must still get every
public page, rendered from the database; /healthz says "degraded"; reader
submissions, which the cache counts, are counted in the database; and once
the cache is back, pages are stored again and none from before the outage
hides a change made during it. tests/test_faults.py does the same to a real
gunicorn through a proxy it cuts.
"""

import socket
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from catalog.models import Submission
from tests.factories import NEW_SUMMARY, make_note, upsert_summary
from tests.views.test_submission_forms import (
    error_lines,
    suggest_url,
    suggestion_data,
)

AREA_URL = "/ICML2025/llm_safety/"
OTHER = f"{NEW_SUMMARY} Sent again, in other words."
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


def test_submissions_are_counted_in_the_database_while_redis_is_down(
    note, client, settings
):
    settings.SUBMISSION_RATE_LIMIT = 2
    with redis_down():
        answers = [
            client.post(
                suggest_url(note),
                suggestion_data(summary=f"{NEW_SUMMARY} Variant {number}."),
                REMOTE_ADDR="203.0.113.7",
            )
            for number in range(3)
        ]
        other_reader = client.post(
            suggest_url(note), suggestion_data(), REMOTE_ADDR="198.51.100.2"
        )

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "has sent 2 submissions in the last 10 minutes" in error_lines(answers[2])
    assert answers[2].context["form"]["summary"].value().endswith("Variant 2.")
    assert other_reader.status_code == 302
    assert Submission.objects.count() == 3


def test_the_database_count_starts_a_new_window_when_the_old_one_is_over(
    note, client, settings, monkeypatch
):
    settings.SUBMISSION_RATE_LIMIT = 1
    now = timezone.now()
    with redis_down():
        first = client.post(suggest_url(note), suggestion_data())
        again = client.post(suggest_url(note), suggestion_data(summary=OTHER))
        later = now + timedelta(seconds=settings.SUBMISSION_RATE_WINDOW + 1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        next_window = client.post(suggest_url(note), suggestion_data(summary=OTHER))

    assert (first.status_code, again.status_code) == (302, 429)
    assert next_window.status_code == 302
    assert Submission.objects.count() == 2


def test_pages_are_stored_again_once_redis_is_back(cached_note, client):
    with redis_down():
        during = client.get(AREA_URL)
    after = [client.get(AREA_URL)["X-Cache"] for _ in range(2)]

    assert (during.status_code, during["X-Cache"]) == (200, "bypass")
    assert after == ["miss", "hit"]


def test_a_redis_that_failed_is_left_alone_until_the_retry_interval_ends(
    cached_note, client, settings
):
    settings.CACHE_RETRY_SECONDS = 3600
    with redis_down():
        during = client.get(AREA_URL)
    # Within the interval the site does not try the cache again, even if it
    # would answer: a Redis that hangs costs one request its timeout, not all.
    within = client.get(AREA_URL)
    settings.CACHE_RETRY_SECONDS = 0
    after = client.get(AREA_URL)

    assert (during.status_code, during["X-Cache"]) == (200, "bypass")
    assert (within.status_code, within["X-Cache"]) == (200, "bypass")
    assert (after.status_code, after["X-Cache"]) == (200, "miss")


def test_a_change_published_while_redis_is_down_shows_once_it_is_back(
    cached_note, client, django_capture_on_commit_callbacks
):
    assert "The first summary." in client.get(AREA_URL).content.decode()
    assert client.get(AREA_URL)["X-Cache"] == "hit"

    with redis_down():
        upsert_summary(
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
