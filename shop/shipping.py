"""Shipping rules: free standard shipping from the threshold up, otherwise the rate for the ship-to zone.

The threshold is compared with the merchandise subtotal at shelf prices (sale events applied), before any
discount code and before tax, so a shopper sees the same progress bar whatever code they try.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.money import Money


class ShippingMethod:
    STANDARD = "standard"
    EXPEDITED = "expedited"


@dataclass(frozen=True, slots=True)
class DeliveryEstimate:
    """How many business days a parcel takes once it leaves us: from `min_days` to `max_days`."""

    min_days: int
    max_days: int

    def __str__(self) -> str:
        if self.min_days == self.max_days:
            return ngettext("%(days)s business day", "%(days)s business days", self.max_days) % {"days": self.max_days}
        return _("%(min)s–%(max)s business days") % {"min": self.min_days, "max": self.max_days}


@dataclass(frozen=True, slots=True)
class ShippingRateRule:
    """One row of the rate table: what `method` costs to any province in `provinces`, and how long it takes."""

    zone: str
    provinces: frozenset[str]
    method: str
    price: Money
    estimate: DeliveryEstimate | None = None


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


def shipping_rate_rule(rates: Iterable[ShippingRateRule], *, province: str, method: str) -> ShippingRateRule:
    """The zone's row for `method` to `province`; the cheapest if zones overlap, ShippingUnavailable if none."""
    matching = [rate for rate in rates if rate.method == method and province in rate.provinces]
    if not matching:
        raise ShippingUnavailable(province, method)
    return min(matching, key=lambda rate: rate.price)


def shipping_rate(rates: Iterable[ShippingRateRule], *, province: str, method: str) -> Money:
    """The zone rate for `method` to `province`; the cheapest if zones overlap, ShippingUnavailable if none."""
    return shipping_rate_rule(rates, province=province, method=method).price


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


SHIPPING_METHODS: tuple[str, ...] = (ShippingMethod.STANDARD, ShippingMethod.EXPEDITED)


@dataclass(frozen=True, slots=True)
class ShippingOption:
    """One method as checkout offers it to a province: its charge for this cart and its delivery estimate.

    `charge` is None when the method does not ship to the province.
    """

    method: str
    charge: ShippingCharge | None
    estimate: DeliveryEstimate | None

    @property
    def price_text(self) -> str:
        """What the method costs, in words: "$11.00", "Free", or that it does not ship there."""
        if self.charge is None:
            return _("Not available to this province")
        if self.charge.free:
            return _("Free")
        return str(self.charge.price)


def shipping_options(
    rates: Iterable[ShippingRateRule],
    *,
    province: str,
    subtotal: Money,
    threshold: Money,
    free_shipping_code: bool = False,
) -> tuple[ShippingOption, ...]:
    """Every method for `province`, charged by the same rule as the order (`shipping_charge`)."""
    rates = tuple(rates)
    options = []
    for method in SHIPPING_METHODS:
        try:
            rule = shipping_rate_rule(rates, province=province, method=method)
        except ShippingUnavailable:
            options.append(ShippingOption(method=method, charge=None, estimate=None))
            continue
        charge = shipping_charge(
            rates,
            province=province,
            method=method,
            subtotal=subtotal,
            threshold=threshold,
            free_shipping_code=free_shipping_code,
        )
        options.append(ShippingOption(method=method, charge=charge, estimate=rule.estimate))
    return tuple(options)


@dataclass(frozen=True, slots=True)
class RateTableCell:
    """What `method` costs to one province before free shipping (None: not offered there), and how long it takes."""

    method: str
    price: Money | None
    estimate: DeliveryEstimate | None


@dataclass(frozen=True, slots=True)
class RateTableRow:
    province: str
    cells: tuple[RateTableCell, ...]


def rate_table(rates: Iterable[ShippingRateRule], *, provinces: Iterable[str]) -> tuple[RateTableRow, ...]:
    """The published rate table: for each province, each method's rate as `shipping_rate` charges it."""
    rates = tuple(rates)
    rows = []
    for province in provinces:
        cells = []
        for method in SHIPPING_METHODS:
            try:
                rule = shipping_rate_rule(rates, province=province, method=method)
            except ShippingUnavailable:
                cells.append(RateTableCell(method=method, price=None, estimate=None))
                continue
            cells.append(RateTableCell(method=method, price=rule.price, estimate=rule.estimate))
        rows.append(RateTableRow(province=province, cells=tuple(cells)))
    return tuple(rows)
