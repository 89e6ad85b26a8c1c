"""What staff do with an order after it is paid: fulfil it, ship it, cancel it, write a note on it.

Each service is one transaction and writes a line in the order's history with the staff member's name;
the customer's email is written down in it and sent by the worker after commit.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.fulfilment import Carrier, tracking_number_clean
from shop.models import Order, OrderEmailKind, OrderStatus, OrderStatusChange
from shop.services.code_uses import code_use_release
from shop.services.notifications import order_staff_email_schedule
from shop.services.refunds import RefundProblem, order_refund, refundable_amount, unanswered_refund
from shop.services.stock import stock_release

# Statuses in which the order's units are still off the shelf and not yet with the carrier.
CANCELLABLE_STATUSES = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.FULFILLED})


class FulfilmentProblem(Exception):
    """The action does not fit the order as it stands; the message tells staff why."""

    @property
    def message(self) -> str:
        return str(self)


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _history(*, order: Order, from_status: str, note: str, staff_user) -> None:
    OrderStatusChange.objects.create(
        order=order, from_status=from_status, to_status=order.status, note=note[:300], staff_user=staff_user
    )


def order_add_note(*, order: Order, note: str, staff_user) -> OrderStatusChange:
    """A staff note in the order's timeline; the status stays as it is."""
    note = note.strip()
    if not note:
        raise FulfilmentProblem(_("Write a note first."))
    with transaction.atomic():
        order = _locked(order)
        return OrderStatusChange.objects.create(
            order=order, from_status=order.status, to_status=order.status, note=note[:300], staff_user=staff_user
        )


def order_mark_fulfilled(*, order: Order, staff_user=None) -> Order:
    """A paid order is packed and ready to go; the customer is told by email."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != OrderStatus.PAID:
            raise FulfilmentProblem(
                _("Only a paid order can be marked fulfilled; this one is %(status)s.")
                % {"status": order.get_status_display()}
            )
        from_status = order.status
        order.status = OrderStatus.FULFILLED
        order.fulfilled_at = timezone.now()
        order.save(update_fields=["status", "fulfilled_at"])
        _history(order=order, from_status=from_status, note=_("Marked fulfilled"), staff_user=staff_user)
        order_staff_email_schedule(order=order, kind=OrderEmailKind.FULFILLED)
    return order


def order_ship(*, order: Order, carrier: str, tracking_number: str, staff_user=None) -> Order:
    """A paid or fulfilled order leaves with a carrier; the customer gets the tracking link by email."""
    tracking_number = tracking_number_clean(tracking_number)
    if carrier not in Carrier.values or not tracking_number:
        raise FulfilmentProblem(_("Choose a carrier and enter the tracking number."))
    with transaction.atomic():
        order = _locked(order)
        if order.status not in (OrderStatus.PAID, OrderStatus.FULFILLED):
            raise FulfilmentProblem(
                _("Only a paid order can be shipped; this one is %(status)s.") % {"status": order.get_status_display()}
            )
        from_status = order.status
        order.status = OrderStatus.SHIPPED
        order.carrier = carrier
        order.tracking_number = tracking_number
        order.shipped_at = timezone.now()
        order.fulfilled_at = order.fulfilled_at or order.shipped_at
        order.save(update_fields=["status", "carrier", "tracking_number", "shipped_at", "fulfilled_at"])
        note = _("Shipped with %(carrier)s, tracking number %(number)s") % {
            "carrier": order.get_carrier_display(),
            "number": tracking_number,
        }
        _history(order=order, from_status=from_status, note=note, staff_user=staff_user)
        order_staff_email_schedule(order=order, kind=OrderEmailKind.SHIPPED)
    return order


def order_cancel(*, order: Order, staff_user=None, reason: str = "", idempotency_key: str = "") -> Order:
    """Cancel an order that has not shipped: its units go back on the shelf and, if it was paid, whatever of its
    money has not gone back yet (all of it, or the rest after a partial refund) goes back through Stripe first.
    If Stripe refuses, nothing changes (RefundProblem)."""
    order = Order.objects.get(pk=order.pk)
    if order.status not in CANCELLABLE_STATUSES:
        raise FulfilmentProblem(
            _("Only an order that has not shipped can be cancelled; this one is %(status)s.")
            % {"status": order.get_status_display()}
        )
    # A refund Stripe did not answer counts as made until it is asked about again: this call retries it under
    # its key (the cancel form keeps its key), or refuses to cancel until staff retry it.
    if order.is_paid and (refundable_amount(order) > 0 or unanswered_refund(order) is not None):
        order_refund(
            order=order,
            idempotency_key=idempotency_key or f"cancel-{order.number}-{uuid.uuid4().hex[:12]}",
            reason=reason or _("Order cancelled"),
            staff_user=staff_user,
            send_email=False,  # the cancellation email says the money is on its way back
        )
    with transaction.atomic():
        order = _locked(order)
        if order.status == OrderStatus.CANCELLED:
            return order
        from_status = order.status
        stock_release(quantities=_line_quantities(order))
        if from_status == OrderStatus.PENDING_PAYMENT:
            code_use_release(order=order)
        order.status = OrderStatus.CANCELLED
        order.reserved_until = None
        order.save(update_fields=["status", "reserved_until"])
        note = _("Cancelled by staff; stock put back")
        if reason:
            note = f"{note}: {reason}"
        _history(order=order, from_status=from_status, note=note, staff_user=staff_user)
        order_staff_email_schedule(order=order, kind=OrderEmailKind.CANCELLED)
    return order


def _line_quantities(order: Order) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for variant_id, quantity in order.lines.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities


__all__ = [
    "FulfilmentProblem",
    "RefundProblem",
    "order_add_note",
    "order_cancel",
    "order_mark_fulfilled",
    "order_ship",
]
