"""Price-match requests through the services: filing, approving (a code, or a refund) and rejecting, each
logged and emailed; the code at checkout; and a Stripe failure that changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from shop import payments
from shop.addresses import ShippingAddress
from shop.models import (
    DiscountCode,
    DiscountRedemption,
    OrderStatus,
    PriceMatchEvent,
    PriceMatchEventKind,
    PriceMatchRequest,
    PriceMatchStatus,
    Refund,
)
from shop.models.price_match import AppendOnly
from shop.services.order_status import order_mark_paid
from shop.services.orders import CheckoutProblem, order_place
from shop.services.price_match import PriceMatchProblem, price_match_approve, price_match_reject
from shop.services.refunds import order_refund
from tests.factories import CartFactory, CartLineFactory, ProductVariantFactory, PromotionFactory, StaffFactory
from tests.shop.checkout_support import ONTARIO
from tests.shop.price_match_support import filed_request, set_policy
from tests.shop.test_payments import ScriptedStripe, timeout

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_price_match"
    settings.STRIPE_API_BASE = ""


def kinds(request) -> list[str]:
    return list(PriceMatchEvent.objects.filter(request=request).values_list("kind", flat=True))


QUEBEC = ShippingAddress(
    name="Ada Stone", line1="1 rue Sherbrooke", city="Montréal", province="QC", postal_code="H2X 1Y4"
)
ALBERTA = ShippingAddress(name="Ada Stone", line1="1 Jasper Ave", city="Edmonton", province="AB", postal_code="T5J 0N3")


def buy(variant, *, email="ada@example.com", code=None, quantity=1, address=ONTARIO):
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=variant, quantity=quantity)
    return order_place(cart=cart, email=email, address=address, shipping_method="standard", code=code)


def test_filing_a_request_logs_it_and_emails_the_shopper(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = filed_request()
    assert request.status == PriceMatchStatus.PENDING and request.shelf_price == Decimal("100.00")
    assert kinds(request) == [PriceMatchEventKind.RECEIVED, PriceMatchEventKind.EMAILED]
    (message,) = [message for message in mail.outbox if message.to == ["ada@example.com"]]
    assert message.subject == "We received your price-match request"
    assert "match $90.00 at Physio Depot" in message.body
    assert "Physio Depot" in message.alternatives[0][0]


def test_staff_are_told_of_each_new_request_once_with_a_link_to_it(django_capture_on_commit_callbacks, settings):
    from wagtail.models import Site

    from shop.models import ShopSettings

    shop_settings = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop_settings.staff_notification_email = "orders@knotandstone.example"
    shop_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = filed_request()
    (staff,) = [message for message in mail.outbox if message.to != ["ada@example.com"]]
    assert staff.to == ["orders@knotandstone.example"] and staff.reply_to == ["ada@example.com"]
    assert staff.subject == f"New price-match request: {request.product_name} at Physio Depot"
    link = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/price_match/inspect/{request.pk}/"
    assert link in staff.body and f'href="{link}"' in staff.alternatives[0][0]
    assert "$90.00" in staff.body and "$100.00" in staff.body and request.sku in staff.body
    assert len(mail.outbox) == 2  # one for the shopper, one for staff
    # Deciding the request tells the shopper, never staff again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


def test_without_a_staff_address_staff_hear_at_the_shops_sending_address(django_capture_on_commit_callbacks, settings):
    settings.DEFAULT_FROM_EMAIL = "Knot & Stone <hello@shop.example>"
    with django_capture_on_commit_callbacks(execute=True):
        filed_request(email="bo@example.com", order=None)
    assert sorted(message.to[0] for message in mail.outbox) == ["bo@example.com", "hello@shop.example"]


def test_the_staff_email_goes_through_the_worker_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        filed_request()
    emails = [callback for callback in callbacks if callback.__qualname__.startswith("enqueue_email")]
    assert mail.outbox == [] and len(emails) == 2  # the shopper's and the staff's, handed over on commit
    for callback in emails:
        callback()
    assert len(mail.outbox) == 2


def test_approving_before_purchase_emails_a_single_use_code_for_that_item_and_email(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    request = filed_request()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        request = price_match_approve(request_id=request.pk, staff_user=staff)
    code = request.discount_code
    assert request.status == PriceMatchStatus.APPROVED and request.decided_by == staff
    assert request.matched_price == Decimal("90.00") and code.matched_price == Decimal("90.00")
    assert code.kind == "price_match" and code.variant_id == request.variant_id
    assert code.bound_email == "ada@example.com" and code.usage_limit == 1 and code.per_customer_limit == 1
    assert before + timedelta(days=7) <= code.ends_at <= timezone.now() + timedelta(days=7)
    assert kinds(request)[2:] == [
        PriceMatchEventKind.APPROVED,
        PriceMatchEventKind.CODE_ISSUED,
        PriceMatchEventKind.EMAILED,
    ]
    (message,) = mail.outbox
    assert code.code in message.body and "$90.00" in message.body and code.code in message.alternatives[0][0]


def test_the_code_is_valid_for_the_days_the_settings_say():
    set_policy(code_validity_days=3)
    request = price_match_approve(request_id=filed_request().pk, staff_user=StaffFactory())
    assert request.discount_code.ends_at - request.decided_at == timedelta(days=3)


def test_the_code_sells_the_policys_units_at_the_matched_price_once_and_only_to_its_email():
    request = price_match_approve(request_id=filed_request().pk, staff_user=StaffFactory())
    code = request.discount_code.code
    with pytest.raises(CheckoutProblem, match="issued to another email"):
        buy(request.variant, email="eve@example.com", code=code)
    assert request.discount_code.matched_units == 2  # the policy's default
    # Three in the cart: the code takes two of them ($100.00 each) down to the matched $90.00, the third stays.
    order = buy(request.variant, email="ADA@example.com", code=code.lower(), quantity=3)
    line = order.lines.get()
    assert order.discount_total == Decimal("20.00") and line.line_total == Decimal("280.00")
    assert DiscountRedemption.objects.filter(code__code=code).count() == 1
    order_mark_paid(order=order, payment_intent_id="pi_pm")
    with pytest.raises(CheckoutProblem, match=r"fully redeemed|already"):
        buy(request.variant, email="ada@example.com", code=code)


def test_a_sale_below_the_matched_price_leaves_the_sale_price_alone():
    request = price_match_approve(request_id=filed_request().pk, staff_user=StaffFactory())
    PromotionFactory(products=[request.variant.product], value=Decimal("15"))  # $85.00, below the matched $90.00
    order = buy(request.variant, code=request.discount_code.code)
    assert order.discount_total == Decimal("0.00") and order.lines.get().line_total == Decimal("85.00")


def test_a_request_our_price_has_since_met_cannot_be_approved():
    request = filed_request()
    request.variant.price = Decimal("89.00")
    request.variant.save()
    with pytest.raises(PriceMatchProblem, match=r"not lower than our price of \$89\.00"):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING and not DiscountCode.objects.exists()


def test_a_request_is_decided_once():
    staff = StaffFactory()
    request = filed_request()
    price_match_approve(request_id=request.pk, staff_user=staff)
    with pytest.raises(PriceMatchProblem, match="already been approved"):
        price_match_approve(request_id=request.pk, staff_user=staff)
    with pytest.raises(PriceMatchProblem, match="already been approved"):
        price_match_reject(request_id=request.pk, staff_user=staff, reason="Too late")
    assert DiscountCode.objects.count() == 1


def test_rejecting_needs_a_reason_and_emails_it(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    request = filed_request()
    with pytest.raises(PriceMatchProblem, match="reason"):
        price_match_reject(request_id=request.pk, staff_user=staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        request = price_match_reject(
            request_id=request.pk, staff_user=staff, reason="Their listing is a refurbished unit."
        )
    assert request.status == PriceMatchStatus.REJECTED and request.decided_at is not None
    assert kinds(request)[-2:] == [PriceMatchEventKind.REJECTED, PriceMatchEventKind.EMAILED]
    (message,) = mail.outbox
    assert message.subject == "About your price-match request"
    assert "Their listing is a refurbished unit." in message.body


def test_the_audit_log_is_append_only():
    event = PriceMatchEvent.objects.filter(request=filed_request()).first()
    event.note = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()


# --- after purchase: a refund of the difference -------------------------------------------------------------


def paid_order(variant, **kwargs):
    order = buy(variant, **kwargs)
    order_mark_paid(order=order, payment_intent_id="pi_paid")
    order.refresh_from_db()
    return order


def stripe_refund(refund_id="re_pm"):
    return 200, {"id": refund_id, "object": "refund", "status": "succeeded", "amount": 1000}


def test_approving_after_purchase_refunds_the_difference_once(django_capture_on_commit_callbacks):
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    request = filed_request(variant=variant, order=order)
    assert request.order == order and request.shelf_price == Decimal("100.00")
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted), django_capture_on_commit_callbacks(execute=True):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    order.refresh_from_db()
    # $10.00 off the unit, and the 13% HST charged on it: what a code at checkout would have taken off.
    assert request.status == PriceMatchStatus.APPROVED and request.refund.amount == Decimal("11.30")
    assert order.status == OrderStatus.PAID and order.is_partially_refunded and order.refunded_total == Decimal("11.30")
    assert len(scripted.requests) == 1 and scripted.requests[0]["idempotency_key"] == f"refund-price-match-{request.pk}"
    assert scripted.requests[0]["data"]["amount"] == ["1130"]
    assert PriceMatchEventKind.REFUNDED in kinds(request)
    assert [message.subject for message in mail.outbox] == ["Your price match is approved: we refunded the difference"]
    body = mail.outbox[0].body
    assert "$11.30 including tax" in body and order.number in body
    assert "$10.00 off one unit, and $1.30 in tax" in body and "$11.30" in mail.outbox[0].alternatives[0][0]
    with payments.using_http_client(scripted), pytest.raises(PriceMatchProblem, match="already been approved"):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert len(scripted.requests) == 1 and Refund.objects.count() == 1


@pytest.mark.parametrize(
    ("address", "quantity", "refunded", "breakdown"),
    [
        (ONTARIO, 2, "22.60", "$10.00 off each of 2 units, and $2.60 in tax"),  # HST 13%
        (QUEBEC, 1, "11.50", "$10.00 off one unit, and $1.50 in tax"),  # GST 0.50 + QST 1.00
        # Three bought, and a match covers two (the policy's default): GST 1.00 + QST 2.00 (1.995 rounded half-up).
        (QUEBEC, 3, "23.00", "$10.00 off each of 2 units, and $3.00 in tax"),
        (ALBERTA, 1, "10.50", "$10.00 off one unit, and $0.50 in tax"),  # GST only
    ],
)
def test_the_refund_is_the_difference_on_every_unit_with_the_orders_own_tax(
    address, quantity, refunded, breakdown, django_capture_on_commit_callbacks
):
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=10)
    order = paid_order(variant, quantity=quantity, address=address)
    request = filed_request(variant=variant, order=order)
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted), django_capture_on_commit_callbacks(execute=True):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    order.refresh_from_db()
    assert request.refund.amount == Decimal(refunded) == order.refunded_total
    assert scripted.requests[0]["data"]["amount"] == [str(int(Decimal(refunded) * 100))]
    assert breakdown in mail.outbox[-1].body


def test_the_refund_is_never_more_than_is_left_on_a_partly_refunded_order(django_capture_on_commit_callbacks):
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    with payments.using_http_client(ScriptedStripe(stripe_refund("re_earlier"))):
        order_refund(order=order, idempotency_key="earlier", amount=order.total - Decimal("5.00"))
    request = filed_request(variant=variant, order=order)
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted), django_capture_on_commit_callbacks(execute=True):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    order.refresh_from_db()
    assert request.refund.amount == Decimal("5.00") and scripted.requests[0]["data"]["amount"] == ["500"]
    assert order.refunded_total == order.total and order.status == OrderStatus.REFUNDED
    assert "$5.00 including tax" in mail.outbox[-1].body and "off the unit" not in mail.outbox[-1].body


def test_a_partly_refunded_order_with_room_left_gets_the_whole_difference():
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    with payments.using_http_client(ScriptedStripe(stripe_refund("re_earlier"))):
        order_refund(order=order, idempotency_key="earlier", amount=Decimal("20.00"))
    request = filed_request(variant=variant, order=order)
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    order.refresh_from_db()
    assert request.refund.amount == Decimal("11.30") and order.refunded_total == Decimal("31.30")


def test_a_fully_refunded_order_has_no_difference_left_to_refund():
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    request = filed_request(variant=variant, order=order)
    with payments.using_http_client(ScriptedStripe(stripe_refund("re_all"))):
        order_refund(order=order, idempotency_key="all")
    with pytest.raises(PriceMatchProblem, match="nothing left to refund"):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING and Refund.objects.count() == 1


@pytest.mark.parametrize(
    "failure",
    [
        (402, {"error": {"type": "invalid_request_error", "message": "Charge has already been refunded."}}),
        (400, {"error": {"type": "invalid_request_error", "message": "Amount must be positive."}}),
    ],
)
def test_a_stripe_refusal_during_the_refund_changes_nothing(failure, django_capture_on_commit_callbacks):
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    request = filed_request(variant=variant, order=order)
    mail.outbox.clear()
    with (
        payments.using_http_client(ScriptedStripe(failure)),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(PriceMatchProblem, match="nothing was changed"),
    ):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    order.refresh_from_db()
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING and request.refund is None and request.matched_price is None
    assert order.status == OrderStatus.PAID and order.refunded_total == 0 and not Refund.objects.exists()
    assert mail.outbox == []
    assert kinds(request)[-1] == PriceMatchEventKind.REFUND_FAILED  # the attempt is in the log, nothing else
    # Stripe is back: the same approval now goes through.
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        assert price_match_approve(request_id=request.pk, staff_user=StaffFactory()).refund is not None


def test_approving_again_after_stripe_timed_out_gets_back_the_one_refund(django_capture_on_commit_callbacks):
    # Stripe made the refund, but the answer timed out: the approval stays pending, and approving again asks
    # Stripe under the same key, which hands back the refund it made.
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    request = filed_request(variant=variant, order=order)
    mail.outbox.clear()
    # Approving again first reads the payment's refunds at Stripe (none with this refund's key), then asks.
    listed = (200, {"object": "list", "data": [], "has_more": False, "url": "/v1/refunds"})
    down, back = ScriptedStripe(timeout()), ScriptedStripe(listed, stripe_refund("re_made_once"))
    with payments.using_http_client(down), pytest.raises(PriceMatchProblem, match="cannot tell"):
        price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING and mail.outbox == []
    with payments.using_http_client(back), django_capture_on_commit_callbacks(execute=True):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    order.refresh_from_db()
    (refund,) = Refund.objects.all()
    assert request.refund == refund and refund.stripe_refund_id == "re_made_once" and refund.amount == Decimal("11.30")
    assert order.refunded_total == Decimal("11.30")
    posts = [sent for sent in down.requests + back.requests if sent["method"] == "post"]
    assert {sent["idempotency_key"] for sent in posts} == {f"refund-price-match-{request.pk}"}
    assert len(mail.outbox) == 1 and "$11.30 including tax" in mail.outbox[0].body


def test_after_purchase_the_match_is_against_what_the_shopper_paid():
    variant = ProductVariantFactory(price=Decimal("100.00"))
    order = paid_order(variant)
    request = filed_request(variant=variant, order=order)
    variant.price = Decimal("80.00")  # our price dropped since: the refund is still against the $100.00 paid
    variant.save()
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        request = price_match_approve(request_id=request.pk, staff_user=StaffFactory())
    assert request.refund.amount == Decimal("11.30")  # $10.00 and its HST
    assert PriceMatchRequest.objects.get(pk=request.pk).matched_price == Decimal("90.00")
