"""The storefront password lock: a pre-launch mode where shoppers need a password and staff walk straight in."""

from __future__ import annotations

from django.conf import settings

from content.settings import StorefrontLock

SESSION_KEY = "storefront_unlocked"

# Reachable while locked: the admin (staff sign in there), machines (health checks, payment webhooks),
# assets, and the password page itself.
ALWAYS_OPEN_PATHS = ("/admin/", "/healthz/", "/shop/stripe/webhook/", "/password/", "/robots.txt")


def open_paths() -> tuple[str, ...]:
    """The always-open prefixes plus static and media URLs and any a deployment adds in settings."""
    extra = tuple(getattr(settings, "STOREFRONT_LOCK_OPEN_PATHS", ()))
    assets = tuple(url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/"))
    return ALWAYS_OPEN_PATHS + assets + extra


def session_is_unlocked(request, lock: StorefrontLock) -> bool:
    return bool(lock.password_hash) and request.session.get(SESSION_KEY) == lock.unlock_token()


class StorefrontLockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(open_paths()):
            return self.get_response(request)
        # One query, cached on the request, so templates reading the setting later pay nothing.
        lock = StorefrontLock.for_request(request)
        if not lock.is_locked or session_is_unlocked(request, lock):
            return self.get_response(request)
        if request.user.is_authenticated and request.user.is_staff:
            return self.get_response(request)

        from content.views import storefront_password

        return storefront_password(request, lock=lock)
