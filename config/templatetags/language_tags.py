"""The page's languages: <html lang>, the header's switcher and the hreflang alternates in <head>.

Each address has one language (English at /, French at /fr/). A Wagtail page's other languages are its live
translations; every other page (shop, cart, compare...) has the same address under the other prefix
(django.urls.translate_url), its query string kept so a filtered listing stays filtered.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from wagtail.models import Page, Site

from config.languages import (
    X_DEFAULT,
    active_language,
    language_codes,
    language_prefix,
    regional_code,
    translated_path,
)
from config.site_url import page_public_url, public_url, site_url

register = template.Library()

_MEMO = "_language_links"


@dataclass(frozen=True, slots=True)
class LanguageSwitch:
    """A link to this page in another language, through the view that remembers the choice."""

    language: str  # "fr"
    code: str  # "fr-CA", for the lang and hreflang attributes
    name: str  # "Français": settings.LANGUAGES names each language in itself
    url: str  # /language/?lang=fr&next=/fr/products/x/


@dataclass(frozen=True, slots=True)
class Alternate:
    hreflang: str  # "en-CA", "fr-CA" or "x-default"
    url: str  # full, on SITE_URL


@dataclass(frozen=True, slots=True)
class LanguageLinks:
    switches: tuple[LanguageSwitch, ...]
    alternates: tuple[Alternate, ...]


@register.simple_tag
def html_lang() -> str:
    """`<html lang="{% html_lang %}">`: "en-CA" or "fr-CA", the active language."""
    return regional_code(active_language())


@register.simple_tag
def og_locale() -> str:
    """OpenGraph's spelling of the active language: "en_CA" or "fr_CA"."""
    return regional_code(active_language()).replace("-", "_")


@register.simple_tag(takes_context=True)
def language_links(context) -> LanguageLinks:
    """`{% language_links as languages %}`: the switcher's links and the hreflang alternates for this page."""
    request = context.get("request")
    if request is None:
        return LanguageLinks(switches=(), alternates=())
    memo = getattr(request, _MEMO, None)
    if memo is None:
        page = context.get("page")
        if isinstance(page, Page) and page.pk:
            memo = _page_links(request, page)
        else:
            memo = _address_links(request, context.get("canonical_url") or "")
        setattr(request, _MEMO, memo)
    return memo


def _switch(language: str, target: str) -> LanguageSwitch:
    query = urlencode({"lang": language, "next": target})
    return LanguageSwitch(
        language=language,
        code=regional_code(language),
        name=dict(settings.LANGUAGES)[language],
        url=f"{reverse('language_switch')}?{query}",
    )


def _alternates(urls: dict[str, str]) -> tuple[Alternate, ...]:
    """hreflang links for the languages that have the page, and x-default on the default language's; none for
    a page in one language only."""
    if len(urls) < 2:
        return ()
    alternates = [Alternate(hreflang=regional_code(language), url=url) for language, url in urls.items()]
    if settings.LANGUAGE_CODE in urls:
        alternates.append(Alternate(hreflang=X_DEFAULT, url=urls[settings.LANGUAGE_CODE]))
    return tuple(alternates)


def _address_links(request, canonical: str) -> LanguageLinks:
    """A page of the apps: the same address under each language's prefix."""
    current = active_language()
    full_path = request.get_full_path()
    switches = tuple(
        _switch(language, translated_path(full_path, language)) for language in language_codes() if language != current
    )
    local = canonical.removeprefix(site_url()) if canonical.startswith(site_url()) else request.path
    urls = {language: public_url(translated_path(local, language)) for language in language_codes()}
    return LanguageLinks(switches=switches, alternates=_alternates(urls))


def _page_links(request, page: Page) -> LanguageLinks:
    """A Wagtail page: its live translations; where it has none, the switcher opens that language's home."""
    current = active_language()
    translations: dict[str, Page] = {}
    homes: dict[str, Page] = {}
    # One query for both: the page's translations and the site's home in every language (the fallback).
    wanted = Q(translation_key=page.translation_key)
    site = Site.find_for_request(request)
    if site is not None:
        wanted |= Q(translation_key__in=Page.objects.filter(pk=site.root_page_id).values("translation_key"))
    for found in Page.objects.live().filter(wanted).select_related("locale"):
        language = found.locale.language_code
        if found.translation_key == page.translation_key:
            translations[language] = found
        else:  # a translation of the site's home page
            homes[language] = found
    query = request.META.get("QUERY_STRING", "")
    switches = []
    for language in language_codes():
        if language == current:
            continue
        target = _local_url(translations[language], request) if language in translations else ""
        if target and query:
            target = f"{target}?{query}"
        home = _local_url(homes[language], request) if language in homes else ""
        switches.append(_switch(language, target or home or language_prefix(language) + "/"))
    urls = {
        language: url
        for language in language_codes()
        if language in translations and (url := page_public_url(translations[language], request))
    }
    return LanguageLinks(switches=tuple(switches), alternates=_alternates(urls))


def _local_url(page: Page, request) -> str:
    parts = page.get_url_parts(request)
    return parts[2] if parts is not None else ""
