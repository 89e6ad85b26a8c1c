"""Stripe webhooks: signed, fresh events act once; anything else is refused with nothing written."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from shop.models import Order, OrderStatus, OrderStatusChange, StripeEvent
from shop.payment_messages import payment_problem_message
from shop.services.notifications import order_emails_send_due
from tests.shop.checkout_support import WEBHOOK_SECRET, cart_with, intent_event, place, signed
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database

URL = "/shop/stripe/webhook/"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


def _post(client, body, signature):
    return client.post(URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


@pytest.mark.django_db
def test_a_signed_success_event_marks_the_order_paid_and_sends_the_receipt(client, django_capture_on_commit_callbacks):
    order = place(cart_with())
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, *signed(intent_event(order)))
    order.refresh_from_db()
    assert response.status_code == 200
    assert order.status == OrderStatus.PAID and order.stripe_payment_intent_id == "pi_1"
    assert [message.to for message in mail.outbox] == [[order.email]]


@REAL_COMMITS
def test_one_event_replayed_ten_times_at_once_changes_the_order_once_and_sends_one_email(tmp_path):
    order = place(cart_with())
    body, signature = signed(intent_event(order, event_id="evt_replayed"))
    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(lambda index: _check_ok(_post(Client(), body, signature)), 10)
        paid_changes = in_a_thread(lambda: OrderStatusChange.objects.filter(to_status=OrderStatus.PAID).count())
        events = in_a_thread(lambda: StripeEvent.objects.count())
    assert outcomes == {"ok": 10}
    assert paid_changes == 1 and events == 1
    assert len(mail.outbox) == 1


def _check_ok(response):
    assert response.status_code == 200, response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda body, sig: (body.replace(b'"amount"', b'"amount_x"'), sig), id="tampered"),
        pytest.param(lambda body, sig: signed_with("whsec_wrong", body), id="wrong-secret"),
        pytest.param(lambda body, sig: signed_with(WEBHOOK_SECRET, body, age=301), id="stale"),
        pytest.param(lambda body, sig: signed_with(WEBHOOK_SECRET, body, age=-600), id="dated-10-minutes-ahead"),
        pytest.param(lambda body, sig: signed_with(WEBHOOK_SECRET, body, age=-301), id="dated-just-past-tolerance"),
        pytest.param(lambda body, sig: (body, ""), id="unsigned"),
        pytest.param(lambda body, sig: (b"not json", sig), id="garbage"),
    ],
)
def test_forged_or_stale_events_get_400_and_nothing_is_written(client, forge):
    order = place(cart_with())
    body, signature = forge(*signed(intent_event(order)))
    response = _post(client, body, signature)
    order.refresh_from_db()
    assert response.status_code == 400
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert not StripeEvent.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_an_event_dated_a_little_ahead_within_the_tolerance_is_accepted(client):
    # Stripe's clock and ours may disagree by a few seconds; only beyond the tolerance is it refused.
    order = place(cart_with())
    body, _signature = signed(intent_event(order))
    response = _post(client, *signed_with(WEBHOOK_SECRET, body, age=-60))
    order.refresh_from_db()
    assert response.status_code == 200
    assert order.status == OrderStatus.PAID


def signed_with(secret, body, age=0):
    """Signed `age` seconds ago; a negative age dates the event in the future."""
    import json

    return signed(json.loads(body), secret=secret, timestamp=int(time.time()) - age)


@pytest.mark.django_db
def test_a_failure_arriving_after_success_never_unpays_the_order(client):
    order = place(cart_with())
    _post(client, *signed(intent_event(order, event_id="evt_ok")))
    failed = intent_event(
        order,
        event_id="evt_late_fail",
        type="payment_intent.payment_failed",
        last_payment_error={"message": "Your card was declined."},
        status="requires_payment_method",
    )
    assert _post(client, *signed(failed)).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.last_payment_error == ""


@pytest.mark.django_db
def test_a_failure_event_keeps_the_order_payable_and_tells_the_shopper_why(client, django_capture_on_commit_callbacks):
    order = place(cart_with())
    failed = intent_event(
        order,
        type="payment_intent.payment_failed",
        last_payment_error={
            "message": "Insufficient funds.",
            "code": "card_declined",
            "decline_code": "insufficient_funds",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, *signed(failed))
    order.refresh_from_db()
    # Stripe's own words never reach the shopper: the plain message for the decline code does.
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.last_payment_error == payment_problem_message("card_declined", "insufficient_funds")
    # Not by email while they may still be on the payment page (it shows the reason), but in the one
    # reminder if the order is still unpaid shortly before its reservation ends.
    assert mail.outbox == []
    assert order_emails_send_due(now=order.reserved_until - timedelta(minutes=5)) == 1
    assert order.last_payment_error in mail.outbox[0].body and "Insufficient funds." not in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(("refunded_cents", "status"), [(1000, OrderStatus.PAID), (None, OrderStatus.REFUNDED)])
def test_charge_refunded_marks_the_order_refunded_or_partly_refunded(client, refunded_cents, status):
    order = place(cart_with())
    _post(client, *signed(intent_event(order, event_id="evt_paid")))
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": "pi_1",
        "amount": order.total_cents,
        "amount_refunded": refunded_cents or order.total_cents,
        "refunded": refunded_cents is None,
    }
    _post(client, *signed({"id": "evt_refund", "type": "charge.refunded", "data": {"object": charge}}))
    order.refresh_from_db()
    assert order.status == status and order.refunded_total * 100 == charge["amount_refunded"]
    assert order.is_partially_refunded is (refunded_cents is not None)


@pytest.mark.django_db
def test_a_success_event_for_the_wrong_amount_does_not_pay_the_order(client):
    order = place(cart_with())
    event = intent_event(order)
    event["data"]["object"]["amount"] = event["data"]["object"]["amount_received"] = 100
    _post(client, *signed(event))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT


def test_the_webhook_answers_only_post(client):
    assert client.get(URL).status_code == 405


ODD_METADATA = ["ORD-1", ["order_number"], 7, None, {"order_number": ["x"]}, {"order_number": {"a": 1}}]


@pytest.mark.django_db
@pytest.mark.parametrize("metadata", ODD_METADATA)
def test_a_signed_event_with_odd_metadata_is_acknowledged_and_logged_not_retried_forever(client, caplog, metadata):
    # Given an order that never stored a PaymentIntent id, so only the metadata could name it
    order = place(cart_with())
    # When Stripe delivers a correctly signed event whose metadata is the wrong shape
    response = _post(client, *signed(intent_event(order, metadata=metadata)))
    # Then it is acknowledged (so Stripe stops retrying), recorded once and logged as a payment we could not place
    assert response.status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_1", order=None).exists()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT
    assert "matches no order" in caplog.text
    assert _post(client, *signed(intent_event(order, metadata=metadata))).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("metadata", ODD_METADATA)
def test_a_payment_with_odd_metadata_is_still_matched_by_its_stored_payment_intent(client, metadata):
    # Given an order whose payment step stored its PaymentIntent id
    order = place(cart_with())
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent_id="pi_1")
    # When the success event arrives with metadata that names nothing
    response = _post(client, *signed(intent_event(order, metadata=metadata)))
    # Then the payment is not lost: the order is paid
    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("type", "odd"),
    [
        ("payment_intent.succeeded", {"id": 12345}),
        ("payment_intent.succeeded", {"id": ["pi_1"]}),
        ("payment_intent.succeeded", {"amount": "lots", "amount_received": "lots"}),
        ("payment_intent.succeeded", {"amount": 1e300, "amount_received": True}),
        ("payment_intent.succeeded", {"currency": {"code": "cad"}}),
        ("payment_intent.payment_failed", {"last_payment_error": "declined"}),
        ("payment_intent.payment_failed", {"last_payment_error": {"message": ["declined"]}}),
        ("payment_intent.payment_failed", {"last_payment_error": {"message": "x" * 5000}}),
        ("payment_intent.payment_failed", {"id": "pi_" + "x" * 400}),
    ],
)
def test_signed_events_with_odd_fields_never_give_a_500(client, type, odd):
    order = place(cart_with())
    response = _post(client, *signed(intent_event(order, type=type, **odd)))
    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING_PAYMENT


@pytest.mark.django_db
@pytest.mark.parametrize("refunded", ["all", -5, 2**70, 2**100, 1e400, [1]])
def test_a_refund_event_with_an_odd_amount_changes_nothing(client, refunded):
    order = place(cart_with())
    _post(client, *signed(intent_event(order, event_id="evt_paid")))
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_1", "amount_refunded": refunded}
    response = _post(client, *signed({"id": "evt_refund", "type": "charge.refunded", "data": {"object": charge}}))
    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


@pytest.mark.django_db
def test_a_signed_payload_nested_too_deeply_to_read_gets_400(client):
    body = b'{"id": "evt_deep", "type": "x", "data": {"object": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
    timestamp = int(time.time())
    signature = hmac.new(WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()

    response = _post(client, body, f"t={timestamp},v1={signature}")

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
