"""Storefront search: active products and live articles, found together through Wagtail search."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from contextlib import nullcontext

from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from wagtail.search.backends import get_search_backend

from content.selectors import in_active_language
from shop.models import Product
from shop.selectors.translations import with_category_text, with_product_text

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


def _word_forms(query: str) -> list[str]:
    """Each searched word, and its singular for a plain English plural ("stones" also finds "Stone")."""
    forms: list[str] = []
    for word in query.lower().split():
        forms.append(word)
        for ending in ("es", "s"):
            if len(word) > len(ending) + 2 and word.endswith(ending):
                forms.append(word.removesuffix(ending))
                break
    return list(dict.fromkeys(forms))


def _any_of(fields: Sequence[str], forms: Sequence[str]) -> Q:
    found = Q(pk__in=[])
    for field in fields:
        for form in forms:
            found |= Q(**{f"{field}__icontains": form})
    return found


def product_match_order(query: str) -> tuple:
    """Where a product matches decides its place, the way a shopper reads a shop: the product's name first,
    then its summary and description, then its category, and a match on the brand alone last, so that
    "stone" lists the stones before every oil of the brand "Knot & Stone". Alphabetical within each.

    The text compared is the shopper's language's (`shown_*`, from searchable_products) as well as the English,
    since the index holds both.

    Wagtail's SQLite search backend ignores field boosts (every field but "title" is one body column) and
    PostgreSQL's turns them into just four weights; this order is the same on both."""
    forms = _word_forms(query)
    if not forms:
        return (F("shown_name").asc(),)
    names = ["shown_name", "name"]
    name_has_every_word = Q(pk__in=[])
    for name in names:
        every_word = Q()
        for word in query.lower().split():
            every_word &= _any_of([name], _word_forms(word))
        name_has_every_word |= every_word
    tier = Case(
        When(name_has_every_word, then=Value(0)),
        When(_any_of(names, forms), then=Value(1)),
        When(_any_of(["shown_summary", "shown_description", "summary", "description"], forms), then=Value(2)),
        When(_any_of(["shown_category_name", "category__name"], forms), then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return (tier.asc(), F("shown_name").asc(), F("pk").asc())


def searchable_products():
    """Active products with their name, summary, description and category name in the active language."""
    products = with_product_text(Product.objects.active(), fields=("name", "summary", "description"))
    return with_category_text(products, via="category__", fields=("name",))


def search_storefront(query: str) -> CombinedResults:
    """Products and articles matching a query from parse_search_query: products ordered by where they match
    (product_match_order), articles (in the shopper's language) by the search backend's relevance."""
    from content.models import ArticlePage

    products = searchable_products().select_related("category", "brand")
    ordered = products.order_by(*product_match_order(query))
    # The language filter as a list of ids: a search can only filter on the page's own indexed fields.
    in_language = in_active_language(ArticlePage.objects.live().public()).order_by().values("pk")
    articles = ArticlePage.objects.live().public().filter(pk__in=in_language).select_related("hero_image")
    results = CombinedResults(
        get_search_backend().search(query, ordered, order_by_relevance=False), articles.search(query)
    )
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
            products.filter(
                Q(name__icontains=query)
                | Q(summary__icontains=query)
                | Q(shown_name__icontains=query)
                | Q(shown_summary__icontains=query)
            ).order_by(*product_match_order(query)),
            articles.filter(title__icontains=query).order_by("-first_published_at"),
        )
    return results
