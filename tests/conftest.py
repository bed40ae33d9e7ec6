"""Shared fixtures for the whole suite."""

import functools
import os
from pathlib import Path

import pytest

from tests.factories import OLD_SUMMARY, make_note, make_person

BROWSER_TESTS = Path(__file__).parent / "browser"
# Set in each process pytest-xdist starts: gw0, gw1, …
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def pytest_configure(config):
    if XDIST_WORKER and _redis_cache():
        # Workers share the suite's Redis database: each keeps its keys under a
        # prefix of its own, so no test sees another's pages or public version.
        from django.conf import settings
        from django.test.utils import override_settings

        default = settings.CACHES["default"]
        prefix = f"{default.get('KEY_PREFIX', '')}-{XDIST_WORKER}"
        override_settings(
            CACHES={**settings.CACHES, "default": {**default, "KEY_PREFIX": prefix}}
        ).enable()


@functools.cache
def _redis_cache():
    """A client of the cache's Redis database, or None on another backend."""
    import redis
    from django.conf import settings

    default = settings.CACHES["default"]
    if not default["BACKEND"].endswith("RedisCache"):
        return None
    return redis.Redis.from_url(default["LOCATION"])


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items):
    # Every browser test starts a live server and a Chromium: slow, whether or
    # not it says so itself.
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.slow)
    _transactional_tests_keep_to_their_modules(items)


def _transactional_tests_keep_to_their_modules(items):
    """A transactional test empties the database (the data migrations' groups,
    venues and areas too), so it must run after every plain database test.
    scripts/test hands whole modules to its workers in pytest-django's order,
    which keeps that promise only for modules holding one kind or the other."""
    kinds = {}
    for item in items:
        mark = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        if (mark and mark.kwargs.get("transaction")) or fixtures & {
            "transactional_db",
            "live_server",
        }:
            kinds.setdefault(item.path, set()).add("transactional")
        elif mark or "db" in fixtures:
            kinds.setdefault(item.path, set()).add("plain")
    mixed = sorted(str(path) for path, kind in kinds.items() if len(kind) == 2)
    if mixed:
        raise pytest.UsageError(
            "Transactional and plain database tests share a module (move the "
            f"transactional ones to a module of their own): {', '.join(mixed)}"
        )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def registry(db):
    """The venues and areas the registry migration loads, by key."""
    from catalog.models import Area, Venue

    return {
        "venues": {v.code: v for v in Venue.objects.all()},
        "areas": {a.slug: a for a in Area.objects.all()},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache may be a real Redis shared by the whole run: start every test clean.
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache():
    from django.core.cache import cache

    client = _redis_cache()
    if XDIST_WORKER and client:
        # cache.clear() would empty the whole database, other workers' keys too.
        keys = list(client.scan_iter(f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Anonymous pages are cached until a commit moves the public version on,
    # and a test's transaction never commits: the cache's own tests turn it on
    # (tests/test_public_cache.py).
    settings.PUBLIC_PAGE_CACHE = False


# --- People -----------------------------------------------------------------
# Members of staff in the groups the data migrations define, with the
# permissions those groups hold; e-mail addresses are <username>@example.com.


@pytest.fixture
def editor(db):
    return make_person("editor", "Editors")


@pytest.fixture
def moderator(db):
    return make_person("moderator", "Moderators")


@pytest.fixture
def people(editor, moderator):
    """One person per role the workflow knows, by role."""
    return {
        "editor": editor,
        "editor2": make_person("editor2", "Editors"),
        "moderator": moderator,
        "moderator2": make_person("moderator2", "Moderators"),
        "superuser": make_person("admin", is_superuser=True),
        "staff": make_person("staff"),
    }


# --- Notes ------------------------------------------------------------------


@pytest.fixture
def note(db):
    """A published note, as an import makes one."""
    return make_note(title="Watermarks that survive paraphrase", summary=OLD_SUMMARY)
