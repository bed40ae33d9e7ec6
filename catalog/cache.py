"""Django's Redis cache, with one Redis client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache
call (a few hundred response callbacks registered each time). The page cache
reads the public version on every request, so that construction was most of
the cost of serving a stored page. A Redis client is thread-safe and
survives a fork (its pool reconnects), so one per pool does the same job.

settings.py selects `catalog.cache.RedisCache` when REDIS_URL is set.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


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
