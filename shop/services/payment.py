"""Paying for an order: one card attempt at a time, never two charges for one order.

Stripe is never called inside a database transaction (an outage would hold SQLite's write lock for
seconds). Instead the attempt is written down first — its payment method and idempotency key — and
a retry while its outcome is unknown replays exactly that request, which Stripe answers from its
idempotency cache instead of charging again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from shop import payments
from shop.models import Order, OrderStatus
from shop.payments import PaymentResult, PaymentStatus
from shop.services.order_status import order_mark_paid, order_mark_payment_failed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaymentOutcome:
    status: PaymentStatus
    message: str = ""
    client_secret: str = ""

    @property
    def paid(self) -> bool:
        return self.status == PaymentStatus.SUCCEEDED


PAID = PaymentOutcome(PaymentStatus.SUCCEEDED)


def order_pay(*, order: Order, payment_method_id: str) -> PaymentOutcome:
    """Charge the order's total to the card behind `payment_method_id` (created by Stripe.js)."""
    order.refresh_from_db()
    if order.is_paid:
        return PAID
    if not order.is_payable:
        return PaymentOutcome(
            PaymentStatus.FAILED,
            _("This order is no longer awaiting payment. Please check out again; your cart is still there."),
        )
    if order.stripe_payment_intent_id and not order.payment_in_doubt_method:
        # A previous attempt reached Stripe: finish it (3-D Secure, late success) before starting another.
        outcome = order_confirm_payment(order=order)
        if outcome.status != PaymentStatus.DECLINED:
            return outcome
        order.refresh_from_db()

    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.is_paid:
            return PAID
        payment_method_id = order.payment_in_doubt_method or payment_method_id
        order.payment_in_doubt_method = payment_method_id
        order.save(update_fields=["payment_in_doubt_method"])

    result = payments.create_and_confirm_payment_intent(order=order, payment_method_id=payment_method_id)
    return _record(order=order, result=result)


def order_confirm_payment(*, order: Order) -> PaymentOutcome:
    """Ask Stripe how the order's PaymentIntent ended (after 3-D Secure, or on the success page)."""
    order.refresh_from_db()
    if order.is_paid:
        return PAID
    if not order.stripe_payment_intent_id:
        return PaymentOutcome(PaymentStatus.FAILED, order.last_payment_error or _("No payment has been made yet."))
    result = payments.retrieve_payment_intent(order.stripe_payment_intent_id)
    return _record(order=order, result=result)


def _record(*, order: Order, result: PaymentResult) -> PaymentOutcome:
    status = result.status
    if status == PaymentStatus.SUCCEEDED:
        if not payment_matches_order(order=order, amount=result.amount, currency=result.currency):
            logger.error("PaymentIntent %s does not match order %s", result.payment_intent_id, order.number)
            return PaymentOutcome(PaymentStatus.FAILED, _("The payment did not match this order. Please contact us."))
        card = result.card
        order_mark_paid(
            order=order,
            payment_intent_id=result.payment_intent_id,
            card_brand=card.brand if card else "",
            card_last4=card.last4 if card else "",
        )
        order.refresh_from_db()
        if order.status == OrderStatus.CANCELLED:
            return PaymentOutcome(
                PaymentStatus.FAILED,
                _("Your payment arrived after the items sold out. We will refund it in full; no need to do anything."),
            )
        return PAID
    if status in (PaymentStatus.REQUIRES_ACTION, PaymentStatus.PROCESSING):
        Order.objects.filter(pk=order.pk).update(
            stripe_payment_intent_id=result.payment_intent_id, payment_in_doubt_method=""
        )
        return PaymentOutcome(status, result.message, result.client_secret)
    if status == PaymentStatus.RETRYABLE:
        # Outcome unknown: keep payment_in_doubt_method so the retry replays this very request.
        return PaymentOutcome(status, result.message)
    # Declined, or refused outright: Stripe answered, so the next attempt may use a new card and key.
    order_mark_payment_failed(
        order=order, message=result.message, payment_intent_id=result.payment_intent_id, ends_attempt=True
    )
    return PaymentOutcome(PaymentStatus.DECLINED if status == PaymentStatus.DECLINED else status, result.message)


def payment_matches_order(*, order: Order, amount: int | None, currency: str) -> bool:
    """A succeeded PaymentIntent pays this order only if it is for this order's amount (in cents) and currency."""
    if amount is None:
        return False
    return int(amount) == order.total_cents and str(currency).upper() == order.currency
