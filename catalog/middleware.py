"""The public page cache: anonymous readers get stored pages, with ETags.

Every service that changes what the public sees moves the public version on
once its transaction commits (`catalog.services.public_content_changed`), and
admin edits of the registry do the same (`registry_changed`). Stored pages are
keyed by that version, so an approved edit is on the very next page a reader
asks for: nothing is purged, old pages are simply never read again and expire.

A page is stored only when all of these hold, so nothing personal is shared:

- the request is an anonymous GET or HEAD: it carries no cookie but the CSRF
  one (a session, a message waiting to be shown, anything unknown: no cache);
- the answer is a 200 of a `catalog:` page, sets no cookie (a form with a CSRF
  token sets one) and does not forbid caching (`never_cache`, `private`);
- the page is not one of NOT_CACHED (draft previews, reader forms, a
  submitter's status page), whatever headers those send.

`PUBLIC_PAGE_CACHE = False` in the settings turns it off (the test suite does,
as its transactions never commit; tests/test_public_cache.py turns it on).

One entry per address holds its newest page and the version it was rendered
at; an entry of another version is a miss, so one cache read serves a page.
Pages carry a weak ETag (the version, the build and the address) and a
Last-Modified (when the first request saw the version), so browsers and
proxies revalidate with a 304. Notes scheduled for later appear on time: the
version also moves on when the next scheduled note's time has come.

Entries are keyed by scheme, host and address: a page holds absolute links
(its canonical link, feeds' and metadata's addresses), so one host's page is
never served on another.

A page nobody has stored is rendered once: the first request takes a lock in
the cache and the others arriving meanwhile wait for its page (for a bounded
time, then render it themselves), so a crowd at a cold page costs one render.

The cache only makes pages faster. While it cannot be reached, pages are
rendered from the database, uncached (`X-Cache: bypass`), and the cache is
tried again after CACHE_RETRY_SECONDS (catalog/cache.py); the first request
that reaches it again moves the public version on, since changes published
meanwhile could not.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import cache as memoize
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from catalog.cache import CACHE_OUTAGE_ERRORS, cache_outage
from catalog.models import Note
from catalog.services import PUBLIC_VERSION_KEY, public_version_bump

STATE_KEY = "catalog:public-state"
SCHEDULE_LOCK_KEY = "catalog:public-schedule-bump"
# Pages of the current version stay valid for ever; this only bounds memory.
PAGE_SECONDS = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 24 * 60 * 60)
NOT_CACHED = {
    "catalog:note_preview",
    "catalog:suggestion_create",
    "catalog:submission_create",
    "catalog:submission_status",
}
# How often a request waiting for another's render looks for its page.
WAIT_POLL_SECONDS = 0.01
# Headers that belong to one answer, not to the stored page.
PER_RESPONSE_HEADERS = {"date", "etag", "last-modified", "set-cookie", "x-cache"}
# Files whose change changes pages: a deploy must not serve the old ones.
BUILD_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".json"}


class PublicPageCacheMiddleware:
    """Serve anonymous public pages from the cache; see the module docstring.

    Place it after WhiteNoise and before the CSP, session and CSRF
    middleware: a stored page (with the CSP header it was sent with) then
    costs none of their work and no database query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            getattr(settings, "PUBLIC_PAGE_CACHE", True) and _anonymous_read(request)
        ):
            return self.get_response(request)
        key = _page_key(request)
        try:
            if cache_outage.skip():
                return self.uncached(request)
            version, modified, stored = _current(key)
            if stored is not None:
                response = _from_cache(stored)
            else:
                response, stored = self.render_once(request, key, version)
        except CACHE_OUTAGE_ERRORS as error:
            cache_outage.fail(error)
            return self.uncached(request)
        if stored is None:
            return response  # not a page to store, or the cache failed meanwhile
        _recent.put(key, stored)
        etag = f'W/"{_digest(f"{key}:{version}")[:32]}"'
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        # Browsers may keep the page but must ask first: an approved edit
        # shows at once, and an unchanged page costs a 304.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )

    def render_once(
        self, request: HttpRequest, key: str, version: int
    ) -> tuple[HttpResponse, dict | None]:
        """The page of `version`, rendered here or by whoever is rendering it,
        and what is stored of it (None when it is not a page to store).

        One request per page and version renders it (it holds a lock in the
        cache); the others arriving meanwhile wait for its page, for at most
        PUBLIC_PAGE_CACHE_WAIT_SECONDS, then render it themselves. A page that
        is not stored (a 404, a form) releases the waiters at once.
        """
        lock = f"{key}:rendering:{version}"
        if cache.add(lock, 1, timeout=settings.PUBLIC_PAGE_CACHE_LOCK_SECONDS):
            # Whoever held the lock before may have stored the page since
            # this request looked.
            stored = cache.get(key)
        else:
            stored = _wait_for(key, lock, version)
            lock = None
        if stored is not None and stored["version"] == version:
            if lock is not None:
                _release(lock)
            return _from_cache(stored), stored
        try:
            # Rendered after the version was read: if it moves on meanwhile,
            # this page is stored under the old one and never served again.
            response = self.get_response(request)
            if not _storable(request, response):
                return response, None
            stored = {
                "version": version,
                "content": response.content,
                "headers": {
                    name: value
                    for name, value in response.items()
                    if name.lower() not in PER_RESPONSE_HEADERS
                },
            }
            try:
                cache.set(key, stored, PAGE_SECONDS)
            except CACHE_OUTAGE_ERRORS as error:
                cache_outage.fail(error)
                lock = None
                response["X-Cache"] = "bypass"
                return response, None
            response["X-Cache"] = "miss"
            return response, stored
        finally:
            if lock is not None:
                _release(lock)

    def uncached(self, request: HttpRequest) -> HttpResponse:
        """The page from the database, while the cache cannot be reached."""
        response = self.get_response(request)
        if _storable(request, response):
            response["X-Cache"] = "bypass"
            patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response


