"""A cache-based rate limit for public forms (cart, compare, order lookup, password): N hits per client per window.

Counting lives in the RATELIMIT_CACHE alias, shared by every web process: Redis when REDIS_URL is set,
Django's database cache otherwise (local memory in tests). A window's count resets when its key expires.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.connection import ConnectionProxy

from config.caches import RATE_LIMIT_COUNTS

cache = ConnectionProxy(caches, settings.RATELIMIT_CACHE)


@dataclass(frozen=True, slots=True)
class Rate:
    hits: int
    seconds: int


def clock() -> float:
    """The time windows are counted in (tests hold it still so a count never straddles two windows)."""
    return time.time()


def client_address(request) -> str:
    """Who is asking: the address the nearest trusted proxy saw, or the direct peer when there is none.

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it received from to X-Forwarded-For,
    so the client is that many entries from the right; anything further left the client wrote itself.
    A request with fewer entries did not come through the proxies, and counts on its own address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_ip(request) -> str | None:
    """The client's address as `client_address` finds it, for a record; None if it is not an IP.

    Consent records keep it, and axes counts staff sign-ins by it (AXES_CLIENT_IP_CALLABLE): axes stores it in
    an IP address column that PostgreSQL checks, and a sign-in made in code (force_login) has no address."""
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def client_key(request) -> str:
    """The client's address (hashed, so the cache holds no raw IPs)."""
    return hashlib.sha256(client_address(request).encode()).hexdigest()[:24]


def hit(request, *, action: str, rate: Rate) -> bool:
    """Count one request; False when this client has used up `rate` for `action` in the current window."""
    window = int(clock() // rate.seconds)
    key = RATE_LIMIT_COUNTS.key_for(action, client_key(request), window)
    # add() only sets when absent, so the first hit starts the count without racing another process.
    if cache.add(key, 1, timeout=rate.seconds + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): this is the first hit of a new window
        cache.add(key, 1, timeout=rate.seconds + 1)
        return True
    return count <= rate.hits
