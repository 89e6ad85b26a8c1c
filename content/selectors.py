"""Reads for the storefront's content pages: navigation, article lists, product teasers, search."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects

from shop.models import Category, Product, ProductImage

if TYPE_CHECKING:
    from content.models import ArticlePage

NAV_CATEGORIES_CACHE_KEY = "content:nav-categories:v1"
# Short enough that a new or renamed category shows up in the menu within a minute, long enough
# that the menu costs nothing on a busy page.
NAV_CATEGORIES_TTL_SECONDS = 60


@dataclass(frozen=True)
class NavCategory:
    name: str
    url: str


def nav_categories() -> list[NavCategory]:
    """The categories for the main menu, in shop order: one query, then served from the cache briefly."""
    cached = cache.get(NAV_CATEGORIES_CACHE_KEY)
    if cached is not None:
        return cached
    categories = [
        NavCategory(name=category.name, url=category.get_absolute_url())
        for category in Category.objects.only("name", "slug", "sort_order")
    ]
    cache.set(NAV_CATEGORIES_CACHE_KEY, categories, NAV_CATEGORIES_TTL_SECONDS)
    return categories


def card_prefetches() -> list:
    """What a product card reads: its brand and category, its variants, and its first images with renditions."""
    return [
        "variants",
        Prefetch(
            "images",
            queryset=ProductImage.objects.select_related("image").prefetch_related("image__renditions"),
        ),
    ]


def prefetch_for_cards(products: Sequence[Product]) -> Sequence[Product]:
    """Fill in what cards read for products already in hand, in a fixed number of queries."""
    prefetch_related_objects(list(products), "category", "brand", *card_prefetches())
    return products


def products_for_cards(products: Iterable[Product] | None = None):
    """A queryset of active products ready for cards; pass a queryset to narrow it."""
    queryset = products if products is not None else Product.objects.all()
    return queryset.filter(is_active=True).select_related("category", "brand").prefetch_related(*card_prefetches())


@dataclass(frozen=True)
class VariantPrice:
    price: Decimal
    compare_at_price: Decimal | None
    in_stock: bool


@dataclass(frozen=True)
class PriceDisplay:
    price: Decimal | None
    compare_at_price: Decimal | None  # set only when the regular price is higher than the price
    price_varies: bool
    in_stock: bool

    @property
    def on_sale(self) -> bool:
        return self.compare_at_price is not None


def price_display(variants: Sequence[VariantPrice]) -> PriceDisplay:
    """A product shows its lowest price ("from" when variants differ), the regular price struck through
    when that variant is on sale, and "in stock" when any variant can ship."""
    if not variants:
        return PriceDisplay(price=None, compare_at_price=None, price_varies=False, in_stock=False)
    cheapest = min(variants, key=lambda variant: variant.price)
    regular = cheapest.compare_at_price
    return PriceDisplay(
        price=cheapest.price,
        compare_at_price=regular if regular is not None and regular > cheapest.price else None,
        price_varies=len({variant.price for variant in variants}) > 1,
        in_stock=any(variant.in_stock for variant in variants),
    )


@dataclass(frozen=True)
class ProductTeaser:
    """A product as an article shows it: live price and stock, read at render time."""

    product: Product
    display: PriceDisplay

    @property
    def image(self):
        images = list(self.product.images.all())
        return images[0].image if images else None


def product_teasers(products: Sequence[Product]) -> dict[int, ProductTeaser]:
    """Teasers for products in hand, keyed by id; two or three queries however many there are."""
    products = [product for product in products if product is not None]
    prefetch_related_objects(products, *card_prefetches())
    return {
        product.pk: ProductTeaser(
            product=product,
            display=price_display(
                [
                    VariantPrice(price=v.price, compare_at_price=v.compare_at_price, in_stock=v.in_stock)
                    for v in product.variants.all()
                ]
            ),
        )
        for product in products
    }


def live_articles():
    from content.models import ArticlePage

    return ArticlePage.objects.live().public().select_related("hero_image").order_by("-date", "-pk")


def latest_articles(*, limit: int = 3) -> list[ArticlePage]:
    return list(live_articles()[:limit])


def article_neighbours(article: ArticlePage) -> tuple[ArticlePage | None, ArticlePage | None]:
    """The article published just before and just after this one, among its live siblings."""
    from django.db.models import Q

    siblings = live_articles().sibling_of(article, inclusive=False)
    older = (
        siblings.filter(Q(date__lt=article.date) | Q(date=article.date, pk__lt=article.pk))
        .order_by("-date", "-pk")
        .first()
    )
    newer = (
        siblings.filter(Q(date__gt=article.date) | Q(date=article.date, pk__gt=article.pk))
        .order_by("date", "pk")
        .first()
    )
    return older, newer
