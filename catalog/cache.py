"""Django's Redis cache, with one Redis client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache
call (a few hundred response callbacks registered each time). The page cache
reads the public version on every request, so that construction was most of
the cost of serving a stored page. A Redis client is thread-safe and
survives a fork (its pool reconnects), so one per pool does the same job.

settings.py selects `catalog.cache.RedisCache` when REDIS_URL is set.

`cache_outage` is how the page cache, the public version and the submission
rate limit get by while the cache is unreachable.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# A cache server that cannot be reached, as opposed to a bug in our code.
CACHE_OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)


class CacheOutage:
    """What this process knows of a cache outage: when to try the cache again.

    Pages, locks and the public version live in the cache, but the database
    holds everything a page shows, so a cache outage costs speed, not pages.
    Once a call fails, callers skip the cache for CACHE_RETRY_SECONDS (a
    Redis that hangs would otherwise cost every request its socket timeout),
    then try it again; there is no lasting "down" state.

    A change published while the cache was away could not move the public
    version on, so pages stored before the outage would show the old text
    once it is back. The first call that succeeds after an outage therefore
    returns True from `recovered()`, and the caller moves the version on.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.failed_at = 0.0
        self.failed = False

    def skip(self) -> bool:
        """True while the cache failed lately: do without it for now."""
        retry_at = self.failed_at + settings.CACHE_RETRY_SECONDS
        return self.failed and time.monotonic() < retry_at

    def fail(self, error: Exception) -> None:
        with self.lock:
            first = not self.failed
            self.failed = True
            self.failed_at = time.monotonic()
        if first:
            logger.error(
                "cache unavailable, pages are served from the database uncached: %r",
                error,
            )

    def recovered(self) -> bool:
        """After a call succeeded: True once, if the cache failed before it."""
        if not self.failed:
            return False
        with self.lock:
            was, self.failed = self.failed, False
        if was:
            logger.warning("cache available again, pages are cached again")
        return was


cache_outage = CacheOutage()
