"""Catalogue reads: listing pages with facets, product cards and the product page.

Every page here costs a fixed number of queries however many products the shop has: products
come with their brand and category joined, variants and the first image prefetched, and the
"from" price and stock computed in SQL for filtering and in Python for display.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from wagtail.images import get_image_model

from shop.catalogue_query import PER_PAGE, PRICE_BANDS, ListingQuery, Sort
from shop.models import CURRENCY, Brand, Category, Product, ProductImage, ProductVariant

CARD_RENDITION = "fill-400x400"
GALLERY_RENDITIONS = ("fill-800x800", "fill-160x160")
RELATED_ARTICLES = 4


# --- shelf prices: the one place that decides what a variant costs on the shelf --------------


@dataclass(frozen=True)
class ShelfPrice:
    """What a shopper pays for one variant today, and the regular price to strike through if on sale."""

    price: Decimal
    compare_at: Decimal | None = None
    currency: str = CURRENCY

    @property
    def on_sale(self) -> bool:
        return self.compare_at is not None and self.compare_at > self.price


def shelf_price_for(variant: ProductVariant) -> ShelfPrice:
    """A variant sells at its price; its compare-at price counts only when higher.

    Sale events (shop.pricing) will plug in here, and only here.
    """
    compare_at = variant.compare_at_price
    if compare_at is not None and compare_at <= variant.price:
        compare_at = None
    return ShelfPrice(price=variant.price, compare_at=compare_at, currency=variant.currency)


def _shelf_price_expression() -> Subquery:
    """The SQL twin of the cheapest `shelf_price_for`, used to filter and sort listings by price."""
    cheapest = ProductVariant.objects.filter(product=OuterRef("pk")).order_by("price").values("price")[:1]
    return Subquery(cheapest)


# --- product cards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductOffer:
    """What a card or the product page says about price and stock, from already loaded variants."""

    price: ShelfPrice | None
    has_price_range: bool
    in_stock: bool
    image: Any  # a Wagtail image, or None

    @property
    def available(self) -> bool:
        return self.price is not None


def _first_image(product: Product) -> Any:
    images = getattr(product, "first_images", None)
    if images is None:
        images = product.images.all()
    for product_image in images:
        return product_image.image
    return None


def product_offer(product: Product) -> ProductOffer:
    """The cheapest variant's shelf price ("from" when variants differ), and whether any variant is in stock."""
    variants = list(product.variants.all())
    prices = [shelf_price_for(variant) for variant in variants]
    cheapest = min(prices, key=lambda shelf: shelf.price, default=None)
    return ProductOffer(
        price=cheapest,
        has_price_range=len({shelf.price for shelf in prices}) > 1,
        in_stock=any(variant.in_stock for variant in variants),
        image=_first_image(product),
    )


def _renditions_prefetch(*specs: str) -> Prefetch:
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        "image__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def with_card_data(products: QuerySet[Product]) -> QuerySet[Product]:
    """Load what `includes/product_card.html` shows, in a fixed number of queries for any number of products."""
    # Only each product's first image: a window function, since modelcluster cannot prefetch a slice.
    position = Window(RowNumber(), partition_by=F("product_id"), order_by=[F("sort_order").asc(), F("pk").asc()])
    first_image = (
        ProductImage.objects.annotate(position=position)
        .filter(position=1)
        .select_related("image")
        .prefetch_related(_renditions_prefetch(CARD_RENDITION))
    )
    return products.select_related("brand", "category").prefetch_related(
        Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order", "pk")),
        Prefetch("images", queryset=first_image, to_attr="first_images"),
    )


# --- listing ---------------------------------------------------------------------------------


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


def _listable() -> QuerySet[Product]:
    in_stock = ProductVariant.objects.filter(product=OuterRef("pk"), stock_quantity__gt=0)
    return (
        Product.objects.active()
        .annotate(from_price=_shelf_price_expression(), has_stock=Exists(in_stock))
        # A product without variants cannot be bought, so it is not listed.
        .filter(from_price__isnull=False)
    )


