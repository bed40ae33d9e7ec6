"""Request logging, and the 503 page when the database or the cache is down."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from notes_cms.health import OUTAGE_ERRORS, healthz, outage_response

request_logger = logging.getLogger("notes_cms.request")
logger = logging.getLogger(__name__)


def _user_id(request: HttpRequest) -> int | str | None:
    """Who made the request, if the request already knows.

    The log line never loads the user itself: that would query the database
    again for every anonymous reader, and fail again during an outage.
    """
    user = getattr(request, "_cached_user", None)  # set once request.user is read
    if user is not None:
        return user.pk if user.is_authenticated else "anonymous"
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "anonymous"  # no session, so nobody logged in
    return None  # a session nobody read: unknown, and not worth a query


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the reader's address when a proxy is in front.

    Behind nginx every request comes from nginx itself; login throttling and
    the submission rate limit need the reader's address, which nginx passes
    in the header named by CLIENT_IP_HEADER (X-Real-IP). Only set it when the
    app servers are reachable through the proxy alone, since a client could
    otherwise send the header itself and pick any address it likes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = settings.CLIENT_IP_HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.header and request.META.get(self.header):
            address = request.META[self.header].split(",")[0].strip()
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class RequestLogMiddleware:
    """One JSON line per request on `notes_cms.request`: what, status, time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user": _user_id(request),
            },
        )
        return response


class HealthCheckMiddleware:
    """Answers /healthz before any middleware that needs the database or cache.

    Sessions, the public page cache and the like would fail on an outage
    before the view could say which part is down.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)


class ServiceUnavailableMiddleware:
    """A view that meets a database or cache outage answers the 503 page.

    Django closes a connection that failed at the end of the request and
    opens a new one for the next, so the site comes back by itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error(
            "%s %s: service unavailable: %r",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return outage_response()
