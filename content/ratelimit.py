"""A small cache-based rate limit for public forms: a fixed window of attempts per key."""

from __future__ import annotations

from django.core.cache import cache


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a trusted proxy rewrites it,
    # and a limit keyed on it could be dodged by sending a new value each time.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def attempt_allowed(key: str, *, limit: int, window_seconds: int) -> bool:
    """Record one attempt under `key`; False once more than `limit` attempts fall in the current window."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        attempts = 1
    return attempts <= limit
