"""Stripe lives here and nowhere else.

Every call builds a client from settings at call time (so tests and localstripe can point it elsewhere),
with timeouts short enough that a Stripe outage answers the shopper within seconds, and maps whatever
Stripe says (or does not say) to a small typed result the checkout understands.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from shop.payment_messages import payment_problem_message

if TYPE_CHECKING:
    from shop.models import Order

logger = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300
CONNECT_TIMEOUT_SECONDS = 2.0

# Tests inject a Stripe HTTP client (stripe.HTTPClient subclass) here through `using_http_client`.
_injected_http_client: stripe.HTTPClient | None = None


class PaymentStatus(enum.StrEnum):
    SUCCEEDED = "succeeded"
    REQUIRES_ACTION = "requires_action"  # 3-D Secure: the browser finishes with confirmCardPayment
    PROCESSING = "processing"
    DECLINED = "declined"  # Stripe answered no: the shopper can try another card
    RETRYABLE = "retryable"  # no answer or a temporary error: the same attempt may be replayed
    FAILED = "failed"  # a problem on our side or a request Stripe refused; not the shopper's card


@dataclass(frozen=True)
class PaymentCard:
    brand: str  # Stripe's brand code: "visa", "mastercard"…
    last4: str


# Ask Stripe to include the card behind the payment in its answer, so the receipt can name it.
CARD_EXPAND = ["payment_method", "latest_charge"]


@dataclass(frozen=True)
class PaymentResult:
    status: PaymentStatus
    payment_intent_id: str = ""
    client_secret: str = ""
    message: str = ""
    amount: int | None = None  # cents
    currency: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    card: PaymentCard | None = None  # the card that paid, when Stripe said

    @property
    def succeeded(self) -> bool:
        return self.status == PaymentStatus.SUCCEEDED


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    data_object: dict[str, Any]


class WebhookRejected(Exception):
    """The payload is not a genuine, fresh Stripe event."""


class PaymentsNotConfigured(Exception):
    pass


@contextlib.contextmanager
def using_http_client(http_client: stripe.HTTPClient) -> Iterator[None]:
    """Route every Stripe call made inside the block through `http_client` (for tests)."""
    global _injected_http_client
    previous, _injected_http_client = _injected_http_client, http_client
    try:
        yield
    finally:
        _injected_http_client = previous


def timeout_budget() -> tuple[float, int, tuple[float, float]]:
    """(total seconds, retries, per-attempt (connect, read) timeouts): every attempt fits the one budget."""
    total = float(settings.STRIPE_TIMEOUT_SECONDS)
    retries = int(getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 1))
    per_attempt = total / (retries + 1)
    connect = min(CONNECT_TIMEOUT_SECONDS, per_attempt / 2)
    return total, retries, (connect, per_attempt - connect)


def stripe_client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured("STRIPE_SECRET_KEY is not set")
    _total, retries, timeouts = timeout_budget()
    base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    http_client = _injected_http_client or stripe.RequestsClient(timeout=timeouts)
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base_addresses,
        max_network_retries=retries,
        http_client=http_client,
    )


def idempotency_key_for(order: Order) -> str:
    """The same order, amount and attempt always give the same key, so a replayed request charges once."""
    return f"order-{order.number}-{order.total_cents}-attempt-{order.payment_attempt}"


def create_and_confirm_payment_intent(*, order: Order, payment_method_id: str) -> PaymentResult:
    """Create and confirm a PaymentIntent for the order in one call (Stripe's "finalize on the server")."""
    params: dict[str, Any] = {
        "amount": order.total_cents,
        "currency": order.currency.lower(),
        "payment_method": payment_method_id,
        "payment_method_types": ["card"],
        "confirm": True,
        "metadata": {"order_number": order.number},
        "expand": CARD_EXPAND,
    }
    try:
        intent = stripe_client().v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key_for(order)}
        )
    except Exception as error:
        return _result_from_error(error)
    return _result_from_intent(intent)


def retrieve_payment_intent(payment_intent_id: str) -> PaymentResult:
    try:
        intent = stripe_client().v1.payment_intents.retrieve(payment_intent_id, params={"expand": CARD_EXPAND})
    except Exception as error:
        return _result_from_error(error)
    return _result_from_intent(intent)


