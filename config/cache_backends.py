"""A cache for counters that must hold across processes even while Redis is down (the "ratelimit" alias).

Counts go to Redis; when Redis cannot be reached, each call goes to the database table that serves the
same purpose without Redis (config.env.RATELIMIT_CACHE_TABLE, made by `migrate`), so a limit still
holds, counted afresh for the outage, and no request fails. The failure is logged each time.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.db import DatabaseCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from config.env import RATELIMIT_CACHE_TABLE

logger = logging.getLogger(__name__)
REDIS_UNREACHABLE = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)


class RedisWithDatabaseFallback(RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        options = {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}
        super().__init__(server, {**params, "OPTIONS": options})
        self.fallback = DatabaseCache(
            RATELIMIT_CACHE_TABLE, {"KEY_PREFIX": params.get("KEY_PREFIX", ""), "OPTIONS": {"MAX_ENTRIES": 100_000}}
        )

    def _either(self, name: str, *args, **kwargs):
        try:
            return getattr(super(), name)(*args, **kwargs)
        except REDIS_UNREACHABLE:
            logger.warning(
                "Redis is unreachable: rate-limit counts (%s) go to the database for now.", name, exc_info=True
            )
            return getattr(self.fallback, name)(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._either("decr", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._either("delete", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def clear(self):
        return self._either("clear")
