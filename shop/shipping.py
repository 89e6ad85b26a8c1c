"""Shipping rules: free standard shipping from the threshold up, otherwise the rate for the ship-to zone.

The threshold is compared with the merchandise subtotal at shelf prices (sale events applied), before any
discount code and before tax, so a shopper sees the same progress bar whatever code they try.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from shop.money import Money


class ShippingMethod:
    STANDARD = "standard"
    EXPEDITED = "expedited"


@dataclass(frozen=True, slots=True)
class ShippingRateRule:
    """One row of the rate table: what `method` costs to any province in `provinces`."""

    zone: str
    provinces: frozenset[str]
    method: str
    price: Money


@dataclass(frozen=True, slots=True)
class ShippingCharge:
    price: Money
    free: bool


class ShippingUnavailable(ValueError):
    def __init__(self, province: str, method: str) -> None:
        self.message = _("We have no %(method)s shipping rate for %(province)s yet; please choose another method.") % {
            "method": method,
            "province": province,
        }
        super().__init__(self.message)


def qualifies_for_free_shipping(subtotal: Money, threshold: Money) -> bool:
    """Standard shipping is free when the merchandise subtotal is at least the threshold ($250.00 is free)."""
    return subtotal >= threshold


def amount_to_free_shipping(subtotal: Money, threshold: Money) -> Money:
    """How much more merchandise the shopper needs for free shipping; zero once they qualify."""
    gap = threshold - subtotal
    return gap.quantized() if gap > Money.zero(gap.currency) else Money.zero(gap.currency)


def free_shipping_message(subtotal: Money, threshold: Money) -> str:
    """The cart's one-line nudge: "You're $37.50 away from free shipping", or the good news."""
    if qualifies_for_free_shipping(subtotal, threshold):
        return _("Your order ships free anywhere in Canada.")
    return _("You're %(amount)s away from free shipping") % {"amount": amount_to_free_shipping(subtotal, threshold)}


def free_shipping_progress(subtotal: Money, threshold: Money) -> int:
    """Percent of the way to free shipping (0-100), for the progress bar; 100 when the threshold is zero."""
    if threshold.amount <= 0 or qualifies_for_free_shipping(subtotal, threshold):
        return 100
    return max(0, min(100, int(subtotal.amount * 100 / threshold.amount)))


def shipping_rate(rates: Iterable[ShippingRateRule], *, province: str, method: str) -> Money:
    """The zone rate for `method` to `province`; the cheapest if zones overlap, ShippingUnavailable if none."""
    prices = [rate.price for rate in rates if rate.method == method and province in rate.provinces]
    if not prices:
        raise ShippingUnavailable(province, method)
    return min(prices)


def shipping_charge(
    rates: Iterable[ShippingRateRule],
    *,
    province: str,
    method: str,
    subtotal: Money,
    threshold: Money,
    free_shipping_code: bool = False,
) -> ShippingCharge:
    """Standard shipping is free at or above the threshold or with a free-shipping code; otherwise the zone rate.

    Expedited shipping is always charged: free shipping is a promise about the standard service.
    """
    if method == ShippingMethod.STANDARD and (free_shipping_code or qualifies_for_free_shipping(subtotal, threshold)):
        return ShippingCharge(price=Money.zero(subtotal.currency), free=True)
    return ShippingCharge(price=shipping_rate(rates, province=province, method=method), free=False)
