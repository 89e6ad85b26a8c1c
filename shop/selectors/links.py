"""Addresses of catalogue pages in the active language, worked out once per slug: a listing asks for 24 at once."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def product_url(slug: str) -> str:
    """The product page's address (/products/<slug>/, /fr/products/<slug>/), as Product.get_absolute_url gives it."""
    return _slug_url(get_script_prefix(), get_urlconf(), get_language(), "shop:product", "slug", slug)


def category_url(slug: str) -> str:
    """A category listing's address in the active language, as Category.get_absolute_url gives it."""
    return _slug_url(get_script_prefix(), get_urlconf(), get_language(), "shop:category", "category_slug", slug)


@lru_cache(maxsize=4096)
def _slug_url(script_prefix: str, urlconf: str | None, language: str | None, view: str, kwarg: str, slug: str) -> str:
    # Remembered per prefix, URLconf and language too, the things besides the slug that reverse() reads
    # (the language gives French pages their /fr/ prefix).
    return reverse(view, kwargs={kwarg: slug}, urlconf=urlconf)
