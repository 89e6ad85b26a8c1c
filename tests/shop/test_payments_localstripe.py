"""A real purchase against localstripe (a local fake of Stripe's API), no mocks in between.

localstripe is started on a free loopback port for the module; if it cannot start the tests are skipped
with a "missing part" reason, which CI turns into a failure.
"""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError

from shop.models import OrderStatus, StripeEvent
from shop.payment_messages import AUTHENTICATION_FAILED, payment_problem_message
from shop.payments import PaymentStatus
from shop.services.payment import order_confirm_payment, order_pay
from tests.shop.checkout_support import (
    PUBLISHABLE_KEY,
    WEBHOOK_SECRET,
    cart_with,
    localstripe_url,  # noqa: F401 - a fixture
    place,
)
from tests.shop.checkout_support import localstripe_post as _post
from tests.shop.concurrency import REAL_COMMITS


@pytest.fixture
def stripe_settings(settings, localstripe_url):  # noqa: F811 - the fixture imported above
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return localstripe_url


def card_from_the_browser(base: str, number: str) -> str:
    """What checkout.js does offline: localstripe's Stripe.js createToken, whose card id is the payment method."""
    token = _post(
        f"{base}/v1/tokens",
        {
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2031",
            "card[cvc]": "123",
            "key": PUBLISHABLE_KEY,
        },
    )
    return token["card"]["id"]


@pytest.mark.django_db
def test_a_purchase_with_4242_is_paid_through_localstripe(stripe_settings):
    order = place(cart_with(price="120.00"))
    outcome = order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4242424242424242"))
    order.refresh_from_db()
    assert outcome.paid
    assert order.status == OrderStatus.PAID and order.stripe_payment_intent_id.startswith("pi_")


@pytest.mark.django_db
def test_the_paying_cards_brand_and_last_four_digits_are_recorded(stripe_settings):
    order = place(cart_with(price="45.00"))
    assert order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4242424242424242")).paid
    order.refresh_from_db()
    assert (order.card_brand, order.card_last4) == ("visa", "4242")
    assert order.payment_card == "Visa ending in 4242"


@pytest.mark.django_db
def test_a_card_paid_after_three_d_secure_is_recorded_too(stripe_settings):
    order = place(cart_with())
    outcome = order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4000002760003184"))
    intent_id = outcome.client_secret.split("_secret_")[0]
    _post(
        f"{stripe_settings}/v1/payment_intents/{intent_id}/_authenticate?success=true",
        {"key": PUBLISHABLE_KEY, "client_secret": outcome.client_secret},
    )
    assert order_confirm_payment(order=order).paid
    order.refresh_from_db()
    assert order.card_last4 == "3184" and order.card_brand == "visa"


@pytest.mark.django_db
def test_a_declined_card_gets_the_plain_message_not_stripes(stripe_settings):
    order = place(cart_with())
    outcome = order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4000000000000341"))
    order.refresh_from_db()
    assert outcome.status == PaymentStatus.DECLINED
    assert outcome.message == payment_problem_message("card_declined")
    assert order.last_payment_error == outcome.message and not order.card_last4


@pytest.mark.django_db
def test_a_three_d_secure_card_is_paid_after_authentication(stripe_settings):
    order = place(cart_with())
    outcome = order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4000002760003184"))
    assert outcome.status == PaymentStatus.REQUIRES_ACTION
    intent_id = outcome.client_secret.split("_secret_")[0]
    # What confirmCardPayment(clientSecret) does in localstripe's Stripe.js when the shopper completes 3-D Secure.
    _post(
        f"{stripe_settings}/v1/payment_intents/{intent_id}/_authenticate?success=true",
        {"key": PUBLISHABLE_KEY, "client_secret": outcome.client_secret},
    )
    assert order_confirm_payment(order=order).paid


@pytest.mark.django_db
def test_failed_three_d_secure_leaves_the_order_payable_with_the_reason(stripe_settings):
    order = place(cart_with())
    outcome = order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4000002760003184"))
    intent_id = outcome.client_secret.split("_secret_")[0]
    _post(
        f"{stripe_settings}/v1/payment_intents/{intent_id}/_authenticate?success=false",
        {"key": PUBLISHABLE_KEY, "client_secret": outcome.client_secret},
    )
    answer = order_confirm_payment(order=order)
    order.refresh_from_db()
    assert answer.status == PaymentStatus.DECLINED
    assert answer.message == payment_problem_message(AUTHENTICATION_FAILED)
    assert "PaymentMethod" not in answer.message and order.last_payment_error == answer.message
    assert order.status == OrderStatus.PENDING_PAYMENT and order.is_payable


def _webhook_recorded(order) -> bool:
    try:
        return StripeEvent.objects.filter(type="payment_intent.succeeded", order=order).exists()
    except OperationalError:
        # SQLite's in-memory test database is shared with the live server's thread: while that thread
        # writes the event, this read is refused ("table is locked") instead of waiting. Look again.
        return False


@REAL_COMMITS
def test_localstripe_delivers_a_signed_webhook_the_shop_accepts(stripe_settings, live_server):
    _post(
        f"{stripe_settings}/_config/webhooks/shop",
        {
            "url": f"{live_server.url}/shop/stripe/webhook/",
            "secret": WEBHOOK_SECRET,
            "events[]": "payment_intent.succeeded",
        },
    )
    order = place(cart_with())
    assert order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4242424242424242")).paid
    deadline = time.monotonic() + 15
    while not _webhook_recorded(order):
        assert time.monotonic() < deadline, "localstripe's webhook never arrived"
        time.sleep(0.2)
