"""Staff count, receive and write off stock by hand: each change a logged StockAdjustment with its reason.

The shelf changes with F() like every reservation (shop.services.stock), and a removal is conditional, so
a hand adjustment racing a checkout can never take the stock below zero.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shop.models import ProductVariant, StockAdjustment, StockAdjustmentReason
from shop.services.stock import stock_returns_watched


class StockAdjustmentProblem(Exception):
    """The adjustment cannot be made; the message tells staff why, and nothing changed."""

    @property
    def message(self) -> str:
        return str(self)


def stock_adjust(*, variant_id: int, delta: int, reason: str, note: str = "", staff_user=None) -> StockAdjustment:
    """Add (delta > 0) or remove (delta < 0) units, with a reason; never below zero."""
    if delta == 0:
        raise StockAdjustmentProblem(_("Enter a change other than zero."))
    if reason not in StockAdjustmentReason.values:
        raise StockAdjustmentProblem(_("Choose a reason."))
    # Units added to a sold-out variant tell the SHOP_STOCK_RETURNED_HOOKS it is back.
    with transaction.atomic(), stock_returns_watched([variant_id] if delta > 0 else []):
        shelf = ProductVariant.objects.filter(pk=variant_id)
        if delta < 0:
            shelf = shelf.filter(stock_quantity__gte=-delta)
        if not shelf.update(stock_quantity=F("stock_quantity") + delta):
            available = ProductVariant.objects.filter(pk=variant_id).values_list("stock_quantity", flat=True).first()
            if available is None:
                raise StockAdjustmentProblem(_("That variant no longer exists."))
            raise StockAdjustmentProblem(
                _("Only %(available)s on the shelf: cannot take off %(units)s.")
                % {"available": available, "units": -delta}
            )
        stock_after = ProductVariant.objects.values_list("stock_quantity", flat=True).get(pk=variant_id)
        return StockAdjustment.objects.create(
            variant_id=variant_id,
            delta=delta,
            stock_after=stock_after,
            reason=reason,
            note=note[:300],
            staff_user=staff_user,
        )
