"""What the shopper pays, line by line: the readable heart of the shop.

build_quote() takes plain values (cart lines, running sales, the code typed, the shipping and tax tables) and
returns a frozen Quote. It never sees a request or the database; shop.selectors.cart feeds it from the ORM.

The order of operations is the shop's policy, written once:
1. Shelf price: each unit's list price lowered by the best running sale event (sales never stack).
2. Subtotal: shelf price x quantity, summed. This is what the free-shipping threshold is measured against.
3. Code: at most one discount code, taken off the lines (never below $0), or free standard shipping.
4. Shipping: free standard shipping from the threshold up, otherwise the zone rate for the method.
5. Tax: each component of the ship-to province on (lines after the code + shipping), rounded on its own.
6. Total: subtotal - discounts + shipping + tax.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from shop.discounts import (
    CodeRequest,
    DiscountCodeRule,
    DiscountKind,
    PromotionRule,
    best_promotion,
    code_line_discounts,
    code_refusal,
    price_match_line_discounts,
)
from shop.money import DEFAULT_CURRENCY, Money, sum_money
from shop.provinces import UnknownProvince, province_code
from shop.shipping import (
    ShippingMethod,
    ShippingRateRule,
    ShippingUnavailable,
    amount_to_free_shipping,
    qualifies_for_free_shipping,
    shipping_charge,
)
from shop.tax import TaxLine, TaxRateRule, tax_lines

__all__ = [
    "CodeRequest",
    "DiscountCodeRule",
    "LineIn",
    "PricedLine",
    "PromotionRule",
    "Quote",
    "QuoteError",
    "ShippingRateRule",
    "TaxLine",
    "TaxRateRule",
    "build_quote",
]

# The errors build_quote() raises for input a shopper can fix; each carries a `.message` to show them.
QuoteError = (UnknownProvince, ShippingUnavailable)


@dataclass(frozen=True, slots=True)
class LineIn:
    """A cart line as the rules need it: which variant, how many, and its catalogue prices."""

    variant_id: int
    product_id: int
    category_id: int | None
    title: str
    sku: str
    quantity: int
    list_price: Money
    compare_at: Money | None = None  # a genuine reference price only (shop.reference_prices decides)
    lowest_recent: Money | None = None  # the lowest list price in the last 30 days, from the price history


@dataclass(frozen=True, slots=True)
class PricedLine:
    variant_id: int
    product_id: int
    title: str
    sku: str
    quantity: int
    unit_list_price: Money  # the variant's own price
    unit_shelf_price: Money  # after the best running sale event
    compare_at: Money | None  # the "was" price to strike through, when higher than the shelf price
    line_shelf_total: Money  # unit_shelf_price x quantity
    discount: Money  # this line's share of the discount code
    line_total: Money  # line_shelf_total - discount, never below $0
    sale_name: str | None = None  # the sale event that set the shelf price, if any
    lowest_recent: Money | None = None  # beside a struck price: the lowest list price in the last 30 days

    @property
    def on_sale(self) -> bool:
        return self.unit_shelf_price < self.unit_list_price


@dataclass(frozen=True, slots=True)
class Quote:
    lines: tuple[PricedLine, ...]
    subtotal: Money  # merchandise at shelf prices, before codes, shipping and tax
    discounts: Money  # what the code took off the lines
    shipping: Money
    shipping_method: str
    free_shipping: bool
    amount_to_free_shipping: Money
    taxes: tuple[TaxLine, ...]
    tax_total: Money
    total: Money
    code: str | None  # the code applied, in its canonical spelling
    code_error: str | None  # why the code typed was not applied
    province: str | None  # None: no ship-to province yet, so shipping and tax are not known

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def currency(self) -> str:
        return self.subtotal.currency


def shelf_line(line: LineIn, promotions: Sequence[PromotionRule], now: datetime) -> PricedLine:
    """A line at shelf price: the best sale applied, and the compare-at price to show against it."""
    unit_shelf, sale = best_promotion(
        promotions, list_price=line.list_price, product_id=line.product_id, category_id=line.category_id, now=now
    )
    # On sale, the "was" price is the higher of compare-at and list price; otherwise compare-at only if higher.
    was = line.list_price if sale is not None else None
    if line.compare_at is not None and (was is None or line.compare_at > was):
        was = line.compare_at
    if was is not None and was <= unit_shelf:
        was = None
    line_shelf_total = unit_shelf * line.quantity
    return PricedLine(
        variant_id=line.variant_id,
        product_id=line.product_id,
        title=line.title,
        sku=line.sku,
        quantity=line.quantity,
        unit_list_price=line.list_price,
        unit_shelf_price=unit_shelf,
        compare_at=was,
        line_shelf_total=line_shelf_total,
        discount=Money.zero(line.list_price.currency),
        line_total=line_shelf_total,
        sale_name=sale.name if sale is not None else None,
        lowest_recent=line.lowest_recent if was is not None else None,
    )


def build_quote(
    lines_in: Iterable[LineIn],
    *,
    promotions: Iterable[PromotionRule] = (),
    code: CodeRequest | None = None,
    shipping_rates: Iterable[ShippingRateRule] = (),
    tax_rates: Iterable[TaxRateRule] = (),
    province: str | None = None,
    shipping_method: str = ShippingMethod.STANDARD,
    free_shipping_threshold: Money,
    now: datetime,
    currency: str = DEFAULT_CURRENCY,
) -> Quote:
    """Price a cart for one ship-to province: the lines, one code, shipping, each tax component and the total.

    Raises UnknownProvince for a code that is not a Canadian province or territory, and ShippingUnavailable
    when the rate table has no price for the method to that province.
    """
    province = _destination(province, shipping_method)
    # 1-2. Shelf prices, and the subtotal the free-shipping threshold is measured against.
    promotions = tuple(promotions)
    lines = [shelf_line(line, promotions, now) for line in lines_in if line.quantity > 0]
    subtotal = sum_money((line.line_shelf_total for line in lines), currency)
    # 3. The code: refused with a reason, or applied to the lines / to standard shipping.
    applied = _apply_code(code, lines, subtotal=subtotal, shipping_method=shipping_method, now=now)
    lines = applied.lines
    discounts = sum_money((line.discount for line in lines), currency)
    goods = subtotal - discounts
    # 4. Shipping: nothing to ship in an empty cart, nothing known without a province.
    shipping, free_shipping = _shipping(
        lines,
        shipping_rates,
        province=province,
        method=shipping_method,
        subtotal=subtotal,
        threshold=free_shipping_threshold,
        free_shipping_code=applied.free_shipping,
        currency=currency,
    )
    # 5. Tax on goods after the code plus shipping, one rounded line per component.
    taxes = _taxes(lines, tax_rates, province=province, now=now, taxable=goods + shipping)
    tax_total = sum_money((tax.amount for tax in taxes), currency)
    # 6. The total.
    return Quote(
        lines=tuple(lines),
        subtotal=subtotal.quantized(),
        discounts=discounts.quantized(),
        shipping=shipping.quantized(),
        shipping_method=shipping_method,
        free_shipping=free_shipping,
        amount_to_free_shipping=amount_to_free_shipping(subtotal, free_shipping_threshold),
        taxes=taxes,
        tax_total=tax_total,
        total=(goods + shipping + tax_total).quantized(),
        code=applied.code,
        code_error=applied.error,
        province=province,
    )


def _destination(province: str | None, shipping_method: str) -> str | None:
    """The ship-to province's code (None until known); an unknown province or method raises."""
    province = province_code(province) if province else None
    if shipping_method not in (ShippingMethod.STANDARD, ShippingMethod.EXPEDITED):
        raise ShippingUnavailable(province or "Canada", shipping_method)
    return province


