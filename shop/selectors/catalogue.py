"""The shop's categories and brands, for menus and facets: one query each, then the cache."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from django.core.cache import cache
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from config.caches import BRAND_LIST, CATEGORY_LIST
from shop.models import Brand, Category


@dataclass(frozen=True)
class CategoryEntry:
    pk: int
    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class BrandEntry:
    pk: int
    slug: str
    name: str


def shop_categories() -> list[CategoryEntry]:
    """Every category in shop order, for the menu and the category facet: one query, then the cache."""
    entries = cache.get(CATEGORY_LIST.key)
    if entries is None:
        entries = [
            CategoryEntry(pk=pk, slug=slug, name=name, url=reverse("shop:category", kwargs={"category_slug": slug}))
            for pk, slug, name in Category.objects.values_list("pk", "slug", "name")
        ]
        cache.set(CATEGORY_LIST.key, entries, CATEGORY_LIST.seconds)
    # One cached list for every language; each entry's address is this page's language's (/fr/shop/...).
    return [replace(entry, url=category_url(entry.slug)) for entry in entries]


def category_url(slug: str) -> str:
    """A category listing's address in the active language, as Category.get_absolute_url gives it."""
    return _category_url(get_script_prefix(), get_urlconf(), get_language(), slug)


@lru_cache(maxsize=512)
def _category_url(script_prefix: str, urlconf: str | None, language: str | None, slug: str) -> str:
    # Remembered per prefix, URLconf and language, the things besides the slug that reverse() reads.
    return reverse("shop:category", kwargs={"category_slug": slug}, urlconf=urlconf)


def shop_brands() -> list[BrandEntry]:
    """Every brand A–Z, for the brand facet: one query, then the cache."""
    entries = cache.get(BRAND_LIST.key)
    if entries is None:
        entries = [BrandEntry(*row) for row in Brand.objects.values_list("pk", "slug", "name")]
        cache.set(BRAND_LIST.key, entries, BRAND_LIST.seconds)
    return entries


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()
