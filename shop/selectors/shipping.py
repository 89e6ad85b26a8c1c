"""Read the shipping tables for the pages that publish them: the rate table and checkout's method choices."""

from __future__ import annotations

from dataclasses import dataclass

from shop.models import ShippingRate
from shop.money import Money
from shop.provinces import Province
from shop.selectors.pricing import free_shipping_threshold, shipping_rate_rule_of, shipping_rates_for
from shop.shipping import RateTableRow, ShippingOption, rate_table, shipping_options


@dataclass(frozen=True, slots=True)
class ShippingRatesTable:
    """The rate for each province and method, with the threshold above which standard shipping is free."""

    rows: tuple[RateTableRow, ...]
    free_shipping_threshold: Money

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(cell.method for cell in self.rows[0].cells) if self.rows else ()


def shipping_rates_table() -> ShippingRatesTable:
    """Every province's rates from the rows checkout charges (two queries: the rates and the threshold)."""
    rules = [shipping_rate_rule_of(rate) for rate in ShippingRate.objects.select_related("zone")]
    return ShippingRatesTable(
        rows=rate_table(rules, provinces=Province.values), free_shipping_threshold=free_shipping_threshold()
    )


def checkout_shipping_options(*, province: str | None, subtotal: Money) -> tuple[ShippingOption, ...]:
    """Each method's charge for this cart and its estimate to `province`; () until a province is chosen."""
    if not province or province not in Province.values:
        return ()
    return shipping_options(
        shipping_rates_for(province), province=province, subtotal=subtotal, threshold=free_shipping_threshold()
    )
