"""Shared fixtures for the whole suite."""

import pytest


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
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Anonymous pages are cached until a commit moves the public version on,
    # and a test's transaction never commits: the cache's own tests turn it on
    # (tests/test_public_cache.py).
    settings.PUBLIC_PAGE_CACHE = False
