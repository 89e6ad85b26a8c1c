"""Stripe webhook events: each one handled once, in the same transaction as the change it causes.

Refunds: charge.refunded carries Stripe's running refunded total; a refund's own events (refund.created,
refund.updated, charge.refund.updated) carry the refund, whose metadata names the Refund row it was made for,
so a refund whose answer never reached us is recorded from Stripe's word. Since Stripe's 2022-11-15 API the
charge in charge.refunded lists no refunds, so when an order still has such a row the worker then reads the
payment's refunds at Stripe (refunds_settle_unanswered) after the event commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shop.models import Order, Refund, RefundStatus, StripeEvent
from shop.money import quantize_cents
from shop.payment_messages import payment_problem_message
from shop.payments import WebhookEvent, card_from_intent, refund_key_of
from shop.services.order_status import order_mark_paid, order_mark_payment_failed, order_mark_refunded
from shop.services.payment import payment_matches_order
from shop.services.refunds import refund_settle_from_stripe

logger = logging.getLogger(__name__)

REFUND_EVENT_TYPES = frozenset({"refund.created", "refund.updated", "charge.refund.updated"})
HANDLED_TYPES = frozenset(
    {"payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded", *REFUND_EVENT_TYPES}
)


# Stripe's ids are short; the columns that keep them hold 255 characters.
MAX_STRIPE_ID = 255
MAX_FAILURE_MESSAGE = 300  # Order.last_payment_error
# Amounts in cents that fit the orders' DecimalField(max_digits=12, decimal_places=2).
MAX_CENTS = 10**12 - 1


@dataclass(frozen=True)
class EventFacts:
    """What an event's object says, each field read once and typed; None or "" where it was missing or odd.

    A signed event is still data from outside: a `metadata` that is a string, an amount that is text or
    an id that is a number must leave the event unused and logged, never raise and make Stripe retry forever.
    """

    intent_id: str
    order_number: str
    amount: int | None
    currency: str
    failure_message: str
    amount_refunded: int | None


def _text(value: Any, *, limit: int = MAX_STRIPE_ID) -> str:
    return value if isinstance(value, str) and len(value) <= limit else ""


def _cents(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_CENTS else None


def event_facts(event: WebhookEvent) -> EventFacts:
    obj = event.data_object
    intent = obj.get("id") if event.type.startswith("payment_intent.") else obj.get("payment_intent")
    metadata = obj.get("metadata")
    error = obj.get("last_payment_error")
    received = obj.get("amount_received")
    return EventFacts(
        intent_id=_text(intent),
        order_number=_text(metadata.get("order_number")) if isinstance(metadata, dict) else "",
        amount=_cents(received) if received else _cents(obj.get("amount")),
        currency=_text(obj.get("currency")),
        # Stripe's own message is for developers: the shopper reads the plain one for its code.
        failure_message=payment_problem_message(_text(error.get("code")), _text(error.get("decline_code")))[
            :MAX_FAILURE_MESSAGE
        ]
        if isinstance(error, dict)
        else "",
        amount_refunded=_cents(obj.get("amount_refunded") or 0),
    )


def stripe_event_handle(*, event: WebhookEvent) -> bool:
    """Apply a verified event; returns False when it was seen before (or is of no interest).

    An event we cannot use (no order matches, or its fields are the wrong shape) is recorded and logged, so
    the endpoint acknowledges it and Stripe stops retrying; a payment that matches no order is logged as an error.
    """
    if event.type not in HANDLED_TYPES or len(event.id) > MAX_STRIPE_ID:
        return False
    facts = event_facts(event)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event.id, type=event.type)
        except IntegrityError:
            return False  # delivered before: Stripe retries and replays must not act twice
        order = _order_for(facts)
        if order is None:
            log = logger.error if event.type == "payment_intent.succeeded" else logger.info
            log("Stripe event %s (%s) matches no order", event.id, event.type)
            return True
        record.order = order
        record.save(update_fields=["order"])
        _apply(event=event, facts=facts, order=order)
    return True


def _order_for(facts: EventFacts) -> Order | None:
    """The order the PaymentIntent id stored at payment names; else the order number in the metadata."""
    if facts.intent_id:
        order = Order.objects.filter(stripe_payment_intent_id=facts.intent_id).first()
        if order is not None:
            return order
    return Order.objects.filter(number=facts.order_number).first() if facts.order_number else None


def _apply(*, event: WebhookEvent, facts: EventFacts, order: Order) -> None:
    if event.type == "payment_intent.succeeded":
        if not facts.intent_id:
            logger.error(
                "Stripe event %s has no usable PaymentIntent id; order %s left as it is", event.id, order.number
            )
            return
        if not payment_matches_order(order=order, amount=facts.amount, currency=facts.currency):
            logger.error("PaymentIntent %s amount/currency does not match order %s", facts.intent_id, order.number)
            return
        card = card_from_intent(event.data_object)
        order_mark_paid(
            order=order,
            payment_intent_id=facts.intent_id,
            note=_("Payment confirmed by Stripe"),
            card_brand=card.brand if card else "",
            card_last4=card.last4 if card else "",
        )
    elif event.type == "payment_intent.payment_failed":
        if order.stripe_payment_intent_id and facts.intent_id != order.stripe_payment_intent_id:
            return  # an earlier attempt's failure says nothing about the current one
        message = facts.failure_message or _("Your card was not charged. Please try another card.")
        order_mark_payment_failed(order=order, message=message, payment_intent_id=facts.intent_id, ends_attempt=False)
    elif event.type == "charge.refunded":
        if facts.amount_refunded is None:
            logger.error(
                "Stripe event %s has no usable amount_refunded; order %s left as it is", event.id, order.number
            )
            return
        listed = _refunds_listed(event.data_object)
        for refund in listed or ():
            _refund_settle(refund)
        refunded = Decimal(facts.amount_refunded) / 100
        order_mark_refunded(order=order, amount_refunded=quantize_cents(refunded))
        if listed is None and Refund.objects.filter(order=order, status=RefundStatus.UNANSWERED).exists():
            order_id = order.pk
            transaction.on_commit(lambda: _refunds_settle_later(order_id=order_id))
    elif event.type in REFUND_EVENT_TYPES:
        _refund_settle(event.data_object)


def _refunds_listed(charge: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The refunds a charge.refunded event lists (older API versions, or an expanded charge); None if none."""
    refunds = charge.get("refunds")
    data = refunds.get("data") if isinstance(refunds, dict) else None
    return [refund for refund in data if isinstance(refund, dict)] if isinstance(data, list) else None


def _refund_settle(refund: dict[str, Any]) -> None:
    """A refund Stripe made for one of our rows still waiting for Stripe's answer settles that row."""
    key = refund_key_of(refund)
    if key:
        refund_settle_from_stripe(
            refund_key=key, stripe_refund_id=_text(refund.get("id")), stripe_status=_text(refund.get("status"))
        )


def _refunds_settle_later(*, order_id: int) -> None:
    """Hand the reading of the payment's refunds to the worker; a queue that is down leaves it to the retry."""
    from shop.tasks import settle_unanswered_refunds

    try:
        settle_unanswered_refunds.enqueue(order_id)
    except Exception:
        logger.exception("Could not enqueue the settling of order %s's unanswered refunds", order_id)
