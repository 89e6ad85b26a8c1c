"""Storefront search: active products and live articles, found together through Wagtail search."""

from __future__ import annotations

from collections.abc import Sequence

from wagtail.search.backends import get_search_backend

from shop.models import Product

# Long enough for any real search, short enough that a pasted essay costs the database nothing.
MAX_QUERY_LENGTH = 200


class CombinedResults:
    """Several lazily sliced result sets read as one list (products first), so one paginator pages them all."""

    def __init__(self, *parts: Sequence):
        self.parts = parts
        self._counts: list[int] | None = None

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts = [len(part) if isinstance(part, (list, tuple)) else part.count() for part in self.parts]
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            items = self[key : key + 1]
            if not items:
                raise IndexError(key)
            return items[0]
        start, stop, _ = key.indices(self.count())
        items: list = []
        offset = 0
        for part, size in zip(self.parts, self.counts(), strict=False):
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                items.extend(part[lo:hi])
            offset += size
        return items


def search_storefront(query: str) -> CombinedResults:
    from content.models import ArticlePage

    query = query[:MAX_QUERY_LENGTH].strip()
    backend = get_search_backend()
    products = backend.search(query, Product.objects.active().select_related("category", "brand"))
    articles = ArticlePage.objects.live().public().select_related("hero_image").search(query)
    return CombinedResults(products, articles)
