"""The shop's two languages in the address: English at /, French at /fr/ (config/urls.py).

The language of a page comes from its address alone, so a link, a cached page and a crawler always agree on
it. What the shopper picked with the header's switcher is remembered in a cookie (settings.LANGUAGE_COOKIE_NAME,
set by config.language_views), read only where no address says it: the language of an order (checkout) and the
emails that follow.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

# hreflang and <html lang>: the shop serves Canadian English and Canadian French.
REGIONAL_CODES = {"en": "en-CA", "fr": "fr-CA"}
X_DEFAULT = "x-default"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_language() -> str:
    """The active language as one of settings.LANGUAGES ("en" or "fr"), whatever variant is active."""
    return supported_language(translation.get_language() or settings.LANGUAGE_CODE)


def supported_language(code: str) -> str:
    """ "fr-ca" -> "fr", "en" -> "en"; anything the shop does not speak -> LANGUAGE_CODE."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def content_language(code: str | None = None) -> str:
    """The Wagtail content language (a Locale's language code) for a language code, the active one by default:
    "fr" for "fr-ca"; the default language's for one the site publishes nothing in.

    Pages (content.selectors) and catalogue text (shop.selectors.translations) both read their language here.
    """
    try:
        return get_supported_content_language_variant(code or translation.get_language() or "")
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def regional_code(language: str) -> str:
    """ "fr" -> "fr-CA": the tag for hreflang and <html lang>."""
    return REGIONAL_CODES.get(language, language)


def language_prefix(language: str) -> str:
    """ "/fr" for French, "" for the default language, which has no prefix."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def path_without_language(path: str) -> str:
    """The path a page has in the default language: "/fr/cart/" -> "/cart/", "/fr" -> "/", "/cart/" as it is.

    For middlewares that recognise paths ("/accounts/", "/newsletter/", the cached catalogue pages) in every
    language at once.
    """
    for language in language_codes():
        prefix = language_prefix(language)
        if not prefix:
            continue
        if path == prefix or path.startswith(prefix + "/"):
            return path[len(prefix) :] or "/"
    return path


def explicit_choice(cookies) -> str:
    """The language the shopper picked with the switcher, or "" when they never did."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in language_codes() else ""


def translated_path(url: str, language: str) -> str:
    """The same address in another language, query string kept: "/fr/shop/?sort=price" -> "/shop/?sort=price".

    Only the path and query are kept (never a host), so the result is always a link on this site.
    """
    parts = urlsplit(url or "/")
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    # Resolved in the language its own prefix says, so "/fr/cart/" is read as the French cart in any request.
    with translation.override(path_language(path)):
        translated = urlsplit(translate_url(path + query, language))
    if translated.path == path and language != path_language(path):
        # An address no pattern names (translate_url leaves those alone): the same path under the other prefix.
        return language_prefix(language) + path_without_language(path) + query
    return translated.path + (f"?{translated.query}" if translated.query else "")


def path_language(path: str) -> str:
    """The language a path is in: its prefix's, or the default language's when it has none."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE
