"""What happens to a placed order: paid (once), a failed payment, a refund from Stripe, or released unpaid.

Each service is one transaction on the locked order; emails are written down in it and enqueued for the
worker after commit, and the hooks other apps register (SHOP_ORDER_PAID_HOOKS) run after a payment commits.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from shop.models import Order, OrderStatus, OrderStatusChange
from shop.money import format_cad
from shop.services.code_uses import code_use_redeem, code_use_release, discount_code_lock
from shop.services.notifications import order_receipt_schedule
from shop.services.stock import OutOfStock, stock_release, stock_reserve

logger = logging.getLogger(__name__)


def order_history_record(*, order: Order, from_status: str, to_status: str, note: str = "") -> None:
    """One line on the order's timeline (staff see it in the admin)."""
    OrderStatusChange.objects.create(order=order, from_status=from_status, to_status=to_status, note=note[:300])


def _transition(*, order: Order, to_status: str, note: str = "", fields: tuple[str, ...] = ()) -> None:
    from_status = order.status
    order.status = to_status
    order.save(update_fields=["status", *fields])
    order_history_record(order=order, from_status=from_status, to_status=to_status, note=note)


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _line_quantities(order: Order) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for variant_id, quantity in order.lines.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities


def order_mark_paid(
    *, order: Order, payment_intent_id: str = "", note: str = "", card_brand: str = "", card_last4: str = ""
) -> bool:
    """Record the payment once; a paid order stays paid whatever arrives later. Returns True if it changed.

    The card that paid (brand and last four digits, for the receipt) is kept whenever it is first known,
    even when another path (the webhook) recorded the payment a moment before.
    """
    with transaction.atomic():
        order = _locked(order)
        if card_last4 and not order.card_last4:
            order.card_brand, order.card_last4 = card_brand[:20], card_last4[-4:]
            order.save(update_fields=["card_brand", "card_last4"])
        if order.is_paid:
            return False
        if payment_intent_id:
            order.stripe_payment_intent_id = payment_intent_id
        order.payment_in_doubt_method = ""
        order.last_payment_error = ""
        if order.status == OrderStatus.CANCELLED:
            # The reservation lapsed before the money arrived: take the stock again if it is still there.
            if order.discount_code:
                discount_code_lock(order.discount_code)  # before the stock, in the same order as order_place
            try:
                stock_reserve(quantities=_line_quantities(order))
            except OutOfStock:
                order.refund_due = True
                order.save(
                    update_fields=[
                        "stripe_payment_intent_id",
                        "payment_in_doubt_method",
                        "last_payment_error",
                        "refund_due",
                    ]
                )
                order_history_record(
                    order=order,
                    from_status=order.status,
                    to_status=order.status,
                    note=_("Payment received after the reservation expired and the stock was sold: refund due."),
                )
                logger.error("Order %s paid after its stock was released and sold; refund needed", order.number)
                return False
            note = note or _("Paid after the reservation expired; stock taken again.")
        order.paid_at = timezone.now()
        _transition(
            order=order,
            to_status=OrderStatus.PAID,
            note=note or _("Payment received"),
            fields=("paid_at", "stripe_payment_intent_id", "payment_in_doubt_method", "last_payment_error"),
        )
        if not code_use_redeem(order=order):
            _code_beyond_limit_note(order=order)
        order_receipt_schedule(order=order)
        order_id = order.pk
        transaction.on_commit(lambda: order_paid_hooks_run(order_id=order_id))
    return True


def order_paid_hooks_run(*, order_id: int) -> None:
    """Call every SHOP_ORDER_PAID_HOOKS callable with the paid order's id, after the payment is committed.

    The shop's one extension point, in the way Saleor's plugins hook into `order_paid`: other apps (the
    newsletter's checkout opt-in) list a dotted path in the setting and the shop never imports them. A hook
    that raises is logged and skipped, so it can never undo or fail a payment, nor stop the hooks after it.
    """
    for path in getattr(settings, "SHOP_ORDER_PAID_HOOKS", ()):
        try:
            import_string(path)(order_id)
        except Exception:
            logger.exception("Order-paid hook %s failed for order %s", path, order_id)


