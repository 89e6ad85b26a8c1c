"""A small cache-based rate limit for the storefront password form: a fixed window of attempts per client.

feat/buying has the same idea as shop/ratelimit.py (used by cart and compare); once both are merged this
module can become a call to shop.ratelimit.hit(request, action=..., rate=Rate(10, 300)).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def client_key(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a trusted proxy rewrites it,
    # and a limit keyed on it could be dodged by sending a new value each time. Hashed, so the cache
    # holds no raw addresses.
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:24]


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
