"""Discount-code uses: reserved when an order is placed, redeemed when it is paid, released when it lapses.

A code's limits count reserved and redeemed uses together, so a code limited to one use can sit on one
unpaid order at a time and never be paid for twice. Every reservation is taken with the code's row
locked (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers), so parallel checkouts
queue for the last use instead of all counting the same free one. These helpers run inside the order
services' transactions and open none of their own.
"""

from __future__ import annotations

from django.db import transaction

from shop.discounts import code_use_available
from shop.models import DiscountCode, DiscountRedemption, DiscountRedemptionStatus, Order
from shop.selectors.pricing import discount_code_request

__all__ = ["code_use_redeem", "code_use_release", "code_use_reserve", "discount_code_lock"]


def discount_code_lock(entered: str) -> DiscountCode | None:
    """Lock the code's row until the caller's transaction ends; the uses counted after this are final."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("discount_code_lock must run inside a transaction")
    entered = (entered or "").strip()
    if not entered:
        return None
    return DiscountCode.objects.select_for_update().filter(code__iexact=entered).first()


def code_use_reserve(*, order: Order, code: DiscountCode) -> None:
    """Hold one use of `code` for this unpaid order (the caller locked the code and checked its limits)."""
    DiscountRedemption.objects.create(
        code=code, email=order.email, order_id=order.pk, status=DiscountRedemptionStatus.RESERVED
    )


def code_use_release(*, order: Order) -> int:
    """The order lapsed unpaid: its use goes back to the code. Returns how many reservations were released."""
    return DiscountRedemption.objects.filter(order_id=order.pk, status=DiscountRedemptionStatus.RESERVED).update(
        status=DiscountRedemptionStatus.RELEASED
    )


def code_use_redeem(*, order: Order) -> bool:
    """The order is paid: its held use becomes a redemption. False when the code had no use left for it.

    An order awaiting payment always holds its use. One whose reservation was released (it expired, then
    the money arrived anyway) or that was placed before uses were reserved takes a use again if the code
    still has one. If not, the shopper keeps the discount — the amount was fixed when the order was placed
    and the card has been charged for it — the use is still recorded, so the counts stay true, and the
    caller tells staff the code went beyond its limit.
    """
    if not order.discount_code:
        return True
    uses = DiscountRedemption.objects.filter(order_id=order.pk)
    if uses.filter(status=DiscountRedemptionStatus.REDEEMED).exists():
        return True
    if uses.filter(status=DiscountRedemptionStatus.RESERVED).update(status=DiscountRedemptionStatus.REDEEMED):
        return True
    code = discount_code_lock(order.discount_code)
    if code is None:
        return True  # the code was deleted (only possible while no use referred to it): nothing to count
    rule = discount_code_request(code.code, email=order.email).rule
    available = rule is not None and code_use_available(rule)
    released = uses.filter(status=DiscountRedemptionStatus.RELEASED).order_by("pk").first()
    if released is not None:
        released.status = DiscountRedemptionStatus.REDEEMED
        released.save(update_fields=["status"])
    else:
        DiscountRedemption.objects.create(
            code=code, email=order.email, order_id=order.pk, status=DiscountRedemptionStatus.REDEEMED
        )
    return available
