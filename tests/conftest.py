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