def _taxes(
    lines: list[PricedLine], tax_rates: Iterable[TaxRateRule], *, province: str | None, now: datetime, taxable: Money
) -> tuple[TaxLine, ...]:
    """Each tax component of the province on `taxable`; none for an empty cart or before a province is known."""
    if not lines or province is None:
        return ()
    return tax_lines(tax_rates, province=province, day=timezone.localdate(now), taxable=taxable)


@dataclass(frozen=True, slots=True)
class _AppliedCode:
    lines: list[PricedLine]
    code: str | None = None  # the code applied, in its canonical spelling
    error: str | None = None  # why the code typed was not applied
    free_shipping: bool = False  # a free-shipping code was applied


def _apply_code(
    code: CodeRequest | None, lines: list[PricedLine], *, subtotal: Money, shipping_method: str, now: datetime
) -> _AppliedCode:
    """At most one code: refused with a reason, or its discount shared over the lines, or free standard shipping."""
    if code is None or not code.entered.strip():
        return _AppliedCode(lines)
    error = code_refusal(
        code.rule,
        entered=code.entered.strip(),
        subtotal=subtotal,
        now=now,
        email=code.email,
        variant_ids={line.variant_id for line in lines},
    )
    if error is None and code.rule.kind == DiscountKind.FREE_SHIPPING and shipping_method != ShippingMethod.STANDARD:
        error = _("“%(code)s” gives free standard shipping; choose standard shipping to use it.") % {
            "code": code.rule.code
        }
    if error is not None:
        return _AppliedCode(lines, error=error)
    if code.rule.kind == DiscountKind.PRICE_MATCH:
        shares = price_match_line_discounts(
            code.rule,
            [(line.variant_id, line.unit_shelf_price, line.line_shelf_total, line.quantity) for line in lines],
        )
    else:
        shares = code_line_discounts(code.rule, [line.line_shelf_total for line in lines])
    return _AppliedCode(
        [_with_discount(line, share) for line, share in zip(lines, shares, strict=True)],
        code=code.rule.code,
        free_shipping=code.rule.kind == DiscountKind.FREE_SHIPPING,
    )


def _shipping(
    lines: list[PricedLine],
    shipping_rates: Iterable[ShippingRateRule],
    *,
    province: str | None,
    method: str,
    subtotal: Money,
    threshold: Money,
    free_shipping_code: bool,
    currency: str,
) -> tuple[Money, bool]:
    """What shipping costs and whether it is free: known only for a non-empty cart with a province."""
    free_by_threshold = method == ShippingMethod.STANDARD and qualifies_for_free_shipping(subtotal, threshold)
    free_shipping = bool(lines) and (free_by_threshold or free_shipping_code)
    if not lines or province is None:
        return Money.zero(currency), free_shipping
    charge = shipping_charge(
        shipping_rates,
        province=province,
        method=method,
        subtotal=subtotal,
        threshold=threshold,
        free_shipping_code=free_shipping_code,
    )
    return charge.price, charge.free


def _with_discount(line: PricedLine, share: Money) -> PricedLine:
    share = min(share, line.line_shelf_total)
    return replace(line, discount=share, line_total=line.line_shelf_total - share)
