"""Shelf prices and offers: what a variant costs on the shelf today, and what a product "costs from".

The one place that turns the pricing rule (shop.pricing.shelf_line) into what cards, teasers and the
product page print, so a card never promises what the cart won't honour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shop.discounts import PromotionRule
from shop.models import CURRENCY
from shop.pricing import LineIn, shelf_line


@dataclass(frozen=True)
class ShelfPrice:
    """What a shopper pays for one variant today, and the regular price to strike through if on sale."""

    price: Decimal
    compare_at: Decimal | None = None
    currency: str = CURRENCY

    @property
    def on_sale(self) -> bool:
        return self.compare_at is not None and self.compare_at > self.price


def shelf_price_of(line: LineIn, sales: Sequence[PromotionRule], now: datetime) -> ShelfPrice:
    """A variant sells at its price lowered by the best running sale event, shown against the "was" price."""
    priced = shelf_line(line, sales, now)
    was = priced.compare_at.amount if priced.compare_at is not None else None
    return ShelfPrice(price=priced.unit_shelf_price.amount, compare_at=was, currency=priced.unit_shelf_price.currency)


@dataclass(frozen=True)
class OfferSummary:
    price: ShelfPrice | None
    has_price_range: bool
    in_stock: bool


def offer_summary(prices: Sequence[ShelfPrice], in_stock: Sequence[bool]) -> OfferSummary:
    """A product sells "from" its cheapest variant's shelf price, and is in stock while any variant is."""
    return OfferSummary(
        price=min(prices, key=lambda shelf: shelf.price, default=None),
        has_price_range=len({shelf.price for shelf in prices}) > 1,
        in_stock=any(in_stock),
    )