def _filter(
    products: QuerySet[Product],
    query: ListingQuery,
    category: Category | None,
    *,
    skip: str = "",
) -> QuerySet[Product]:
    """Apply every facet but `skip`, so a facet's counts show what choosing each of its options would give."""
    if category is not None and skip != "category":
        products = products.filter(category=category)
    if query.brands and skip != "brand":
        products = products.filter(brand__slug__in=query.brands)
    if skip != "price":
        band = query.band
        if band is not None and band.low is not None:
            products = products.filter(from_price__gte=band.low)
        if band is not None and band.high is not None:
            products = products.filter(from_price__lt=band.high)
        if query.min_price is not None:
            products = products.filter(from_price__gte=query.min_price)
        if query.max_price is not None:
            products = products.filter(from_price__lte=query.max_price)
    if query.in_stock and skip != "stock":
        products = products.filter(has_stock=True)
    return products


SORT_ORDER: dict[str, tuple[str, ...]] = {
    Sort.FEATURED: ("-is_featured", "name", "pk"),
    Sort.PRICE_ASC: ("from_price", "name", "pk"),
    Sort.PRICE_DESC: ("-from_price", "name", "pk"),
    Sort.NEWEST: ("-created_at", "-pk"),
}


def _category_options(products: QuerySet[Product], query: ListingQuery, category: Category | None) -> list[FacetOption]:
    counts = dict(_filter(products, query, category, skip="category").values_list("category").annotate(n=Count("pk")))
    return [
        FacetOption(
            value=option.slug,
            label=option.name,
            count=counts.get(option.pk, 0),
            selected=category is not None and option.pk == category.pk,
            url=option.get_absolute_url(),
        )
        for option in Category.objects.all()
        if counts.get(option.pk) or (category is not None and option.pk == category.pk)
    ]


def _brand_options(products: QuerySet[Product], query: ListingQuery, category: Category | None) -> list[FacetOption]:
    counts = dict(_filter(products, query, category, skip="brand").values_list("brand").annotate(n=Count("pk")))
    return [
        FacetOption(value=brand.slug, label=brand.name, count=counts.get(brand.pk, 0), selected=brand.slug in query.brands)
        for brand in Brand.objects.all()
        # A chosen brand stays on the list even at zero so the shopper can untick it.
        if counts.get(brand.pk) or brand.slug in query.brands
    ]


def _price_band_options(products: QuerySet[Product], query: ListingQuery, category: Category | None) -> list[FacetOption]:
    aggregates = {}
    for band in PRICE_BANDS:
        condition = Q()
        if band.low is not None:
            condition &= Q(from_price__gte=band.low)
        if band.high is not None:
            condition &= Q(from_price__lt=band.high)
        aggregates[band.slug] = Count("pk", filter=condition)
    counts = _filter(products, query, category, skip="price").aggregate(**aggregates)
    return [
        FacetOption(value=band.slug, label=str(band.label), count=counts[band.slug], selected=band.slug == query.price_band)
        for band in PRICE_BANDS
    ]


def catalogue_listing(query: ListingQuery, *, category: Category | None = None) -> Listing:
    """One page of active products for the shop or a category, with facet counts beside each option."""
    products = _listable()
    matching = _filter(products, query, category).order_by(*SORT_ORDER[query.sort])
    paginator = Paginator(with_card_data(matching), PER_PAGE)
    # get_page clamps: past the end shows the last page, and an empty result shows an empty page 1.
    page = paginator.get_page(query.page)
    return Listing(
        query=query,
        category=category,
        page=page,
        total=paginator.count,
        categories=_category_options(products, query, category),
        brands=_brand_options(products, query, category),
        price_bands=_price_band_options(products, query, category),
        in_stock_count=_filter(products, query, category, skip="stock").filter(has_stock=True).count(),
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
    articles: list


def product_detail(slug: str, *, sku: str = "") -> ProductDetail | None:
    """An active product with its variants (the one named by `sku`, else the first in stock, selected),
    ordered images, specifications and the live articles that mention it; None when not for sale."""
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
        articles=list(product.articles.live().public().order_by("-date", "-pk")[:RELATED_ARTICLES]),
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
