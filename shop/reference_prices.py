"""Honest reference prices: when a price other than the variant's own regular price may be struck through.

Canada's Competition Act (ss. 74.01(2) and (3)) lets a shop call a price "regular" only if it passes one of
the Competition Bureau's two tests, here as plain rules over facts the selector reads:

- the time test: the variant was offered at that price or higher for more than half of the six months before now;
- the volume test: more than half of the units sold in the twelve months before now sold at that price or higher.

During a sale the struck price is the variant's own regular (list) price; that needs no test (shop.pricing.shelf_line).
Any other reference price (the compare-at price) shows only if `reference_verdict` passes it.

The "lowest price in the last 30 days" note beside a sale price comes from the same price history.

The history is a list of `PricePoint`s: each is the list price from its moment until the next point. Before the
first point the variant was not offered at all, so that time counts against the time test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from shop.money import Money

# "Six months" and "twelve months" as fixed spans, so a boundary is one instant and not a calendar question.
TIME_TEST_WINDOW = timedelta(days=183)
VOLUME_TEST_WINDOW = timedelta(days=365)
LOWEST_PRICE_WINDOW = timedelta(days=30)
# The longest look back any rule here needs; the selector reads the history and order lines for this span.
LOOKBACK = max(TIME_TEST_WINDOW, VOLUME_TEST_WINDOW, LOWEST_PRICE_WINDOW)


@dataclass(frozen=True, slots=True)
class PricePoint:
    """From `at` on (until the next point) the variant's list price was `price`."""

    at: datetime
    price: Decimal


@dataclass(frozen=True, slots=True)
class UnitsSold:
    """`quantity` units of the variant sold at `unit_price` (the shelf price paid) in the volume-test window."""

    unit_price: Decimal
    quantity: int


@dataclass(frozen=True, slots=True)
class PriceFacts:
    """What the rules need to know about one variant's past: its price history and its units sold.

    `history` holds every change since the look-back began, plus the last change before it (the price in force
    when the window opened), oldest first. `sold` holds the paid units in the volume-test window.
    """

    history: tuple[PricePoint, ...] = ()
    sold: tuple[UnitsSold, ...] = ()


NO_FACTS = PriceFacts()


@dataclass(frozen=True, slots=True)
class ReferenceVerdict:
    passes: bool
    reason: str  # why it passes or fails, in words staff can act on (translatable)


def time_at_or_above(history: Sequence[PricePoint], reference: Decimal, *, start: datetime, end: datetime) -> timedelta:
    """How long, between start and end, the list price was `reference` or higher."""
    total = timedelta(0)
    for index, point in enumerate(history):
        until = history[index + 1].at if index + 1 < len(history) else end
        begin, finish = max(point.at, start), min(until, end)
        if finish > begin and point.price >= reference:
            total += finish - begin
    return total


def passes_time_test(history: Sequence[PricePoint], reference: Decimal, *, now: datetime) -> bool:
    """Offered at `reference` or higher for more than half of the six months before now."""
    held = time_at_or_above(history, reference, start=now - TIME_TEST_WINDOW, end=now)
    return held * 2 > TIME_TEST_WINDOW


def passes_volume_test(sold: Sequence[UnitsSold], reference: Decimal) -> bool:
    """More than half of the units sold in the twelve months before now sold at `reference` or higher."""
    total = sum(units.quantity for units in sold)
    at_or_above = sum(units.quantity for units in sold if units.unit_price >= reference)
    return total > 0 and at_or_above * 2 > total


def reference_verdict(reference: Money, facts: PriceFacts, *, now: datetime) -> ReferenceVerdict:
    """Whether a reference price (a compare-at price) may be struck through now, and why."""
    amount = reference.amount
    if passes_time_test(facts.history, amount, now=now):
        return ReferenceVerdict(
            True, str(_("Offered at this price or higher for more than half of the last six months."))
        )
    if passes_volume_test(facts.sold, amount):
        return ReferenceVerdict(True, str(_("Most units sold in the last twelve months sold at this price or higher.")))
    held = time_at_or_above(facts.history, amount, start=now - TIME_TEST_WINDOW, end=now)
    days = held.days
    total = sum(units.quantity for units in facts.sold)
    at_or_above = sum(units.quantity for units in facts.sold if units.unit_price >= amount)
    return ReferenceVerdict(
        False,
        str(
            _(
                "Not shown to shoppers: in the last six months the price was this high or higher on only "
                "%(days)s of %(window)s days (more than half is needed), and %(sold)s of %(total)s units sold in the "
                "last twelve months sold at this price or higher (more than half is needed)."
            )
        )
        % {"days": days, "window": TIME_TEST_WINDOW.days, "sold": at_or_above, "total": total},
    )


def genuine_reference(reference: Money | None, list_price: Money, facts: PriceFacts, *, now: datetime) -> Money | None:
    """The reference price to strike through, or None: only a higher price that passes a test is shown."""
    if reference is None or reference <= list_price:
        return None
    return reference if reference_verdict(reference, facts, now=now).passes else None


def lowest_recent_price(history: Sequence[PricePoint], *, now: datetime) -> Money | None:
    """The lowest list price in force at any moment of the 30 days before now; None when there is no history."""
    start = now - LOWEST_PRICE_WINDOW
    prices = [
        point.price
        for index, point in enumerate(history)
        if point.at <= now and (index + 1 == len(history) or history[index + 1].at > start)
    ]
    return Money(min(prices)) if prices else None
