"""The facts behind honest reference prices, read for a page's variants at once.

shop.selectors.offers asks `price_facts` for the variants whose reference price needs checking or whose sale
price gets a "lowest price in the last 30 days" note; the rules in shop.reference_prices judge them.
One query, however many variants: the price history and the units sold, as one UNION ALL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import CharField, DateTimeField, IntegerField, OuterRef, Q, Subquery, Sum, Value

from shop.models import OrderLine, VariantPriceChange
from shop.models.orders import PAID_STATUSES
from shop.money import Money
from shop.reference_prices import (
    LOOKBACK,
    VOLUME_TEST_WINDOW,
    PriceFacts,
    PricePoint,
    ReferenceVerdict,
    UnitsSold,
    reference_verdict,
)

HISTORY, SOLD = "h", "s"


def price_facts(variant_ids: Iterable[int], *, now: datetime) -> dict[int, PriceFacts]:
    """Each variant's price history over the look-back (plus the price in force when it began) and its units sold
    in paid orders over the volume-test window, grouped by the price paid. No query when there are no variants."""
    ids = sorted(set(variant_ids))
    if not ids:
        return {}
    start = now - LOOKBACK
    in_force_at_start = (
        VariantPriceChange.objects.filter(variant_id=OuterRef("variant_id"), changed_at__lt=start)
        .order_by("-changed_at", "-pk")
        .values("pk")[:1]
    )
    history = (
        VariantPriceChange.objects.filter(variant_id__in=ids, changed_at__lte=now)
        .filter(Q(changed_at__gte=start) | Q(pk=Subquery(in_force_at_start)))
        .order_by()
        .values_list(
            Value(HISTORY, output_field=CharField()),
            "variant_id",
            "changed_at",
            "price",
            Value(0, output_field=IntegerField()),
        )
    )
    sold = (
        OrderLine.objects.filter(
            variant_id__in=ids,
            order__status__in=PAID_STATUSES,
            order__created_at__gt=now - VOLUME_TEST_WINDOW,
            order__created_at__lte=now,
        )
        .order_by()
        .values("variant_id", "unit_price")
        .annotate(units=Sum("quantity"))
        .values_list(
            Value(SOLD, output_field=CharField()),
            "variant_id",
            Value(None, output_field=DateTimeField()),
            "unit_price",
            "units",
        )
    )
    points: dict[int, list[PricePoint]] = defaultdict(list)
    units: dict[int, list[UnitsSold]] = defaultdict(list)
    for kind, variant_id, at, price, quantity in history.union(sold, all=True):
        if kind == HISTORY:
            points[variant_id].append(PricePoint(at=at, price=price))
        else:
            units[variant_id].append(UnitsSold(unit_price=price, quantity=int(quantity)))
    return {
        variant_id: PriceFacts(
            history=tuple(sorted(points.get(variant_id, ()), key=lambda point: point.at)),
            sold=tuple(sorted(units.get(variant_id, ()), key=lambda row: row.unit_price)),
        )
        for variant_id in ids
    }


def failing_references(variants: Iterable, *, now: datetime) -> list[tuple[object, ReferenceVerdict]]:
    """The variants (saved ProductVariant rows) whose compare-at price the storefront will not strike through,
    each with the verdict saying why; one query for all their facts."""
    candidates = [
        variant
        for variant in variants
        if variant.pk is not None and variant.compare_at_price is not None and variant.compare_at_price > variant.price
    ]
    facts = price_facts([variant.pk for variant in candidates], now=now)
    failing = []
    for variant in candidates:
        verdict = reference_verdict(Money(variant.compare_at_price), facts[variant.pk], now=now)
        if not verdict.passes:
            failing.append((variant, verdict))
    return failing
