"""/healthz, and the 503 page for when the database or the cache is down."""

from __future__ import annotations

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that mean a backing service is unreachable, not that our code is wrong.
OUTAGE_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)
RETRY_AFTER_SECONDS = 30


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A key of its own per check: app servers probed at once don't interfere.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not return what was just stored")
    finally:
        cache.delete(key)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The state of the site and of each part it needs.

    200 `{"status": "ok", "database": "ok", "cache": "ok"}`; 200 with
    `"status": "degraded"` and a `detail` while only the cache (Redis) is
    away, since every public page still renders from the database; 503 with
    `"status": "unavailable"` when the database is away, the failing part
    marked `"unavailable"`.
    """
    parts = {}
    for name, check in (("database", _database), ("cache", _cache)):
        try:
            check()
        except (DatabaseError, *OUTAGE_ERRORS, RuntimeError) as error:
            logger.error("healthz: %s unavailable: %r", name, error)
            parts[name] = "unavailable"
        else:
            parts[name] = "ok"
    if parts["database"] != "ok":
        return JsonResponse({"status": "unavailable", **parts}, status=503)
    if parts["cache"] != "ok":
        detail = (
            "Redis, the cache, is unreachable: public pages are rendered from "
            "the database, uncached, and reader submissions are counted there; "
            "signed-in pages wait for it."
        )
        return JsonResponse({"status": "degraded", **parts, "detail": detail})
    return JsonResponse({"status": "ok", **parts})


def outage_response() -> HttpResponse:
    """The 503 page: rendered without a request, so it needs no database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage met outside a view still gets the 503 page."""
    if isinstance(sys.exception(), OUTAGE_ERRORS):
        return outage_response()
    return defaults.server_error(request)
