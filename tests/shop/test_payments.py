"""Paying: Stripe answering yes, no, "authenticate first", or nothing at all.

A scripted Stripe HTTP client (injected through shop.payments.using_http_client) plays Stripe's part and
records every request, so the tests can see the idempotency key and the payment method each one carried.
"""

from __future__ import annotations

import json
import socket
import threading
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
import stripe
from django.core import mail
from django.utils import timezone

from shop import payments
from shop.models import OrderStatus, ProductVariant
from shop.payment_messages import payment_problem_message
from shop.payments import PaymentStatus
from shop.services.order_status import order_release_if_unpaid
from shop.services.payment import order_confirm_payment, order_pay
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db


class ScriptedStripe(stripe.HTTPClient):
    """Answers each request with the next scripted reply: a (status, body) pair or an exception."""

    name = "scripted"

    def __init__(self, *replies):
        super().__init__()
        self.replies = list(replies)
        self.requests: list[dict] = []

    def request(self, method, url, headers, post_data=None):
        self.requests.append(
            {
                "method": method,
                "url": url,
                "idempotency_key": headers.get("Idempotency-Key"),
                "data": parse_qs(post_data or ""),
            }
        )
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        status, body = reply
        return json.dumps(body), status, {}


def intent(order, status="succeeded", **extra):
    return 200, {
        "id": "pi_123",
        "object": "payment_intent",
        "status": status,
        "amount": order.total_cents,
        "currency": "cad",
        "client_secret": "pi_123_secret_abc",
        "metadata": {"order_number": order.number},
        **extra,
    }


def timeout():
    return stripe.APIConnectionError("Request timed out", should_retry=True)


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_checkout"
    settings.STRIPE_API_BASE = ""


@pytest.fixture
def order():
    return place(cart_with(price="120.00"))


def test_a_successful_payment_marks_the_order_paid_with_one_receipt(order, django_capture_on_commit_callbacks):
    scripted = ScriptedStripe(intent(order))
    with payments.using_http_client(scripted), django_capture_on_commit_callbacks(execute=True):
        outcome = order_pay(order=order, payment_method_id="pm_card_visa")
    order.refresh_from_db()
    assert outcome.paid and order.status == OrderStatus.PAID
    (sent,) = scripted.requests
    assert sent["data"]["amount"] == [str(order.total_cents)] and sent["data"]["currency"] == ["cad"]
    assert (
        sent["data"]["confirm"] == ["true"]
        and sent["idempotency_key"] == f"order-{order.number}-{order.total_cents}-attempt-1"
    )
    assert len(mail.outbox) == 1


def test_stripe_down_gives_a_retryable_answer_and_nothing_is_paid(order):
    cart = order.lines.first().variant.cart_lines.first().cart
    with payments.using_http_client(ScriptedStripe(timeout())):
        outcome = order_pay(order=order, payment_method_id="pm_card_visa")
    order.refresh_from_db()
    assert outcome.status == PaymentStatus.RETRYABLE and "try again" in outcome.message
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert cart.lines.count() == 1


def test_a_retry_after_a_timeout_replays_the_same_request_so_no_second_payment_intent(order):
    down = ScriptedStripe(timeout())
    with payments.using_http_client(down):
        order_pay(order=order, payment_method_id="pm_first")
    back = ScriptedStripe(intent(order))
    with payments.using_http_client(back):
        outcome = order_pay(order=order, payment_method_id="pm_second")
    assert outcome.paid
    keys = {request["idempotency_key"] for request in down.requests + back.requests}
    methods = {request["data"]["payment_method"][0] for request in down.requests + back.requests}
    assert len(keys) == 1 and methods == {"pm_first"}


def test_a_server_error_from_stripe_is_retryable(order):
    with payments.using_http_client(ScriptedStripe((500, {"error": {"type": "api_error", "message": "boom"}}))):
        outcome = order_pay(order=order, payment_method_id="pm_card_visa")
    assert outcome.status == PaymentStatus.RETRYABLE