def construct_webhook_event(payload: bytes, sig_header: str | None) -> WebhookEvent:
    """Verify the Stripe-Signature header (HMAC with STRIPE_WEBHOOK_SECRET, 5 minutes' tolerance) and parse."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not sig_header:
        raise WebhookRejected("missing secret or signature")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), sig_header, secret, WEBHOOK_TOLERANCE_SECONDS)
        _refuse_future_timestamp(sig_header)
        body = json.loads(payload)
        event = WebhookEvent(id=str(body["id"]), type=str(body["type"]), data_object=dict(body["data"]["object"]))
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise WebhookRejected(str(error)) from error
    except RecursionError:
        raise WebhookRejected("the payload nests too deeply to read") from None
    return event


def _refuse_future_timestamp(sig_header: str) -> None:
    """A signed event dated beyond the tolerance ahead of our clock is refused like a stale one.

    stripe-python checks only the past (`timestamp < now - tolerance`), so a payload signed with a
    future date would stay replayable for as long as that date lies ahead. Reads the header's first
    `t=` the way stripe-python does; verify_header has already refused a header without one.
    """
    stamps = [value for key, _sep, value in (item.partition("=") for item in sig_header.split(",")) if key == "t"]
    timestamp = int(stamps[0])
    if timestamp > time.time() + WEBHOOK_TOLERANCE_SECONDS:
        raise WebhookRejected(f"timestamp {timestamp} is in the future, beyond the tolerance")


def _plain(obj: Any) -> dict[str, Any]:
    """Stripe objects are not dicts in stripe-python 16: read them as plain data."""
    if obj is None:
        return {}
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _result_from_intent(stripe_intent: Any) -> PaymentResult:
    intent = _plain(stripe_intent)
    status = intent.get("status")
    common = {
        "payment_intent_id": intent.get("id", ""),
        "amount": intent.get("amount"),
        "currency": (intent.get("currency") or "").upper(),
        "metadata": dict(intent.get("metadata") or {}),
    }
    if status == "succeeded":
        return PaymentResult(PaymentStatus.SUCCEEDED, card=card_from_intent(intent), **common)
    if status == "requires_action":
        return PaymentResult(PaymentStatus.REQUIRES_ACTION, client_secret=intent.get("client_secret", ""), **common)
    if status == "processing":
        return PaymentResult(
            PaymentStatus.PROCESSING, message=_("Your bank is still processing the payment."), **common
        )
    if status == "requires_payment_method":
        error = intent.get("last_payment_error") or {}
        # Stripe's own message is for developers: the shopper reads the plain one for its code.
        message = payment_problem_message(error.get("code"), error.get("decline_code"))
        return PaymentResult(PaymentStatus.DECLINED, message=message, **common)
    logger.warning("PaymentIntent %s has unexpected status %s", common["payment_intent_id"], status)
    return PaymentResult(
        PaymentStatus.FAILED, message=_("The payment could not be completed. You have not been charged."), **common
    )


def card_from_intent(intent: dict[str, Any]) -> PaymentCard | None:
    """The card's brand and last four digits from a PaymentIntent, expanded or not.

    The charge's payment_method_details.card is what the bank charged; the expanded payment method's card
    (or a legacy Card object, whose brand and last4 sit at the top) says the same. Ids alone say nothing.
    """
    candidates = []
    charge = intent.get("latest_charge")
    if isinstance(charge, dict):
        candidates.append((charge.get("payment_method_details") or {}).get("card"))
    method = intent.get("payment_method")
    if isinstance(method, dict):
        candidates.extend([method.get("card"), method])
    for card in candidates:
        if isinstance(card, dict) and card.get("last4"):
            return PaymentCard(brand=str(card.get("brand") or "")[:20].lower(), last4=str(card["last4"])[-4:])
    return None


def _result_from_error(error: Exception) -> PaymentResult:
    if isinstance(error, stripe.CardError):
        details = _plain(error.error)
        intent_id = (details.get("payment_intent") or {}).get("id", "")
        message = payment_problem_message(error.code or details.get("code"), details.get("decline_code"))
        return PaymentResult(PaymentStatus.DECLINED, payment_intent_id=intent_id, message=message)
    if isinstance(error, stripe.APIConnectionError | stripe.RateLimitError | stripe.IdempotencyError) or (
        isinstance(error, stripe.APIError) and not isinstance(error, stripe.InvalidRequestError)
    ):
        # No answer, or a temporary one: the charge may or may not have happened, so the retry must
        # replay the same request (same idempotency key) rather than start a new one.
        logger.warning("Stripe unavailable: %s", error)
        return PaymentResult(
            PaymentStatus.RETRYABLE,
            message=_(
                "We could not reach our payment processor just now. Your cart and order are safe — "
                "please try again in a moment; you will not be charged twice."
            ),
        )
    if isinstance(error, PaymentsNotConfigured):
        logger.error("Card payments are not configured: %s", error)
    else:
        logger.exception("Stripe refused a payment request")
    return PaymentResult(
        PaymentStatus.FAILED,
        message=_("We could not take card payments just now. You have not been charged; please try again later."),
    )


@dataclass(frozen=True)
class RefundResult:
    succeeded: bool
    refund_id: str = ""
    message: str = ""
    # No answer (a timeout, a dropped connection, Stripe's own 5xx): Stripe may have made the refund, so the
    # caller keeps the key and asks again with it; Stripe then returns that refund rather than making another.
    unanswered: bool = False


# The Refund row's idempotency key travels in the refund's metadata under this name, so a refund Stripe made
# while its answer was lost can be recognised later (a webhook, or the list read before a retry) even once Stripe
# has forgotten the idempotency key itself (after 24 hours).
REFUND_KEY_METADATA = "refund_key"


def create_refund(
    *, payment_intent_id: str, amount_cents: int, idempotency_key: str, order_number: str, refund_key: str = ""
) -> RefundResult:
    """Refund part or all of a PaymentIntent's charge; the same idempotency key never refunds twice."""
    metadata = {"order_number": order_number}
    if refund_key:
        metadata[REFUND_KEY_METADATA] = refund_key
    params: dict[str, Any] = {"payment_intent": payment_intent_id, "amount": amount_cents, "metadata": metadata}
    try:
        refund = _plain(stripe_client().v1.refunds.create(params=params, options={"idempotency_key": idempotency_key}))
    except Exception as error:
        if isinstance(error, stripe.StripeError) and not isinstance(error, stripe.APIConnectionError | stripe.APIError):
            logger.warning("Stripe refused a refund for order %s: %s", order_number, error)
            detail = getattr(error, "user_message", None) or str(error)
            return RefundResult(
                succeeded=False,
                message=_("The refund did not go through, and nothing was changed: %(detail)s") % {"detail": detail},
            )
        logger.exception("Stripe did not answer a refund request for order %s", order_number)
        return _refund_unanswered()
    return _refund_result(refund)


