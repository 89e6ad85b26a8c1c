"""A whole-page cache for anonymous shoppers browsing the catalogue and the articles.

Most visitors are anonymous and look at the same few pages, so the rendered HTML of those pages is
kept for a few seconds (PAGE_CACHE_SECONDS, 4 by default: config.caches.PAGES): a price or stock change shows on the page
within 5 seconds, re-render included, and a burst of visitors costs one render instead of hundreds.

Only a request that carries no cookie other than csrftoken and the language choice is served from the cache,
so anyone with a session (a cart, a signed-in customer, staff) always gets a fresh page. The same pages are
cached in every language (English at /, French at /fr/), each under its own key. Forms keep working because the
page is rendered with a placeholder CSRF token, and every response (hit or miss) gets a fresh masked
token for the visitor's own CSRF cookie in its place.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from config.caches import PAGES
from config.languages import path_without_language

# A value no real token can take (real tokens are 64 letters and digits), so it is only ever ours.
CSRF_PLACEHOLDER = "__page-cache-csrf-token__"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_FLAG = "_page_cache_placeholder"

# Catalogue and content pages, in each language (matched on the path without its language prefix);
# everything else (cart, checkout, accounts, admin, JSON) is never cached.
CACHED_PATHS = r"^/(?:$|shop/(?!stripe/)|products/[^/]+/$|articles/)"
# Headers the visitor's own response must not inherit from whoever rendered the page first.
_NOT_STORED = {"content-length", "set-cookie", "x-page-cache"}


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    stored_at: float


def page_cache_seconds() -> float:
    return float(getattr(settings, "PAGE_CACHE_SECONDS", PAGES.seconds))


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a page is rendered for the cache, {% csrf_token %} prints the placeholder."""
    if getattr(request, _FLAG, False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = re.compile(CACHED_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = page_cache_seconds()
        if seconds <= 0 or not self.is_cacheable_request(request):
            return self.get_response(request)

        key = self.cache_key(request)
        cached = cache.get(key)
        if isinstance(cached, CachedPage) and time.time() - cached.stored_at < seconds:
            return self.response_from(cached, request)

        # The page shows the data as it was when rendering began, so its age counts from then.
        render_started = time.time()
        setattr(request, _FLAG, True)
        response = self.get_response(request)
        setattr(request, _FLAG, False)
        if request.method == "GET" and self.is_cacheable_response(request, response):
            page = CachedPage(
                content=response.content,
                headers=tuple((k, v) for k, v in response.items() if k.lower() not in _NOT_STORED),
                stored_at=render_started,
            )
            cache.set(key, page, timeout=max(1, int(seconds) + 1))
        self.fill_csrf_token(response, request)
        response["X-Page-Cache"] = "miss"
        return response

    def is_cacheable_request(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if not self.paths.match(path_without_language(request.path_info)):
            return False
        # Any cookie but the CSRF one and the language choice (a session, a dismissed banner, a bench bypass)
        # means a fresh page. The language choice changes nothing on a page: its address says its language.
        if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
            return False
        return "HTTP_AUTHORIZATION" not in request.META

    def is_cacheable_response(self, request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        # The outer middlewares write these after us; each would set a cookie on this response.
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and getattr(messages, "added_new", False):
            return False
        # The page holds something made for this one visitor: a real CSRF token from a direct
        # get_token() call, or a CSP nonce that only this response's header allows.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        return getattr(request, "_csp_nonce", None) is None

    def cache_key(self, request: HttpRequest) -> str:
        # GET and HEAD share an entry: only GET stores one, both are served from it. The active language is
        # part of the key as well as the path, so a page rendered in one language is never served in another.
        raw = f"{get_language()}|{request.get_host()}{request.get_full_path()}"
        return PAGES.key_for(hashlib.sha256(raw.encode()).hexdigest())

    def response_from(self, cached: CachedPage, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(cached.content)
        for name, value in cached.headers:
            response[name] = value
        self.fill_csrf_token(response, request)
        response["X-Page-Cache"] = "hit"
        return response

    def fill_csrf_token(self, response: HttpResponse, request: HttpRequest) -> None:
        if response.streaming or _PLACEHOLDER_BYTES not in response.content:
            return
        # get_token() masks the visitor's own secret afresh and has the CSRF middleware set the cookie.
        response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
