"""Catalogue rows to offers: the only code that turns variants and the running sales into prices.

Cards, listings and their facets, the product page and its JSON, the cart and checkout (through the
LineIn built here), and the comparison table all read their prices from here, with the sale events
from one cached list (shop.selectors.pricing.shelf_sale_events) that each rule checks against the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from shop.discounts import PromotionRule
from shop.models import ProductVariant
from shop.money import Money
from shop.offers import ProductOffer, VariantOffer, lead_price, product_offer, variant_offer
from shop.pricing import LineIn
from shop.selectors.pricing import shelf_free_shipping_threshold, shelf_sale_events


@dataclass(frozen=True)
class ShelfTerms:
    """What every offer on one page is worked out against: the sales, the moment, the free-shipping threshold."""

    sales: Sequence[PromotionRule]
    now: datetime
    free_shipping_threshold: Money


def shelf_terms(*, now: datetime | None = None) -> ShelfTerms:
    """The cached sale events and threshold, read once per page so every offer on it sees the same moment."""
    return ShelfTerms(
        sales=shelf_sale_events(),
        now=now or timezone.now(),
        free_shipping_threshold=shelf_free_shipping_threshold(),
    )


def variant_line_in(variant: ProductVariant, quantity: int) -> LineIn:
    """A variant as the pricing rules see it (its product must be loaded already)."""
    product = variant.product
    return row_line_in(
        variant_id=variant.pk,
        product_id=product.pk,
        category_id=product.category_id,
        product_name=product.name,
        variant_title=variant.title,
        sku=variant.sku,
        quantity=quantity,
        price=variant.price,
        compare_at_price=variant.compare_at_price,
    )


def row_line_in(
    *,
    variant_id: int,
    product_id: int,
    category_id: int | None,
    product_name: str,
    variant_title: str,
    sku: str,
    quantity: int,
    price: Decimal,
    compare_at_price: Decimal | None,
) -> LineIn:
    """A variant read as a plain row (cards read no model instances), as the pricing rules see it."""
    return LineIn(
        variant_id=variant_id,
        product_id=product_id,
        category_id=category_id,
        # The same title as str(ProductVariant): the product, then the option values that tell variants apart.
        title=f"{product_name} — {variant_title}" if variant_title else product_name,
        sku=sku,
        quantity=quantity,
        list_price=Money(price),
        compare_at=Money(compare_at_price) if compare_at_price is not None else None,
    )


def offer_for_line(line: LineIn, *, stock: int, terms: ShelfTerms) -> VariantOffer:
    return variant_offer(
        line, stock=stock, sales=terms.sales, now=terms.now, free_shipping_threshold=terms.free_shipping_threshold
    )


def variant_offers(variants: Iterable[ProductVariant], *, terms: ShelfTerms | None = None) -> list[VariantOffer]:
    """Each variant's offer, in the order given (their products must be loaded already)."""
    terms = terms or shelf_terms()
    return [
        offer_for_line(variant_line_in(variant, 1), stock=variant.stock_quantity, terms=terms) for variant in variants
    ]


def offers_of_product(product, *, terms: ShelfTerms | None = None) -> tuple[list[VariantOffer], ProductOffer]:
    """A loaded product's variant offers (in shop order, as prefetched) and the product's offer."""
    variants = list(product.variants.all())
    for variant in variants:
        variant.product = product  # already loaded; saves a query per variant
    offers = variant_offers(variants, terms=terms)
    return offers, product_offer(offers)


def cheapest_row_price(
    *, product_id: int, category_id: int | None, cheapest_list_price: Decimal, terms: ShelfTerms
) -> Money:
    """A listing row's "from" price: its lead variant's offer price (shop.offers.lead_price), in plain Python."""
    return lead_price(
        Money(cheapest_list_price), product_id=product_id, category_id=category_id, sales=terms.sales, now=terms.now
    )
