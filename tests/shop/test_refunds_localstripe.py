"""A refund of one line against localstripe (a local fake of Stripe's API), no mocks in between."""

from __future__ import annotations

import pytest

from shop import payments
from shop.models import OrderStatus, RefundStatus
from shop.services.payment import order_pay
from shop.services.refunds import order_refund
from tests.shop.checkout_support import cart_with, localstripe_url, place  # noqa: F401 - a fixture
from tests.shop.test_payments_localstripe import card_from_the_browser, stripe_settings  # noqa: F401 - a fixture


@pytest.mark.django_db
def test_staff_refund_one_line_through_localstripe_and_the_order_is_partially_refunded(stripe_settings):  # noqa: F811
    order = place(cart_with(lines=2, price="40.00"))
    assert order_pay(order=order, payment_method_id=card_from_the_browser(stripe_settings, "4242424242424242")).paid
    line = order.lines.first()
    refund = order_refund(order=order, idempotency_key="localstripe-line", line_ids=[line.pk])
    again = order_refund(order=order, idempotency_key="localstripe-line", line_ids=[line.pk])
    order.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED and refund.stripe_refund_id.startswith("re_")
    assert again.pk == refund.pk
    assert order.status == OrderStatus.PAID and order.is_partially_refunded and order.refunded_total == refund.amount
    # The refund carries its row's key, so a retry after Stripe forgot the idempotency key finds it there.
    found = payments.find_refund(payment_intent_id=order.stripe_payment_intent_id, refund_key="localstripe-line")
    assert found is not None and found.succeeded and found.refund_id == refund.stripe_refund_id
    assert payments.find_refund(payment_intent_id=order.stripe_payment_intent_id, refund_key="another") is None
