"""The public version: one number that moves whenever what the public sees does.

Cached pages and ETags carry it, so a change makes them stale at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction

from catalog.cache import CACHE_OUTAGE_ERRORS, cache_outage
from catalog.search import search_index_notes

if TYPE_CHECKING:
    from catalog.models import Note

PUBLIC_VERSION_KEY = "catalog:public-version"


def public_version() -> int:
    """A number that changes whenever anything the public sees changes."""
    # Not 1: after an eviction the version must not go back to an old value.
    return cache.get_or_set(PUBLIC_VERSION_KEY, time.time_ns, timeout=None)


def public_content_changed(*, notes: Iterable[Note] = ()) -> None:
    """Every service that changes what the public sees calls this.

    It writes what derives from public content and, once the transaction
    commits, moves the public version on, so that cached pages and ETags of
    the old content are never served again.
    """
    search_index_notes(notes)
    transaction.on_commit(public_version_bump)


def public_version_bump() -> None:
    """Move the public version on now (services use public_content_changed).

    With the cache unreachable the change is already committed: it is not
    undone, and the page cache moves the version on once the cache is back.
    """
    try:
        try:
            cache.incr(PUBLIC_VERSION_KEY)
        except ValueError:  # Not cached yet, or evicted: any new value will do.
            cache.set(PUBLIC_VERSION_KEY, time.time_ns(), timeout=None)
    except CACHE_OUTAGE_ERRORS as error:
        cache_outage.fail(error)
