"""A price match's refund that Stripe did not answer is retried from its request, for the amount first asked:
the order page links there instead of retrying it with the plain refund email, and the request page shows
and sends the stored amount, not one worked out again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from shop import payments
from shop.models import PriceMatchStatus, Refund, RefundStatus
from tests.factories import ProductVariantFactory, StaffFactory
from tests.shop.price_match_support import filed_request, set_policy
from tests.shop.test_payments import ScriptedStripe, timeout
from tests.shop.test_price_match_services import paid_order, stripe_refund

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_price_match_retry"
    settings.STRIPE_API_BASE = ""


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def timed_out(staff_client):
    """Two units bought at $100.00, matched at $90.00: the approval asked Stripe for $22.60 and heard nothing."""
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=10)
    order = paid_order(variant, quantity=2)
    request = filed_request(variant=variant, order=order)
    with payments.using_http_client(ScriptedStripe(timeout())):
        staff_client.post(reverse("price_match:action", args=[request.pk, "approve"]))
    refund = Refund.objects.get()
    assert refund.status == RefundStatus.UNANSWERED and refund.amount == Decimal("22.60")
    mail.outbox.clear()
    return order, request, refund


def test_the_order_page_sends_staff_to_the_price_match_request_to_retry(staff_client, timed_out):
    order, request, refund = timed_out
    page = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "Retry from the price-match request" in page
    assert reverse("price_match:inspect", args=[request.pk]) in page
    assert f'value="{refund.idempotency_key}"' not in page  # no generic form holding the match's key


def test_the_generic_refund_form_refuses_the_price_match_refunds_key(staff_client, timed_out):
    order, request, refund = timed_out
    stripe = ScriptedStripe(stripe_refund())
    with payments.using_http_client(stripe):
        response = staff_client.post(
            f"/admin/orders/inspect/{order.pk}/refund/",
            {"mode": "full", "idempotency_key": refund.idempotency_key, "confirm": "on"},
            follow=True,
        )
    assert "Retry this refund from its price-match request." in response.content.decode()
    refund.refresh_from_db()
    request.refresh_from_db()
    assert stripe.requests == [] and refund.status == RefundStatus.UNANSWERED
    assert request.status == PriceMatchStatus.PENDING and mail.outbox == []


def test_the_retry_shows_and_sends_the_stored_amount_not_a_new_one(
    staff_client, timed_out, django_capture_on_commit_callbacks
):
    order, request, _refund = timed_out
    set_policy(units_per_match=1)  # worked out again now, the match would cover one unit: $11.30
    page = staff_client.get(reverse("price_match:inspect", args=[request.pk])).content.decode()
    assert "Approve: ask Stripe again about the refund of $22.60" in page
    assert "$11.30" not in page
    # The retry first reads the payment's refunds at Stripe (none under this key), then asks again.
    listed = (200, {"object": "list", "data": [], "has_more": False, "url": "/v1/refunds"})
    stripe = ScriptedStripe(listed, stripe_refund("re_made_once"))
    with payments.using_http_client(stripe), django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("price_match:action", args=[request.pk, "approve"]), follow=True)
    assert "Approved: $22.60 was refunded" in response.content.decode()
    (asked,) = [sent for sent in stripe.requests if sent["method"] == "post"]
    assert asked["data"]["amount"] == ["2260"]
    request.refresh_from_db()
    order.refresh_from_db()
    assert request.status == PriceMatchStatus.APPROVED and order.refunded_total == Decimal("22.60")
    assert "$22.60" in mail.outbox[-1].body
