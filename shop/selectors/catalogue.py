"""Catalogue reads: listing pages with facets, and the product page.

Every page here costs a fixed number of queries however many products the shop has: listings read
one small row per product (its "from" price and stock worked out in SQL) to filter, count facets and
sort in Python, then build cards (shop.selectors.cards) for only the products on the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Max, Min, Prefetch
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model

from config.caches import BRAND_LIST, CATEGORY_LIST
from shop.catalogue_query import PER_PAGE, PRICE_BANDS, ListingQuery, Sort
from shop.discounts import PromotionRule, best_promotion
from shop.models import Brand, Category, Product, ProductImage, ProductVariant
from shop.money import Money
from shop.selectors.cards import product_cards
from shop.selectors.cart import variant_line_in
from shop.selectors.offers import ShelfPrice, offer_summary, shelf_price_of
from shop.selectors.pricing import shelf_sale_events

GALLERY_RENDITIONS = ("fill-800x800", "fill-160x160")


# --- shelf prices: the one place that decides what a variant costs on the shelf --------------


def shelf_price_for(
    variant: ProductVariant, *, sales: list[PromotionRule] | None = None, now: datetime | None = None
) -> ShelfPrice:
    """A variant's shelf price today (see shop.selectors.offers).

    Callers pricing several variants pass `sales` and `now` read once, so every variant sees the same moment.
    """
    if sales is None:
        sales = shelf_sale_events()
    return shelf_price_of(variant_line_in(variant, 1), sales, now or timezone.now())


# --- the product page's offer ------------------------------------------------------------


@dataclass(frozen=True)
class ProductOffer:
    """What the product page says about price and stock, from its already loaded variants."""

    price: ShelfPrice | None
    has_price_range: bool
    in_stock: bool
    image: Any  # a Wagtail image, or None

    @property
    def available(self) -> bool:
        return self.price is not None


def product_offer(product: Product) -> ProductOffer:
    """The cheapest variant's shelf price ("from" when variants differ), and whether any variant is in stock."""
    variants = list(product.variants.all())
    # The sale list is read from the cache once per product, not once per variant.
    sales, now = shelf_sale_events(), timezone.now()
    summary = offer_summary(
        [shelf_price_for(variant, sales=sales, now=now) for variant in variants],
        [variant.in_stock for variant in variants],
    )
    first_image = next(iter(product.images.all()), None)
    return ProductOffer(
        price=summary.price,
        has_price_range=summary.has_price_range,
        in_stock=summary.in_stock,
        image=first_image.image if first_image is not None else None,
    )


def _renditions_prefetch(*specs: str) -> Prefetch:
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        "image__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


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
    """A row per listable product, its "from" price being its cheapest variant's, lowered by sale events.

    A sale takes the same rule off every variant of a product and never reorders them, so the
    cheapest variant before a sale is the cheapest after it.
    """
    rows = (
        Product.objects.active()
        .annotate(list_price=Min("variants__price"), most_in_stock=Max("variants__stock_quantity"))
        # A product without variants cannot be bought, so it is not listed.
        .filter(list_price__isnull=False)
        .order_by()
        .values_list(
            "pk", "name", "category_id", "brand__slug", "list_price", "most_in_stock", "is_featured", "created_at"
        )
    )
    sales, now = shelf_sale_events(), timezone.now()
    listed = []
    for pk, name, category_id, brand_slug, list_price, most_in_stock, is_featured, created_at in rows:
        shelf, _sale = best_promotion(
            sales, list_price=Money(list_price), product_id=pk, category_id=category_id, now=now
        )
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
    return entries


def shop_brands() -> list[BrandEntry]:
    """Every brand A–Z, for the brand facet: one query, then the cache."""
    entries = cache.get(BRAND_LIST.key)
    if entries is None:
        entries = [BrandEntry(*row) for row in Brand.objects.values_list("pk", "slug", "name")]
        cache.set(BRAND_LIST.key, entries, BRAND_LIST.seconds)
    return entries


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


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


# --- product page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantChoice:
    variant: ProductVariant
    shelf_price: ShelfPrice
    selected: bool


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    offer: ProductOffer
    variants: list[VariantChoice]
    selected: VariantChoice | None
    images: list[ProductImage]
    specifications: list


def product_detail(slug: str, *, sku: str = "") -> ProductDetail | None:
    """An active product with its variants (the one named by `sku`, else the first in stock, selected),
    ordered images and specifications; None when not for sale."""
    gallery = ProductImage.objects.select_related("image").prefetch_related(_renditions_prefetch(*GALLERY_RENDITIONS))
    product = (
        Product.objects.active()
        .select_related("brand", "category")
        .prefetch_related(
            Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order", "pk")),
            Prefetch("images", queryset=gallery.order_by("sort_order", "pk")),
        )
        .filter(slug=slug)
        .first()
    )
    if product is None:
        return None
    variants = list(product.variants.all())
    chosen = next((v for v in variants if v.sku == sku), None) if sku else None
    chosen = chosen or next((v for v in variants if v.in_stock), None) or next(iter(variants), None)
    choices = [VariantChoice(v, shelf_price_for(v), v is chosen) for v in variants]
    return ProductDetail(
        product=product,
        offer=product_offer(product),
        variants=choices,
        selected=next((choice for choice in choices if choice.selected), None),
        images=list(product.images.all()),
        # Shoppers see only what is known; the compare view keeps the blanks to line products up.
        specifications=[spec for spec in product.specifications if spec.value not in (None, "")],
    )


SCHEMA_IN_STOCK = "https://schema.org/InStock"
SCHEMA_OUT_OF_STOCK = "https://schema.org/OutOfStock"


def product_json_ld(detail: ProductDetail, *, absolute_url: Callable[[str], str]) -> dict[str, Any]:
    """schema.org Product data with one CAD Offer per variant, for search engines."""
    product = detail.product
    url = absolute_url(product.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "category": product.category.name,
        "offers": [
            {
                "@type": "Offer",
                "sku": choice.variant.sku,
                "name": choice.variant.title or product.name,
                "price": str(choice.shelf_price.price),
                "priceCurrency": choice.shelf_price.currency,
                "availability": SCHEMA_IN_STOCK if choice.variant.in_stock else SCHEMA_OUT_OF_STOCK,
                "url": url,
            }
            for choice in detail.variants
        ],
    }
    if product.summary:
        data["description"] = product.summary
    if product.brand is not None:
        data["brand"] = {"@type": "Brand", "name": product.brand.name}
    if detail.selected is not None:
        data["sku"] = detail.selected.variant.sku
    if detail.images:
        data["image"] = [absolute_url(product_image.image.file.url) for product_image in detail.images]
    return data