def _code_beyond_limit_note(*, order: Order) -> None:
    """Tell staff a late payment kept a discount its code no longer had a use for (the total was already charged)."""
    order_history_record(
        order=order,
        from_status=order.status,
        to_status=order.status,
        note=_(
            "Paid after the reservation expired, when code %(code)s had no uses left: "
            "its discount of %(amount)s was honoured beyond the code's limit."
        )
        % {"code": order.discount_code, "amount": order.discount_total},
    )
    logger.warning("Order %s paid late; code %s honoured beyond its limit", order.number, order.discount_code)


def order_mark_payment_failed(*, order: Order, message: str, payment_intent_id: str = "", ends_attempt: bool) -> bool:
    """A failed payment leaves the order payable, with the reason kept for the shopper; it never un-pays.

    `ends_attempt` is True when Stripe's answer to our own request says the attempt is over: the next
    one may then use a new card and a new idempotency key. A webhook only reports. Neither sends mail: the
    shopper is on the payment page, which shows the reason; an order still unpaid later gets one reminder.
    """
    message = (message or _("The payment did not go through."))[:300]
    with transaction.atomic():
        order = _locked(order)
        if not order.is_payable:
            return False
        order.last_payment_error = message
        fields = ["last_payment_error"]
        if ends_attempt:
            order.payment_in_doubt_method = ""
            order.stripe_payment_intent_id = ""
            order.payment_attempt += 1
            fields += ["payment_in_doubt_method", "stripe_payment_intent_id", "payment_attempt"]
        order.save(update_fields=fields)
        note = _("Payment failed (%(intent)s): %(message)s") % {"intent": payment_intent_id or "—", "message": message}
        order_history_record(order=order, from_status=order.status, to_status=order.status, note=note)
    return True


def order_mark_refunded(*, order: Order, amount_refunded: Decimal) -> bool:
    """Stripe's running refunded amount decides how much has gone back. All of it ends the order (refunded;
    a cancelled order stays cancelled, and owes nothing more); a part leaves the status as it is, so an order
    not yet shipped can still be packed, shipped or cancelled (Order.is_partially_refunded shows it)."""
    with transaction.atomic():
        order = _locked(order)
        if amount_refunded <= order.refunded_total or amount_refunded <= 0:
            return False  # a stale or repeated refund event
        order.refunded_total = min(amount_refunded, order.total)
        to_status, fields = order.status, ["refunded_total"]
        if order.refunded_total >= order.total:
            order.refund_due = False
            fields.append("refund_due")
            if order.status != OrderStatus.CANCELLED:
                to_status = OrderStatus.REFUNDED
        note = _("Refunded %(amount)s") % {"amount": format_cad(order.refunded_total)}
        _transition(order=order, to_status=to_status, note=note, fields=tuple(fields))
    return True


def order_release_if_unpaid(*, order_id: int, now: datetime | None = None) -> bool:
    """An order still unpaid when its reservation ends is cancelled; its stock and its code's use are freed."""
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None or order.status != OrderStatus.PENDING_PAYMENT:
            return False
        if order.reserved_until and order.reserved_until > now:
            return False
        stock_release(quantities=_line_quantities(order))
        code_use_release(order=order)
        _transition(order=order, to_status=OrderStatus.CANCELLED, note=_("Not paid in time; stock released"))
    return True


def order_release_expired(*, now: datetime | None = None) -> int:
    """The safety net behind the per-order task: release every unpaid order whose reservation has ended."""
    now = now or timezone.now()
    released = 0
    for order_id in Order.objects.unpaid_and_expired(now).values_list("pk", flat=True):
        released += order_release_if_unpaid(order_id=order_id, now=now)
    return released
