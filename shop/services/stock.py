"""Stock reservations: the one place that takes units off the shelf and puts them back."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shop.models import ProductVariant


class OutOfStock(Exception):
    """A line asks for more units than the shelf holds; the message names the product for the shopper."""

    def __init__(self, *, variant_id: int, name: str, requested: int, available: int) -> None:
        self.variant_id = variant_id
        self.name = name
        self.requested = requested
        self.available = available
        if available <= 0:
            message = _("Sorry, %(name)s just sold out.") % {"name": name}
        else:
            message = _("Sorry, only %(available)s of %(name)s left — please lower the quantity.") % {
                "available": available,
                "name": name,
            }
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)


def stock_reserve(*, quantities: Mapping[int, int], names: Mapping[int, str] | None = None) -> None:
    """Take the units off the shelf, all or none; a line the shelf cannot cover raises OutOfStock.

    Must run inside the caller's transaction so a later failure puts everything back. Rows are locked in
    primary-key order (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers) so two carts
    sharing products cannot deadlock, and each decrement is conditional, so stock never goes below zero.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_reserve must run inside a transaction")
    variant_ids = sorted(quantities)
    list(ProductVariant.objects.select_for_update().filter(pk__in=variant_ids).order_by("pk").values_list("pk"))
    for variant_id in variant_ids:
        quantity = quantities[variant_id]
        taken = ProductVariant.objects.filter(pk=variant_id, stock_quantity__gte=quantity).update(
            stock_quantity=F("stock_quantity") - quantity
        )
        if not taken:
            available = (
                ProductVariant.objects.filter(pk=variant_id).values_list("stock_quantity", flat=True).first() or 0
            )
            name = (names or {}).get(variant_id) or _("this item")
            raise OutOfStock(variant_id=variant_id, name=name, requested=quantity, available=available)


def stock_release(*, quantities: Mapping[int, int]) -> None:
    """Put reserved units back on the shelf (an unpaid order expired or was cancelled)."""
    for variant_id in sorted(quantities):
        ProductVariant.objects.filter(pk=variant_id).update(stock_quantity=F("stock_quantity") + quantities[variant_id])
