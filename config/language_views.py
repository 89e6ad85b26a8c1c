"""The header's language switcher: a plain link through here, so the choice is remembered without JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from config.languages import language_codes, language_prefix


@require_safe
def language_switch(request: HttpRequest) -> HttpResponse:
    """/language/?lang=fr&next=/fr/products/x/: remember "fr" as the shopper's choice, then show them `next`.

    The choice is a cookie, not the session, so switching keeps the anonymous page cache (config.page_cache)
    serving this shopper; the page's language still comes from its address. A `next` that leaves the site is
    replaced by the chosen language's home page; an unknown language is not remembered.
    """
    language = request.GET.get("lang", "")
    if language not in language_codes():
        language = ""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None, require_https=request.is_secure()):
        next_url = ""
    if not next_url.startswith("/"):
        next_url = language_prefix(language or settings.LANGUAGE_CODE) + "/"
    response = HttpResponseRedirect(next_url)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    add_never_cache_headers(response)
    return response