def test_a_declined_card_keeps_the_order_payable_and_the_next_card_is_a_new_attempt(order):
    declined = (
        402,
        {
            "error": {
                "type": "card_error",
                "code": "card_declined",
                "message": "Your card was declined.",
                "payment_intent": {"id": "pi_declined"},
            }
        },
    )
    first = ScriptedStripe(declined)
    with payments.using_http_client(first):
        outcome = order_pay(order=order, payment_method_id="pm_declined")
    order.refresh_from_db()
    # Stripe's own words ("Your card was declined.") give way to the plain message for the code.
    assert outcome.status == PaymentStatus.DECLINED and outcome.message == payment_problem_message("card_declined")
    assert order.status == OrderStatus.PENDING_PAYMENT and order.last_payment_error == outcome.message
    second = ScriptedStripe(intent(order))
    with payments.using_http_client(second):
        assert order_pay(order=order, payment_method_id="pm_card_visa").paid
    assert first.requests[0]["idempotency_key"] != second.requests[0]["idempotency_key"]


def test_three_d_secure_returns_the_client_secret_then_the_server_checks_the_outcome(order):
    with payments.using_http_client(ScriptedStripe(intent(order, status="requires_action"))):
        outcome = order_pay(order=order, payment_method_id="pm_3ds")
    assert outcome.status == PaymentStatus.REQUIRES_ACTION and outcome.client_secret == "pi_123_secret_abc"
    retrieve = ScriptedStripe(intent(order))
    with payments.using_http_client(retrieve):
        assert order_confirm_payment(order=order).paid
    assert retrieve.requests[0]["method"] == "get" and retrieve.requests[0]["url"].split("?")[0].endswith(
        "/v1/payment_intents/pi_123"
    )


def test_a_card_authenticated_after_the_last_unit_sold_tells_the_shopper_a_full_refund_is_coming(order):
    # Given a 3-D Secure payment still open when the reservation lapsed and another shopper bought the unit
    with payments.using_http_client(ScriptedStripe(intent(order, status="requires_action"))):
        order_pay(order=order, payment_method_id="pm_3ds")
    order_release_if_unpaid(order_id=order.pk, now=timezone.now() + timedelta(hours=1))
    ProductVariant.objects.update(stock_quantity=0)
    mail.outbox.clear()

    # When the shopper finishes authenticating and the payment succeeds
    with payments.using_http_client(ScriptedStripe(intent(order))):
        outcome = order_confirm_payment(order=order)

    # Then they are told plainly, the order stays cancelled with the payment on record, and nothing is oversold
    order.refresh_from_db()
    assert outcome.status == PaymentStatus.FAILED and "refund it in full" in outcome.message
    assert order.status == OrderStatus.CANCELLED and order.stripe_payment_intent_id == "pi_123"
    assert ProductVariant.objects.get().stock_quantity == 0
    assert mail.outbox == []


def test_a_succeeded_intent_for_another_amount_does_not_pay_the_order(order):
    with payments.using_http_client(ScriptedStripe(intent(order, amount=100))):
        outcome = order_pay(order=order, payment_method_id="pm_card_visa")
    order.refresh_from_db()
    assert not outcome.paid and order.status == OrderStatus.PENDING_PAYMENT


def test_the_stripe_timeouts_answer_the_shopper_within_fifteen_seconds(settings):
    total, retries, (connect, read) = payments.timeout_budget()
    sleeps_between_retries = retries * stripe.HTTPClient.MAX_DELAY / 5  # the first backoff is at most 1 s
    assert (retries + 1) * (connect + read) + sleeps_between_retries < 15
    assert total == settings.STRIPE_TIMEOUT_SECONDS


def test_a_stripe_that_never_answers_times_out_into_a_retryable_answer(order, settings):
    """A real socket that accepts and stays silent, with a one-second budget: the timeout is wired for real."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{silent.getsockname()[1]}"
    settings.STRIPE_TIMEOUT_SECONDS = 1
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    held = []
    acceptor = threading.Thread(target=lambda: held.append(silent.accept()), daemon=True)
    acceptor.start()
    try:
        outcome = order_pay(order=order, payment_method_id="pm_card_visa")
    finally:
        silent.close()
    assert outcome.status == PaymentStatus.RETRYABLE
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT and order.payment_in_doubt_method == "pm_card_visa"


def test_without_a_secret_key_payment_fails_politely(order, settings):
    settings.STRIPE_SECRET_KEY = ""
    outcome = order_pay(order=order, payment_method_id="pm_card_visa")
    assert outcome.status == PaymentStatus.FAILED and "not been charged" in outcome.message