def _refund_unanswered() -> RefundResult:
    return RefundResult(
        succeeded=False,
        unanswered=True,
        message=_(
            "Stripe did not answer, so we cannot tell whether the refund went through. Try again: the retry "
            "asks Stripe about this same refund and never makes a second one."
        ),
    )


def _refund_result(refund: dict[str, Any]) -> RefundResult:
    if refund.get("status") in ("failed", "canceled"):
        return RefundResult(
            succeeded=False,
            refund_id=refund.get("id", ""),
            message=_("Stripe declined the refund (%(status)s); nothing was changed.") % {"status": refund["status"]},
        )
    return RefundResult(succeeded=True, refund_id=refund.get("id", ""))


def refund_key_of(refund: dict[str, Any]) -> str:
    """The Refund row's key a Stripe refund object carries in its metadata, or "" (made elsewhere, or odd)."""
    metadata = refund.get("metadata")
    key = metadata.get(REFUND_KEY_METADATA) if isinstance(metadata, dict) else None
    return key if isinstance(key, str) else ""


def find_refund(*, payment_intent_id: str, refund_key: str) -> RefundResult | None:
    """What Stripe made of the refund under `refund_key`, read from the payment's refunds: its result, None
    when Stripe has no such refund, or an unanswered result when Stripe cannot be asked just now."""
    try:
        listing = _plain(stripe_client().v1.refunds.list(params={"payment_intent": payment_intent_id, "limit": 100}))
    except Exception:
        logger.exception("Stripe did not list the refunds of %s", payment_intent_id)
        return _refund_unanswered()
    refunds = listing.get("data")
    for refund in refunds if isinstance(refunds, list) else ():
        if isinstance(refund, dict) and refund_key and refund_key_of(refund) == refund_key:
            return _refund_result(refund)
    return None
