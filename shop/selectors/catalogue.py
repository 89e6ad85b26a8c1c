"""The shop's categories and brands, for menus and facets: one query each, then the cache."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from shop.models import Brand, Category
from shop.models.catalogue import BRAND_LIST_CACHE_KEY, CATEGORY_LIST_CACHE_KEY


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


# A safety net only: saving or deleting a category or brand clears its list at once. Another process
# with its own local-memory cache may show an old name this long; facets hide deleted ones anyway.
LIST_CACHE_SECONDS = 60


def shop_categories() -> list[CategoryEntry]:
    """Every category in shop order, for the menu and the category facet: one query, then the cache."""
    entries = cache.get(CATEGORY_LIST_CACHE_KEY)
    if entries is None:
        entries = [
            CategoryEntry(pk=pk, slug=slug, name=name, url=reverse("shop:category", kwargs={"category_slug": slug}))
            for pk, slug, name in Category.objects.values_list("pk", "slug", "name")
        ]
        cache.set(CATEGORY_LIST_CACHE_KEY, entries, LIST_CACHE_SECONDS)
    return entries


def shop_brands() -> list[BrandEntry]:
    """Every brand A–Z, for the brand facet: one query, then the cache."""
    entries = cache.get(BRAND_LIST_CACHE_KEY)
    if entries is None:
        entries = [BrandEntry(*row) for row in Brand.objects.values_list("pk", "slug", "name")]
        cache.set(BRAND_LIST_CACHE_KEY, entries, LIST_CACHE_SECONDS)
    return entries


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()
