"""Storefront search: active products and live articles, found together through Wagtail search."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from contextlib import nullcontext

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from wagtail.search.backends import get_search_backend

from shop.models import Product

# Long enough for any real search, short enough that a pasted essay costs the database nothing.
MAX_QUERY_LENGTH = 200
# Characters that steer the database's full-text syntax rather than name anything a shopper looks for:
# a double quote opens an FTS5 string that SQLite refuses when it is left open (`9" ball`).
QUERY_SYNTAX = re.compile('"')

logger = logging.getLogger(__name__)


def parse_search_query(raw: str) -> str:
    """The words a shopper searched for, safe for any search backend: no control characters, no NUL,
    no full-text syntax, single spaces, at most MAX_QUERY_LENGTH characters. Empty means "nothing to search"."""
    printable = "".join(" " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in raw)
    words = QUERY_SYNTAX.sub(" ", printable).split()
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


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
    """Products and articles matching a query from parse_search_query, ranked by the search backend."""
    from content.models import ArticlePage

    products = Product.objects.active().select_related("category", "brand")
    articles = ArticlePage.objects.live().public().select_related("hero_image")
    results = CombinedResults(get_search_backend().search(query, products), articles.search(query))
    # Count now (the paginator reuses it), so a query the full-text engine still refuses is caught here
    # rather than failing the page. Inside a transaction a savepoint keeps PostgreSQL's usable; outside
    # one none is opened (on SQLite that would take the write lock for every search).
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            results.count()
    except DatabaseError:
        logger.warning("Full-text search refused %r; searching names instead.", query, exc_info=True)
        results = CombinedResults(
            products.filter(Q(name__icontains=query) | Q(summary__icontains=query)).order_by("name"),
            articles.filter(title__icontains=query).order_by("-first_published_at"),
        )
    return results
