"""Plain values for the rule tests: the seeded tax and shipping tables as rule objects, and a line maker.

The tables come from the data migration itself, so the rule tests check the data the shop really ships with.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from decimal import Decimal

from shop.money import Money
from shop.pricing import LineIn, ShippingRateRule, TaxRateRule, build_quote

seed = importlib.import_module("shop.migrations.0003_seed_shipping_and_tax")

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
THRESHOLD = Money("250.00")

TAX_RATES = [
    TaxRateRule(province=province, name=name, rate=rate, effective_from=start, effective_to=end)
    for province, name, rate, start, end in seed.TAX_RATES
]
SHIPPING_RATES = [
    ShippingRateRule(zone=zone, provinces=frozenset(provinces.split(",")), method=method, price=Money(price))
    for zone, provinces, standard, expedited in seed.SHIPPING_ZONES
    for method, price in (("standard", standard), ("expedited", expedited))
]


def line(price="10.00", quantity=1, *, variant_id=1, product_id=1, category_id=1, compare_at=None, sku=None) -> LineIn:
    return LineIn(
        variant_id=variant_id,
        product_id=product_id,
        category_id=category_id,
        title=f"Item {variant_id}",
        sku=sku or f"SKU-{variant_id}",
        quantity=quantity,
        list_price=Money(Decimal(price)),
        compare_at=Money(Decimal(compare_at)) if compare_at is not None else None,
    )


def quote(lines, **overrides):
    options = {
        "promotions": (),
        "code": None,
        "shipping_rates": SHIPPING_RATES,
        "tax_rates": TAX_RATES,
        "province": "ON",
        "shipping_method": "standard",
        "free_shipping_threshold": THRESHOLD,
        "now": NOW,
    }
    options.update(overrides)
    return build_quote(lines, **options)
