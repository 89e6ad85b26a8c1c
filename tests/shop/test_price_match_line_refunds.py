"""A price match after purchase gives money back on its order line, so the line and the match never pay the
same money twice; and an approval only tells the shopper "refunded" once Stripe has said so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from shop import payments
from shop.models import PriceMatchEventKind, PriceMatchStatus, Refund, RefundLine, RefundStatus
from shop.services.order_status import order_mark_paid
from shop.services.orders import order_place
from shop.services.price_match import PriceMatchProblem, price_match_approve
from shop.services.refunds import RefundProblem, lines_refund_amount, order_refund
from tests.factories import CartFactory, CartLineFactory, ProductVariantFactory, StaffFactory
from tests.shop.checkout_support import ONTARIO
from tests.shop.price_match_support import filed_request
from tests.shop.test_payments import ScriptedStripe

pytestmark = pytest.mark.django_db

REFUSED = 402, {"error": {"type": "invalid_request_error", "message": "Charge has already been refunded."}}


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_price_match_lines"
    settings.STRIPE_API_BASE = ""


def stripe_refund(refund_id="re_pm"):
    return 200, {"id": refund_id, "object": "refund", "status": "succeeded", "amount": 1000}


@pytest.fixture
def bought():
    """A paid Ontario order of two $100.00 items (13% HST): the matched item's line, and the other one."""
    matched, other = ProductVariantFactory(price=Decimal("100.00")), ProductVariantFactory(price=Decimal("100.00"))
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=matched, quantity=1)
    CartLineFactory(cart=cart, variant=other, quantity=1)
    order = order_place(cart=cart, email="ada@example.com", address=ONTARIO, shipping_method="standard", code=None)
    order_mark_paid(order=order, payment_intent_id="pi_lines")
    order.refresh_from_db()
    line = order.lines.get(variant=matched)
    request = filed_request(variant=matched, order=order)  # $90.00 elsewhere: $10.00 and its $1.30 HST back
    return order, line, request


def test_a_line_refunded_after_a_price_match_gives_back_only_what_is_left_on_it(bought):
    order, line, request = bought
    assert lines_refund_amount(order=order, line_ids=[line.pk]) == Decimal("113.00")  # the line and its HST
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert list(RefundLine.objects.values_list("line_id", "amount")) == [(line.pk, Decimal("11.30"))]
    assert lines_refund_amount(order=order, line_ids=[line.pk]) == Decimal("101.70")

    scripted = ScriptedStripe(stripe_refund("re_line"))
    with payments.using_http_client(scripted):
        refund = order_refund(order=order, idempotency_key="line-after-match", line_ids=[line.pk])
    assert refund.amount == Decimal("101.70") and scripted.requests[0]["data"]["amount"] == ["10170"]
    order.refresh_from_db()
    assert order.refunded_total == Decimal("113.00")  # the line's price and tax, once
    with pytest.raises(RefundProblem, match="refunded already"):
        order_refund(order=order, idempotency_key="line-again", line_ids=[line.pk])


def test_a_price_match_on_a_partly_refunded_line_gives_back_at_most_what_is_left_on_it(bought):
    order, line, request = bought
    # The line had $110.00 of its $113.00 back already; the order has plenty left on its other line.
    earlier = Refund.objects.create(
        order=order, amount=Decimal("110.00"), idempotency_key="earlier", status=RefundStatus.SUCCEEDED
    )
    RefundLine.objects.create(refund=earlier, line=line, amount=Decimal("110.00"))
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert request.refund.amount == Decimal("3.00") and scripted.requests[0]["data"]["amount"] == ["300"]
    assert RefundLine.objects.get(refund=request.refund).amount == Decimal("3.00")
    assert lines_refund_amount(order=order, line_ids=[line.pk]) == 0


def test_a_price_match_on_a_line_refunded_in_full_refunds_nothing_and_says_so(bought):
    order, line, request = bought
    with payments.using_http_client(ScriptedStripe(stripe_refund("re_line"))):
        order_refund(order=order, idempotency_key="whole-line", line_ids=[line.pk])
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted), pytest.raises(PriceMatchProblem, match="refunded in full already"):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING and scripted.requests == []
    assert Refund.objects.count() == 1


def test_the_match_refund_can_never_exceed_what_is_left_on_its_line(bought):
    order, line, _request = bought
    with pytest.raises(RefundProblem, match=r"At most \$113\.00 can still be refunded on that line"):
        order_refund(order=order, idempotency_key="too-much", amount=Decimal("120.00"), amount_line_id=line.pk)
    assert not Refund.objects.exists()


class ClickedAgainWhileStripeThinks(ScriptedStripe):
    """Stripe, slow to answer: staff click Approve again before it does, and then it refuses."""

    def __init__(self, request_id, *replies):
        super().__init__(*replies)
        self.request_id = request_id
        self.second_click: str | None = None

    def request(self, method, url, headers, post_data=None):
        if self.second_click is None:
            try:
                price_match_approve(request_id=self.request_id, staff_user=StaffFactory())
                self.second_click = "approved"
            except PriceMatchProblem as problem:
                self.second_click = problem.message
        return super().request(method, url, headers, post_data)


def test_a_second_click_while_stripe_has_not_answered_approves_nothing(bought, django_capture_on_commit_callbacks):
    order, _line, request = bought
    mail.outbox.clear()
    stripe = ClickedAgainWhileStripeThinks(request.pk, REFUSED)
    with (
        payments.using_http_client(stripe),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(PriceMatchProblem, match="nothing was changed"),
    ):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert stripe.second_click == "The refund is still being sent to Stripe; try again in a moment."
    request.refresh_from_db()
    order.refresh_from_db()
    # Stripe refused: no refund, and the shopper was never told of one.
    assert request.status == PriceMatchStatus.PENDING and request.refund is None
    assert not Refund.objects.exists() and order.refunded_total == 0
    assert PriceMatchEventKind.APPROVED not in request.events.values_list("kind", flat=True)
    assert [message.subject for message in mail.outbox] == []
    assert len(stripe.requests) == 1


def test_a_second_click_after_stripe_said_yes_finds_the_request_approved_once(bought):
    _order, _line, request = bought
    stripe = ClickedAgainWhileStripeThinks(request.pk, stripe_refund())
    with payments.using_http_client(stripe):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert stripe.second_click == "The refund is still being sent to Stripe; try again in a moment."
    assert request.status == PriceMatchStatus.APPROVED and request.refund.status == RefundStatus.SUCCEEDED
    assert list(request.events.filter(kind=PriceMatchEventKind.APPROVED).values_list("kind", flat=True)) == [
        PriceMatchEventKind.APPROVED
    ]
