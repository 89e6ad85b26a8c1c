"""Sale events and discount codes as plain rules: what they take off, and whether a code may be used."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from shop.money import CENT, Money, quantize_cents


class DiscountKind:
    PERCENT = "percent"
    FIXED = "fixed"
    FREE_SHIPPING = "free_shipping"
    PRICE_MATCH = "price_match"  # one unit of one variant at a matched price, for one email


def _running(starts_at: datetime | None, ends_at: datetime | None, now: datetime) -> bool:
    return (starts_at is None or starts_at <= now) and (ends_at is None or now < ends_at)


# --- sale events ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromotionRule:
    """A sale event: `value` percent or dollars off each unit of the chosen products and categories."""

    name: str
    kind: str
    value: Decimal
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    product_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()

    def applies_to(self, *, product_id: int, category_id: int | None, now: datetime) -> bool:
        chosen = product_id in self.product_ids or (category_id is not None and category_id in self.category_ids)
        return chosen and _running(self.starts_at, self.ends_at, now)

    def unit_price(self, list_price: Money) -> Money:
        """The sale price of one unit: percent or fixed amount off, never below $0."""
        if self.kind == DiscountKind.PERCENT:
            off = Money(quantize_cents(list_price.amount * self.value / 100), list_price.currency)
        else:
            off = Money(self.value, list_price.currency)
        price = list_price - off
        return price if price.amount > 0 else Money.zero(list_price.currency)


def best_promotion(
    promotions: Iterable[PromotionRule], *, list_price: Money, product_id: int, category_id: int | None, now: datetime
) -> tuple[Money, PromotionRule | None]:
    """The lowest shelf price any one running sale gives this unit (sales never stack), and which sale it was."""
    best_price, best = list_price, None
    for promotion in promotions:
        if promotion.applies_to(product_id=product_id, category_id=category_id, now=now):
            price = promotion.unit_price(list_price)
            if price < best_price:
                best_price, best = price, promotion
    return best_price, best


# --- discount codes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiscountCodeRule:
    """A code as the rules see it, with its uses so far: on paid orders, and held by orders awaiting payment."""

    code: str
    kind: str
    value: Decimal = Decimal("0")
    minimum_subtotal: Money | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = None
    per_customer_limit: int | None = None
    times_used: int = 0  # paid orders
    times_used_by_customer: int = 0
    times_reserved: int = 0  # orders placed and not yet paid, whose reservation has not been released
    times_reserved_by_customer: int = 0
    is_active: bool = True
    # A price-match code: `matched_units` units of this variant at this price, for this email only.
    variant_id: int | None = None
    bound_email: str = ""
    matched_price: Money | None = None
    matched_units: int = 1


@dataclass(frozen=True, slots=True)
class CodeRequest:
    """What the shopper typed, and the code it matched (None when nothing matched)."""

    entered: str
    rule: DiscountCodeRule | None
    email: str | None = None  # the shopper's email, once checkout knows it (codes bound to an email check it)


def code_refusal(
    rule: DiscountCodeRule | None,
    *,
    entered: str,
    subtotal: Money,
    now: datetime,
    email: str | None = None,
    variant_ids: Collection[int] | None = None,
) -> str | None:
    """Why this code cannot be used on this order, in words for the shopper; None when it can.

    `email` is the shopper's address once known (a code bound to another address is refused; before checkout
    asks for it the code is shown as it would apply) and `variant_ids` the items in the cart.
    """
    if rule is None or not rule.is_active:
        return _("“%(code)s” is not a valid discount code.") % {"code": entered}
    if rule.bound_email and email and email.strip().lower() != rule.bound_email.strip().lower():
        return _("“%(code)s” was issued to another email address. Use the address it was sent to.") % {
            "code": rule.code
        }
    if rule.kind == DiscountKind.PRICE_MATCH and (
        rule.variant_id is None or rule.matched_price is None or rule.variant_id not in (variant_ids or ())
    ):
        return _("“%(code)s” is for one particular item, which is not in your cart.") % {"code": rule.code}
    if rule.starts_at is not None and now < rule.starts_at:
        return _("“%(code)s” is not active yet.") % {"code": rule.code}
    if rule.ends_at is not None and now >= rule.ends_at:
        return _("“%(code)s” has expired.") % {"code": rule.code}
    if _reached(rule.usage_limit, rule.times_used):
        return _("“%(code)s” has been fully redeemed.") % {"code": rule.code}
    if _reached(rule.per_customer_limit, rule.times_used_by_customer):
        return _("You have already used “%(code)s”.") % {"code": rule.code}
    if not code_use_available(rule):
        if rule.times_reserved_by_customer:
            return _(
                "“%(code)s” is already on one of your orders awaiting payment. Pay for that order, "
                "or remove the code to check out without it."
            ) % {"code": rule.code}
        return _(
            "“%(code)s” is held by other orders awaiting payment and has no uses left right now. "
            "Remove it to check out without it, or try again later."
        ) % {"code": rule.code}
    if rule.minimum_subtotal is not None and subtotal < rule.minimum_subtotal:
        return _("“%(code)s” needs a subtotal of %(minimum)s or more.") % {
            "code": rule.code,
            "minimum": rule.minimum_subtotal,
        }
    return None


def code_use_available(rule: DiscountCodeRule) -> bool:
    """A code has a use left when its paid and held uses together are below its limits, overall and for this email."""
    return not _reached(rule.usage_limit, rule.times_used + rule.times_reserved) and not _reached(
        rule.per_customer_limit, rule.times_used_by_customer + rule.times_reserved_by_customer
    )


def _reached(limit: int | None, uses: int) -> bool:
    return limit is not None and uses >= limit


def code_line_discounts(rule: DiscountCodeRule, line_totals: Sequence[Money]) -> list[Money]:
    """What a code takes off each line: never more than the line, never more than the whole order.

    A percent code takes its share of each line. A fixed code is spread over the lines in proportion to
    their totals, leftover cents on the last line, so each line can be taxed on what the shopper really pays.
    """
    if not line_totals:
        return []
    currency = line_totals[0].currency
    zero = Money.zero(currency)
    if rule.kind == DiscountKind.PERCENT:
        percent = min(max(rule.value, Decimal("0")), Decimal("100"))
        return [min(Money(quantize_cents(total.amount * percent / 100), currency), total) for total in line_totals]
    if rule.kind != DiscountKind.FIXED:
        return [zero for _total in line_totals]
    return spread(Money(max(rule.value, Decimal("0")), currency), line_totals)


def price_match_line_discounts(rule: DiscountCodeRule, lines: Sequence[tuple[int, Money, Money, int]]) -> list[Money]:
    """A price-match code takes up to `matched_units` units of its variant down to the matched price, and never
    below it.

    `lines` are (variant id, unit shelf price, line shelf total, quantity). Only the first line of the code's
    variant gets a discount: the unit's shelf price less the matched price on each unit the code covers,
    nothing when the shelf price is already at or below it.
    """
    discounts = [Money.zero(total.currency) for _variant, _unit, total, _quantity in lines]
    if rule.kind != DiscountKind.PRICE_MATCH or rule.matched_price is None:
        return discounts
    for index, (variant_id, unit_price, line_total, quantity) in enumerate(lines):
        if variant_id == rule.variant_id:
            if unit_price > rule.matched_price:
                units = max(min(quantity, rule.matched_units), 0)
                difference = unit_price - rule.matched_price
                discounts[index] = min(Money(difference.amount * units, difference.currency), line_total)
            break
    return discounts


def spread(amount: Money, line_totals: Sequence[Money]) -> list[Money]:
    """Split `amount` over lines in proportion to their totals, in whole cents, capped at each line's total."""
    currency = amount.currency
    subtotal = sum((total.amount for total in line_totals), Decimal("0"))
    to_spread = min(quantize_cents(amount.amount), subtotal)
    if subtotal <= 0 or to_spread <= 0:
        return [Money.zero(currency) for _total in line_totals]
    # Round every share down so no line is over-allocated, then hand out the leftover cents from the last line back.
    shares = [(to_spread * total.amount / subtotal).quantize(CENT, rounding=ROUND_DOWN) for total in line_totals]
    leftover = to_spread - sum(shares, Decimal("0"))
    for index in reversed(range(len(shares))):
        if leftover <= 0:
            break
        room = line_totals[index].amount - shares[index]
        extra = min(room, leftover)
        shares[index] += extra
        leftover -= extra
    return [Money(share, currency) for share in shares]
