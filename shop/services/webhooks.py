"""Stripe webhook events: each one handled once, in the same transaction as the change it causes."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shop.models import Order, StripeEvent
from shop.money import quantize_cents
from shop.payments import WebhookEvent
from shop.services.orders import order_mark_paid, order_mark_payment_failed, order_mark_refunded
from shop.services.payment import payment_matches_order

logger = logging.getLogger(__name__)

HANDLED_TYPES = frozenset({"payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"})


def stripe_event_handle(*, event: WebhookEvent) -> bool:
    """Apply a verified event; returns False when it was seen before (or is of no interest)."""
    if event.type not in HANDLED_TYPES:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event.id, type=event.type)
        except IntegrityError:
            return False  # delivered before: Stripe retries and replays must not act twice
        order = _order_for(event)
        if order is None:
            logger.info("Stripe event %s (%s) matches no order", event.id, event.type)
            return True
        record.order = order
        record.save(update_fields=["order"])
        _apply(event=event, order=order)
    return True


def _order_for(event: WebhookEvent) -> Order | None:
    obj = event.data_object
    intent_id = obj.get("id") if event.type.startswith("payment_intent.") else obj.get("payment_intent")
    if intent_id:
        order = Order.objects.filter(stripe_payment_intent_id=intent_id).first()
        if order is not None:
            return order
    number = (obj.get("metadata") or {}).get("order_number")
    return Order.objects.filter(number=number).first() if number else None


def _apply(*, event: WebhookEvent, order: Order) -> None:
    obj = event.data_object
    if event.type == "payment_intent.succeeded":
        amount = obj.get("amount_received") or obj.get("amount")
        if not payment_matches_order(order=order, amount=amount, currency=obj.get("currency", "")):
            logger.error("PaymentIntent %s amount/currency does not match order %s", obj.get("id"), order.number)
            return
        order_mark_paid(order=order, payment_intent_id=obj["id"], note=_("Payment confirmed by Stripe"))
    elif event.type == "payment_intent.payment_failed":
        if order.stripe_payment_intent_id and obj.get("id") != order.stripe_payment_intent_id:
            return  # an earlier attempt's failure says nothing about the current one
        error = obj.get("last_payment_error") or {}
        message = error.get("message") or _("Your card was not charged. Please try another card.")
        order_mark_payment_failed(order=order, message=message, payment_intent_id=obj.get("id", ""), ends_attempt=False)
    elif event.type == "charge.refunded":
        refunded = Decimal(int(obj.get("amount_refunded") or 0)) / 100
        order_mark_refunded(order=order, amount_refunded=quantize_cents(refunded))
