"""Price history: the one place that records a variant's list price changing.

Every path that saves variant prices calls `variant_prices_record` after saving (the product form in the
admin, the demo loader, the test factories), so shop.selectors.reference_prices can tell how long each
price was on offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from shop.models import ProductVariant, VariantPriceChange


@transaction.atomic
def variant_prices_record(*, variant_ids: Iterable[int], at: datetime | None = None) -> list[VariantPriceChange]:
    """Record a price change for each of these variants whose current price differs from its last recorded one.

    A variant without any history gets its first row now. Returns the rows written. Two queries, however many
    variants: the variants with their last recorded price, then one bulk insert.
    """
    ids = sorted(set(variant_ids))
    if not ids:
        return []
    at = at or timezone.now()
    last = VariantPriceChange.objects.filter(variant=OuterRef("pk")).order_by("-changed_at", "-pk").values("price")[:1]
    rows = (
        ProductVariant.objects.filter(pk__in=ids)
        .select_for_update(of=("self",))
        .annotate(last_price=Subquery(last))
        .values_list("pk", "price", "last_price")
    )
    changes = [
        VariantPriceChange(variant_id=pk, price=price, changed_at=at)
        for pk, price, last_price in rows
        if last_price is None or last_price != price
    ]
    return VariantPriceChange.objects.bulk_create(changes)


@transaction.atomic
def variant_price_history_start(
    *, variant_id: int, points: Sequence[tuple[datetime, Decimal]]
) -> list[VariantPriceChange]:
    """Give a variant with no history yet its known past (e.g. prices kept before this shop recorded them).

    `points` are (from when, price), oldest first, all in the past, the last one the variant's current price.
    A variant that already has history keeps it untouched (history is never rewritten); returns the rows written.
    """
    variant = ProductVariant.objects.select_for_update().get(pk=variant_id)
    if not points or VariantPriceChange.objects.filter(variant_id=variant_id).exists():
        return []
    now = timezone.now()
    times = [at for at, _price in points]
    if times != sorted(times) or times[-1] > now:
        raise ValueError("Price history points must be in the past, oldest first.")
    if points[-1][1] != variant.price:
        raise ValueError("The last price in a variant's history must be its current price.")
    return VariantPriceChange.objects.bulk_create(
        VariantPriceChange(variant_id=variant_id, price=price, changed_at=at) for at, price in points
    )