def _from_cache(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"], headers=stored["headers"])
    response["X-Cache"] = "hit"
    return response


def _current(key: str) -> tuple[int, float, dict | None]:
    """The public version, when it began, and the page of that version if stored.

    One round trip: the version, its state and, unless this process served
    the page lately, the stored page.
    """
    stored = _recent.get(key)
    wanted = [PUBLIC_VERSION_KEY, STATE_KEY] + ([key] if stored is None else [])
    found = cache.get_many(wanted)
    if cache_outage.recovered():
        # Changes made during the outage could not move the version on.
        public_version_bump()
        found = cache.get_many(wanted)
    version, modified = public_state(found)
    if stored is None or stored["version"] != version:
        stored = found.get(key) if key in wanted else cache.get(key)
    if stored is None or stored["version"] != version:
        return version, modified, None
    return version, modified, stored


def _wait_for(key: str, lock: str, version: int) -> dict | None:
    """The page another request is rendering, once stored; None if it is not."""
    deadline = time.monotonic() + settings.PUBLIC_PAGE_CACHE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_POLL_SECONDS)
        found = cache.get_many([key, lock])
        if lock not in found:
            # The page is stored before the lock goes: read it once more.
            found[key] = cache.get(key)
        page = found.get(key)
        if page is not None and page["version"] == version:
            return page
        if lock not in found:
            return None  # the other request's page was not one to store
    return None


def _release(lock: str) -> None:
    try:
        cache.delete(lock)
    except CACHE_OUTAGE_ERRORS as error:
        cache_outage.fail(error)  # it expires by itself


class RecentPages:
    """The pages this process served lately, at most `size`, newest kept.

    A copy of what the shared cache holds, used only while its version is the
    current one: a hit then reads the small version key alone.
    """

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()  # gthread workers share a process

    def get(self, key: str) -> dict | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: dict) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_recent = RecentPages(getattr(settings, "PUBLIC_PAGE_CACHE_RECENT", 200))


def _anonymous_read(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not (
        request.COOKIES.keys() - {settings.CSRF_COOKIE_NAME}
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    match = request.resolver_match
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and match is not None
        and match.namespace == "catalog"
        and match.view_name not in NOT_CACHED
        and not any(
            word in cache_control for word in ("private", "no-store", "no-cache")
        )
    )


def _page_key(request: HttpRequest) -> str:
    # One entry per address, overwritten by each new version's page. The
    # scheme and host are part of it: pages hold absolute links (canonical,
    # feeds, metadata), which must never be served on another host.
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"catalog:page:{_digest(f'{build_id()} {address}')}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def public_state(found: dict | None = None) -> tuple[int, float]:
    """The public version and when it began (a Unix time in whole seconds).

    The time is when the first request saw the version, at least a second
    after the one before, so Last-Modified moves on with every version.
    `found` is what a caller already read of the two keys.
    """
    if found is None:
        found = cache.get_many([PUBLIC_VERSION_KEY, STATE_KEY])
    version, state = found.get(PUBLIC_VERSION_KEY), found.get(STATE_KEY)
    if version is None:
        # Never 1 again after an eviction: pages of an old 1 may still exist.
        cache.add(PUBLIC_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(PUBLIC_VERSION_KEY)
    now = timezone.now().timestamp()
    if state and state["version"] == version:
        due = state["next_scheduled"]
        if due is None or now < due:
            return version, state["modified"]
        # A scheduled note's time has come: its pages change now. One
        # request moves the version on; the others keep the old one a moment.
        if cache.add(f"{SCHEDULE_LOCK_KEY}:{version}", 1, timeout=60):
            public_version_bump()
            return public_state()
        return version, state["modified"]
    modified = float(math.ceil(now))
    if state:
        modified = max(modified, state["modified"] + 1)
    try:
        next_scheduled = _next_scheduled()
    except DatabaseError:
        # The database is away: the page's own view meets the outage (and
        # logs it); the state is worked out by the next request.
        return version, modified
    cache.set(
        STATE_KEY,
        {"version": version, "modified": modified, "next_scheduled": next_scheduled},
        timeout=None,
    )
    return version, modified


def _next_scheduled() -> float | None:
    """When the next note scheduled for later becomes public, if any."""
    moment = (
        Note.objects.filter(is_live=True, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return moment.timestamp() if moment else None


@memoize
def build_id() -> str:
    """A digest of the code, templates and static files this process serves."""
    roots = [
        Path(settings.BASE_DIR) / "catalog",
        Path(settings.BASE_DIR) / "notes_cms",
        *map(Path, settings.STATICFILES_DIRS),
        *(Path(d) for config in settings.TEMPLATES for d in config.get("DIRS", [])),
    ]
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in BUILD_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
