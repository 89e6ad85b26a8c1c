"""The shop's categories and brands, for menus and facets: one query each, then the cache."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.urls import reverse

from config.caches import BRAND_LIST, CATEGORY_LIST
from shop.models import Brand, Category
from shop.selectors.links import category_url
from shop.selectors.translations import catalogue_language, show_category_text, with_category_text


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


@dataclass(frozen=True)
class CachedCategories:
    """The category list as cached: the English entries, and each translated name by language and category."""

    entries: list[CategoryEntry]
    names: dict[str, dict[int, str]]


def shop_categories() -> list[CategoryEntry]:
    """Every category in shop order, named and linked in the active language, for the menu and the category facet:
    one query (every language's names at once), then the cache."""
    cached = cache.get(CATEGORY_LIST.key)
    if not isinstance(cached, CachedCategories):
        cached = _read_categories()
        cache.set(CATEGORY_LIST.key, cached, CATEGORY_LIST.seconds)
    names = cached.names.get(catalogue_language() or "", {})
    # One cached list for every language; each entry's name and address are this page's language's (/fr/shop/...).
    return [
        replace(entry, name=names.get(entry.pk, entry.name), url=category_url(entry.slug)) for entry in cached.entries
    ]


def _read_categories() -> CachedCategories:
    entries: dict[int, CategoryEntry] = {}
    names: dict[str, dict[int, str]] = {}
    rows = Category.objects.values_list(
        "pk", "slug", "name", "translations__locale__language_code", "translations__name"
    )
    for pk, slug, name, language, translated in rows:
        if pk not in entries:
            url = reverse("shop:category", kwargs={"category_slug": slug})
            entries[pk] = CategoryEntry(pk=pk, slug=slug, name=name, url=url)
        if language and translated:  # a blank translated name shows the English
            names.setdefault(language, {})[pk] = translated
    return CachedCategories(entries=list(entries.values()), names=names)


def shop_brands() -> list[BrandEntry]:
    """Every brand A–Z, for the brand facet: one query, then the cache."""
    entries = cache.get(BRAND_LIST.key)
    if entries is None:
        entries = [BrandEntry(*row) for row in Brand.objects.values_list("pk", "slug", "name")]
        cache.set(BRAND_LIST.key, entries, BRAND_LIST.seconds)
    return entries


def category_by_slug(slug: str) -> Category | None:
    """The category, its name and description in the active language (for showing, not for saving)."""
    category = with_category_text(Category.objects.filter(slug=slug), prefix="shown").first()
    if category is not None:
        show_category_text(category, prefix="shown")
    return category
