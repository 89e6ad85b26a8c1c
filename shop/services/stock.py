"""Stock reservations: the one place that takes units off the shelf and puts them back.

It is also where the shop says a sold-out variant is back: every change that can put units on the shelf
(a released or cancelled order, a hand adjustment, the product form in the admin) runs inside
`stock_returns_watched`, and the variants that went from none to some have the SHOP_STOCK_RETURNED_HOOKS
run for them once the change commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from shop.models import ProductVariant

logger = logging.getLogger(__name__)


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
    with stock_returns_watched(quantities):
        for variant_id in sorted(quantities):
            ProductVariant.objects.filter(pk=variant_id).update(
                stock_quantity=F("stock_quantity") + quantities[variant_id]
            )


@contextmanager
def stock_returns_watched(variant_ids: Iterable[int]) -> Iterator[None]:
    """Around a change that may put units on the shelf: variants sold out before it and in stock after it
    have the SHOP_STOCK_RETURNED_HOOKS run for them once the transaction commits (at once outside one).

    The rows are locked first (in primary-key order, like stock_reserve), so two restocks of the same
    sold-out variant cannot both see it empty: only the first one reports it back.
    """
    ids = sorted(set(variant_ids))
    if not ids:
        yield
        return
    with transaction.atomic():
        sold_out = [
            pk
            for pk, stock in ProductVariant.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "stock_quantity")
            if stock <= 0
        ]
        yield
        if not sold_out:
            return
        back = list(
            ProductVariant.objects.filter(pk__in=sold_out, stock_quantity__gt=0)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if back:
            transaction.on_commit(lambda: stock_returned_hooks_run(variant_ids=back))


def stock_returned_hooks_run(*, variant_ids: Iterable[int]) -> None:
    """Call every SHOP_STOCK_RETURNED_HOOKS callable with the id of each variant that is back in stock.

    The shop's extension point for "it's back", like SHOP_ORDER_PAID_HOOKS: other apps (the newsletter's
    back-in-stock alerts) list a dotted path in the setting and the shop never imports them. A hook that
    raises is logged and skipped, so it can never undo a restock, nor stop the hooks after it.
    """
    for variant_id in variant_ids:
        for path in getattr(settings, "SHOP_STOCK_RETURNED_HOOKS", ()):
            try:
                import_string(path)(variant_id)
            except Exception:
                logger.exception("Stock-returned hook %s failed for variant %s", path, variant_id)
