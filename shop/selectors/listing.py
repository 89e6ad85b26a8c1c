"""Listing pages with facets.

Every page here costs a fixed number of queries however many products the shop has: listings read
one small row per product (its "from" price and stock worked out in SQL) to filter, count facets and
sort in Python, then build cards (shop.selectors.cards) for only the products on the page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Max, Min

from shop.catalogue_query import PER_PAGE, PRICE_BANDS, ListingQuery, Sort
from shop.models import Category, Product
from shop.selectors.cards import product_cards
from shop.selectors.catalogue import shop_brands, shop_categories
from shop.selectors.offers import cheapest_row_price, shelf_terms
from shop.selectors.translations import with_product_text

# --- listing ---------------------------------------------------------------------------------
#
# One query reads a small row per listable product (category, brand, "from" price, stock, sort
# keys); facet counts, filtering, sorting and paging then happen in plain Python over those rows,
# and only the 24 products on the page are loaded in full. For a specialist shop's catalogue
# (hundreds, not millions, of products) this is cheaper than one SQL count per facet.


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass(frozen=True)
class Listing:
    query: ListingQuery
    category: Category | None
    page: Page
    total: int
    categories: list[FacetOption]
    brands: list[FacetOption]
    price_bands: list[FacetOption]
    in_stock_count: int
    sort_options: list[tuple[str, str]]


@dataclass(frozen=True)
class ListingRow:
    """What filtering, facet counts and sorting need to know about one listable product."""

    pk: int
    name: str
    category_id: int
    brand_slug: str | None
    from_price: Decimal
    in_stock: bool
    is_featured: bool
    created_at: datetime


def _listing_rows() -> list[ListingRow]:
    """A row per listable product, its "from" price being its lead variant's offer price (shop.selectors.offers)."""
    rows = (
        # Named in the active language, so "A–Z" sorts the names the shopper reads.
        with_product_text(Product.objects.active(), fields=("name",))
        .annotate(list_price=Min("variants__price"), most_in_stock=Max("variants__stock_quantity"))
        # A product without variants cannot be bought, so it is not listed.
        .filter(list_price__isnull=False)
        .order_by()
        .values_list(
            "pk", "shown_name", "category_id", "brand__slug", "list_price", "most_in_stock", "is_featured", "created_at"
        )
    )
    terms = shelf_terms()
    listed = []
    for pk, name, category_id, brand_slug, list_price, most_in_stock, is_featured, created_at in rows:
        shelf = cheapest_row_price(product_id=pk, category_id=category_id, cheapest_list_price=list_price, terms=terms)
        listed.append(
            ListingRow(pk, name, category_id, brand_slug, shelf.amount, most_in_stock > 0, is_featured, created_at)
        )
    return listed


def row_matches(row: ListingRow, query: ListingQuery, category_id: int | None, *, skip: str = "") -> bool:
    """Does a product pass every chosen facet but `skip`? Skipping one facet gives that facet's counts:
    what choosing each of its options would show, given the shopper's other choices."""
    if category_id is not None and skip != "category" and row.category_id != category_id:
        return False
    if query.brands and skip != "brand" and row.brand_slug not in query.brands:
        return False
    if skip != "price":
        band = query.band
        if band is not None and not band.contains(row.from_price):
            return False
        if query.min_price is not None and row.from_price < query.min_price:
            return False
        if query.max_price is not None and row.from_price > query.max_price:
            return False
    return not (query.in_stock and skip != "stock" and not row.in_stock)


def sort_rows(rows: list[ListingRow], sort: str) -> list[ListingRow]:
    """Featured first then A–Z; price up or down (ties A–Z); or newest first."""
    if sort == Sort.NEWEST:
        return sorted(rows, key=lambda row: (row.created_at, row.pk), reverse=True)
    if sort == Sort.PRICE_ASC:
        return sorted(rows, key=lambda row: (row.from_price, row.name.casefold(), row.pk))
    if sort == Sort.PRICE_DESC:
        return sorted(rows, key=lambda row: (-row.from_price, row.name.casefold(), row.pk))
    return sorted(rows, key=lambda row: (not row.is_featured, row.name.casefold(), row.pk))


def _category_options(rows: list[ListingRow], query: ListingQuery, category: Category | None) -> list[FacetOption]:
    chosen = category.pk if category else None
    counts = Counter(row.category_id for row in rows if row_matches(row, query, chosen, skip="category"))
    return [
        FacetOption(
            value=option.slug,
            label=option.name,
            count=counts[option.pk],
            selected=option.pk == chosen,
            url=option.url,
        )
        for option in shop_categories()
        if counts[option.pk] or option.pk == chosen
    ]


def _brand_options(rows: list[ListingRow], query: ListingQuery, category: Category | None) -> list[FacetOption]:
    chosen = category.pk if category else None
    counts = Counter(row.brand_slug for row in rows if row_matches(row, query, chosen, skip="brand"))
    return [
        FacetOption(value=brand.slug, label=brand.name, count=counts[brand.slug], selected=brand.slug in query.brands)
        for brand in shop_brands()
        # A chosen brand stays on the list even at zero so the shopper can untick it.
        if counts[brand.slug] or brand.slug in query.brands
    ]


def _price_band_options(rows: list[ListingRow], query: ListingQuery, category: Category | None) -> list[FacetOption]:
    chosen = category.pk if category else None
    prices = [row.from_price for row in rows if row_matches(row, query, chosen, skip="price")]
    return [
        FacetOption(
            value=band.slug,
            label=str(band.label),
            count=sum(1 for price in prices if band.contains(price)),
            selected=band.slug == query.price_band,
        )
        for band in PRICE_BANDS
    ]


def catalogue_listing(query: ListingQuery, *, category: Category | None = None) -> Listing:
    """One page of active products for the shop or a category, with facet counts beside each option."""
    rows = _listing_rows()
    chosen = category.pk if category else None
    matching = sort_rows([row for row in rows if row_matches(row, query, chosen)], query.sort)
    paginator = Paginator(matching, PER_PAGE)
    # get_page clamps: past the end shows the last page, and an empty result shows an empty page 1.
    row_page = paginator.get_page(query.page)
    cards = product_cards([row.pk for row in row_page.object_list])
    return Listing(
        query=query,
        category=category,
        page=Page(cards, row_page.number, paginator),
        total=paginator.count,
        categories=_category_options(rows, query, category),
        brands=_brand_options(rows, query, category),
        price_bands=_price_band_options(rows, query, category),
        in_stock_count=sum(1 for row in rows if row.in_stock and row_matches(row, query, chosen, skip="stock")),
        sort_options=[(value, str(label)) for value, label in Sort.choices],
    )
