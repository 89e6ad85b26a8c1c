"""The storefront password lock: a pre-launch mode where shoppers need a password and staff walk straight in."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from config.languages import path_without_language
from content.session_keys import STOREFRONT_UNLOCKED as SESSION_KEY
from content.settings import StorefrontLock

# Reachable while locked: machines (health checks, payment webhooks), the password page itself,
# robots.txt and the favicon, each at exactly its own address, so `/robots.txtfoo` is as locked as any other page.
ALWAYS_OPEN_PATHS = frozenset({"/healthz/", "/shop/stripe/webhook/", "/password/", "/robots.txt", "/favicon.ico"})
# Whole subtrees: the admin (staff sign in there) and the assets, each matched on its full folder.
# The newsletter's pages too: the password page has a signup form, and its emails' links must always work.
ALWAYS_OPEN_SUBTREES = ("/admin/", "/newsletter/")


def asset_folders() -> tuple[str, ...]:
    """The static and media folders, each ending in "/" so only what lies inside them matches."""
    assets = (url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/"))
    return tuple(url if url.endswith("/") else url + "/" for url in assets)


def open_subtrees() -> tuple[str, ...]:
    return ALWAYS_OPEN_SUBTREES + asset_folders()


def is_open_path(path: str) -> bool:
    """Whether a path stays reachable while the storefront is locked, in any language ("/fr/password/" too)."""
    path = path_without_language(path)
    return path in ALWAYS_OPEN_PATHS or path.startswith(open_subtrees())


def session_is_unlocked(request, lock: StorefrontLock) -> bool:
    return bool(lock.password_hash) and request.session.get(SESSION_KEY) == lock.unlock_token()


def lock_keeping_out(request) -> StorefrontLock | None:
    """The lock that keeps this visitor out of the storefront, or None when they may see it."""
    try:
        # Read through the cache (cleared when the lock is saved): this runs on every page.
        lock = StorefrontLock.for_request(request)
    except StorefrontLock.DoesNotExist:  # no Wagtail Site yet (a fresh database): nothing to lock
        return None
    if not lock.is_locked or session_is_unlocked(request, lock):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return None
    return lock


class StorefrontLockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_open_path(request.path_info):
            return self.get_response(request)
        lock = lock_keeping_out(request)
        if lock is None:
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
