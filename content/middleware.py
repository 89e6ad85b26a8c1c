"""The storefront password lock: a pre-launch mode where shoppers need a password and staff walk straight in."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from content.session_keys import STOREFRONT_UNLOCKED as SESSION_KEY
from content.settings import StorefrontLock

# Reachable while locked: the admin (staff sign in there), machines (health checks, payment webhooks),
# assets, and the password page itself.
ALWAYS_OPEN_PATHS = ("/admin/", "/healthz/", "/shop/stripe/webhook/", "/password/", "/robots.txt")


def open_paths() -> tuple[str, ...]:
    """The always-open prefixes plus the static and media URLs."""
    assets = tuple(url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/"))
    return ALWAYS_OPEN_PATHS + assets


def session_is_unlocked(request, lock: StorefrontLock) -> bool:
    return bool(lock.password_hash) and request.session.get(SESSION_KEY) == lock.unlock_token()


class StorefrontLockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(open_paths()):
            return self.get_response(request)
        try:
            # Read through the cache (cleared when the lock is saved): this runs on every page.
            lock = StorefrontLock.for_request(request)
        except StorefrontLock.DoesNotExist:  # no Wagtail Site yet (a fresh database): nothing to lock
            return self.get_response(request)
        if not lock.is_locked or session_is_unlocked(request, lock):
            return self.get_response(request)
        if request.user.is_authenticated and request.user.is_staff:
            return self.get_response(request)

        if wants_json(request):
            # Scripts calling /cart.js and friends get an answer they can read, not a page of HTML.
            response = JsonResponse({"error": gettext("This store is password protected.")}, status=403)
            add_never_cache_headers(response)
            return response

        from content.views import storefront_password

        return storefront_password(request, lock=lock)


def wants_json(request) -> bool:
    return request.path_info.endswith((".js", ".json")) or (
        "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get("Accept", "")
    )
