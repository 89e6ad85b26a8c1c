"""Offers: what the shop offers a variant and a product at, the one answer every page prints.

Modelled on django-oscar's strategy and PurchaseInfo. shop.selectors.offers reads the rows and the
running sales; the rules here turn them into frozen values. The sale rule itself is shop.pricing's
shelf_line, the same one the cart and checkout price with, so a card never promises what the cart
won't honour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shop.discounts import PromotionRule, best_promotion
from shop.money import Money
from shop.pricing import LineIn, shelf_line
from shop.shipping import qualifies_for_free_shipping


@dataclass(frozen=True, slots=True)
class VariantOffer:
    """One variant as offered today: its shelf price, the price struck through, the sale, the stock."""

    variant_id: int
    price: Money  # the shelf price: the list price lowered by the best running sale
    was: Money | None  # the "was" price to strike through, only when higher than `price`
    sale_name: str | None  # the sale event that set the price, if any
    stock: int
    ships_free: bool  # one unit alone reaches the free-shipping threshold
    lowest_recent: Money | None = None  # beside a struck price: the lowest list price in the last 30 days

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def on_sale(self) -> bool:
        return self.was is not None


def variant_offer(
    line: LineIn, *, stock: int, sales: Sequence[PromotionRule], now: datetime, free_shipping_threshold: Money
) -> VariantOffer:
    """A variant sells at its list price lowered by the best running sale, and ships free when that alone
    reaches the free-shipping threshold."""
    priced = shelf_line(line, sales, now)
    return VariantOffer(
        variant_id=line.variant_id,
        price=priced.unit_shelf_price,
        was=priced.compare_at,
        sale_name=priced.sale_name,
        stock=stock,
        ships_free=qualifies_for_free_shipping(priced.unit_shelf_price, free_shipping_threshold),
        lowest_recent=priced.lowest_recent,
    )


@dataclass(frozen=True, slots=True)
class ProductOffer:
    """A product as offered today: its lead variant's offer, "from" when prices differ, in stock if any variant is."""

    lead: VariantOffer | None  # None: a product without variants cannot be bought
    has_price_range: bool
    in_stock: bool

    @property
    def available(self) -> bool:
        return self.lead is not None

    @property
    def price(self) -> Money | None:
        return self.lead.price if self.lead is not None else None

    @property
    def was(self) -> Money | None:
        return self.lead.was if self.lead is not None else None

    @property
    def on_sale(self) -> bool:
        return self.lead is not None and self.lead.on_sale

    @property
    def ships_free(self) -> bool:
        return self.lead is not None and self.lead.ships_free

    @property
    def lowest_recent(self) -> Money | None:
        return self.lead.lowest_recent if self.lead is not None else None


def lead_offer(offers: Sequence[VariantOffer]) -> VariantOffer | None:
    """A product is priced by its cheapest variant, sold out or not (the first in shop order on a tie)."""
    return min(offers, key=lambda offer: offer.price, default=None)


def lead_price(
    cheapest_list_price: Money,
    *,
    product_id: int,
    category_id: int | None,
    sales: Sequence[PromotionRule],
    now: datetime,
) -> Money:
    """A product's price as listings filter and sort by it: its lead variant's shelf price, from the cheapest list price.

    Every sale takes one rule off all of a product's variants and a lower list price never ends up dearer,
    so the variant cheapest before sales is the lead variant after them (the same sale rule as shelf_line).
    """
    price, _sale = best_promotion(
        sales, list_price=cheapest_list_price, product_id=product_id, category_id=category_id, now=now
    )
    return price


def product_offer(offers: Sequence[VariantOffer]) -> ProductOffer:
    """A product sells "from" its lead variant's price when its variants differ, and is in stock while any is."""
    return ProductOffer(
        lead=lead_offer(offers),
        has_price_range=len({offer.price for offer in offers}) > 1,
        in_stock=any(offer.in_stock for offer in offers),
    )
