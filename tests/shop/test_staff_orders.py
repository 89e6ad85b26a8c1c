"""Staff actions on orders: fulfil, ship, cancel and refund, each a service that emails the customer once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from shop import payments
from shop.fulfilment import Carrier, line_refund_amount, tracking_url
from shop.models import Order, OrderEmail, OrderEmailKind, OrderStatus, ProductVariant, Refund, RefundStatus
from shop.services.fulfilment import FulfilmentProblem, order_add_note, order_cancel, order_mark_fulfilled, order_ship
from shop.services.order_status import order_mark_paid, order_mark_refunded, order_release_if_unpaid
from shop.services.refunds import RefundProblem, order_refund
from tests.factories import StaffFactory
from tests.shop.checkout_support import cart_with, place
from tests.shop.test_payments import ScriptedStripe, timeout

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_staff"
    settings.STRIPE_API_BASE = ""


def stripe_refund(amount_cents=0, refund_id="re_1"):
    return 200, {"id": refund_id, "object": "refund", "status": "succeeded", "amount": amount_cents}


def stripe_refunds_listed(*refunds):
    """Stripe's answer to "the refunds of this payment" (read before a retry asks for a refund again)."""
    return 200, {"object": "list", "data": list(refunds), "has_more": False, "url": "/v1/refunds"}


def posted(*scripted):
    """The requests that asked Stripe for something (the refunds themselves, not the listings)."""
    return [request for stripe in scripted for request in stripe.requests if request["method"] == "post"]


def paid_order(**kwargs):
    order = place(cart_with(**kwargs))
    order_mark_paid(order=order, payment_intent_id="pi_123")
    order.refresh_from_db()
    return order


def emails(order, kind):
    return OrderEmail.objects.filter(order=order, kind=kind).count()


# --- the rules ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("carrier", "expected"),
    [
        (
            Carrier.CANADA_POST,
            "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=1234567890123456",
        ),
        (Carrier.PUROLATOR, "https://www.purolator.com/en/shipping/tracker?pins=1234567890123456"),
        (Carrier.UPS, "https://www.ups.com/track?loc=en_CA&tracknum=1234567890123456"),
    ],
)
def test_each_carrier_has_its_own_tracking_link(carrier, expected):
    assert tracking_url(carrier=carrier, tracking_number="1234 5678 9012 3456") == expected


def test_no_tracking_link_without_a_known_carrier_or_a_number():
    assert tracking_url(carrier="pigeon", tracking_number="123") == ""
    assert tracking_url(carrier=Carrier.UPS, tracking_number="  ") == ""


def test_a_tracking_number_cannot_break_out_of_the_link():
    assert "&" not in tracking_url(carrier=Carrier.UPS, tracking_number="1Z&x=<b>").split("tracknum=")[1]


def test_a_refunded_line_gives_back_its_share_of_tax():
    # 100 of 200 taxable (lines + shipping) carries half of the 26.00 tax
    assert line_refund_amount(
        line_total=Decimal("100.00"), tax_total=Decimal("26.00"), taxable_total=Decimal("200.00")
    ) == Decimal("113.00")


# --- fulfil and ship --------------------------------------------------------------------------------------


def test_mark_fulfilled_moves_a_paid_order_and_logs_the_staff_member():
    order = paid_order()
    staff = StaffFactory()
    order_mark_fulfilled(order=order, staff_user=staff)
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED and order.fulfilled_at
    assert order.status_changes.last().staff_user == staff


def test_marking_fulfilled_emails_the_customer_once_with_the_signed_order_link(django_capture_on_commit_callbacks):
    order = paid_order()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_fulfilled(order=order, staff_user=StaffFactory())
    assert emails(order, OrderEmailKind.FULFILLED) == 1
    (sent,) = mail.outbox
    assert sent.to == [order.email] and sent.subject == f"Your order {order.number} is packed"
    assert "/orders/receipt/" in sent.body and "/orders/receipt/" in sent.alternatives[0][0]
    assert order.lines.get().product_name in sent.body
    with pytest.raises(FulfilmentProblem):
        order_mark_fulfilled(order=order)
    assert emails(order, OrderEmailKind.FULFILLED) == 1


def test_the_fulfilled_email_is_skipped_once_the_order_has_shipped(django_capture_on_commit_callbacks):
    # Packed and shipped before the worker got to it: the shipped email says it all.
    from shop.services.notifications import order_email_send

    order = paid_order()
    mail.outbox.clear()
    order_mark_fulfilled(order=order)
    order_ship(order=order, carrier=Carrier.UPS, tracking_number="1Z999")
    fulfilled = OrderEmail.objects.get(order=order, kind=OrderEmailKind.FULFILLED)
    assert order_email_send(email_id=fulfilled.pk) is False
    fulfilled.refresh_from_db()
    assert fulfilled.status == "skipped" and mail.outbox == []


def test_an_unpaid_order_cannot_be_fulfilled_or_shipped():
    order = place(cart_with())
    with pytest.raises(FulfilmentProblem):
        order_mark_fulfilled(order=order)
    with pytest.raises(FulfilmentProblem):
        order_ship(order=order, carrier=Carrier.UPS, tracking_number="1Z999")


def test_shipping_records_the_tracking_number_and_emails_the_link_once(django_capture_on_commit_callbacks):
    order = paid_order()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_ship(order=order, carrier=Carrier.CANADA_POST, tracking_number="7023 2104 5566 7788")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.tracking_number == "7023210455667788"
    assert emails(order, OrderEmailKind.SHIPPED) == 1
    (sent,) = mail.outbox
    assert "searchFor=7023210455667788" in sent.body
    assert "searchFor=7023210455667788" in sent.alternatives[0][0]
    with pytest.raises(FulfilmentProblem):
        order_ship(order=order, carrier=Carrier.UPS, tracking_number="1Z999")
    assert emails(order, OrderEmailKind.SHIPPED) == 1


def test_staff_notes_join_the_timeline():
    order = paid_order()
    staff = StaffFactory()
    order_add_note(order=order, note="Customer asked for gift wrap", staff_user=staff)
    note = order.status_changes.last()
    assert note.note == "Customer asked for gift wrap" and note.staff_user == staff
    assert note.from_status == note.to_status == OrderStatus.PAID


# --- refunds -----------------------------------------------------------------------------------------------


def test_a_full_refund_goes_through_stripe_with_an_idempotency_key(django_capture_on_commit_callbacks):
    order = paid_order(price="100.00")
    scripted = ScriptedStripe(stripe_refund(order.total_cents))
    with payments.using_http_client(scripted), django_capture_on_commit_callbacks(execute=True):
        refund = order_refund(order=order, idempotency_key="k1", staff_user=StaffFactory())
    order.refresh_from_db()
    assert (
        refund.status == RefundStatus.SUCCEEDED and refund.amount == order.total and refund.stripe_refund_id == "re_1"
    )
    assert order.status == OrderStatus.REFUNDED and order.refunded_total == order.total
    (sent,) = scripted.requests
    assert sent["idempotency_key"] == "refund-k1"
    assert sent["data"]["payment_intent"] == ["pi_123"] and sent["data"]["amount"] == [str(order.total_cents)]
    assert emails(order, OrderEmailKind.REFUNDED) == 1


def test_a_partial_refund_by_line_refunds_the_line_and_its_tax():
    order = paid_order(lines=2, price="50.00")
    first = order.lines.first()
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        refund = order_refund(order=order, idempotency_key="k-line", line_ids=[first.pk])
    order.refresh_from_db()
    # Ontario, 13% HST on the lines and the shipping alike: the line gives back 50 + 13% of it
    assert refund.amount == Decimal("56.50")
    assert list(refund.lines.all()) == [first]
    # A partial refund shows beside the status and leaves it alone: the order can still be packed and shipped.
    assert order.status == OrderStatus.PAID and order.is_partially_refunded and order.refunded_total == Decimal("56.50")
    with pytest.raises(RefundProblem, match="refunded already"):
        order_refund(order=order, idempotency_key="k-line-again", line_ids=[first.pk])


def test_a_partial_refund_by_amount_and_never_more_than_is_left():
    order = paid_order(price="100.00")
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        order_refund(order=order, idempotency_key="k-a", amount=Decimal("10.00"))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.is_partially_refunded and order.refunded_total == Decimal("10.00")
    with pytest.raises(RefundProblem, match="At most"):
        order_refund(order=order, idempotency_key="k-b", amount=order.total)
    with payments.using_http_client(ScriptedStripe(stripe_refund(refund_id="re_2"))):
        order_refund(order=order, idempotency_key="k-c")  # the rest
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and order.refunded_total == order.total
    assert Refund.objects.filter(order=order).count() == 2


def test_each_partial_refund_gets_its_own_email_with_its_own_amount(django_capture_on_commit_callbacks):
    order = paid_order(price="100.00")
    mail.outbox.clear()
    with payments.using_http_client(ScriptedStripe(stripe_refund())), django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, idempotency_key="k-first", amount=Decimal("10.00"))
    with (
        payments.using_http_client(ScriptedStripe(stripe_refund(refund_id="re_2"))),
        django_capture_on_commit_callbacks(execute=True),
    ):
        order_refund(order=order, idempotency_key="k-second", amount=Decimal("5.00"))
    order.refresh_from_db()

    assert emails(order, OrderEmailKind.REFUNDED) == 2
    first, second = (m for m in mail.outbox if "refund" in m.subject.lower())
    assert "$10.00" in first.body and "in all" not in first.body
    assert "$5.00" in second.body and "$15.00 has been refunded in all" in second.body
    assert "Your order is now partially refunded." in first.body and "partially refunded" in second.alternatives[0][0]
    mail.outbox.clear()
    with (
        payments.using_http_client(ScriptedStripe(stripe_refund(refund_id="re_3"))),
        django_capture_on_commit_callbacks(execute=True),
    ):
        order_refund(order=order, idempotency_key="k-rest")  # the rest
    (last,) = (m for m in mail.outbox if "refund" in m.subject.lower())
    assert "Your order is now refunded in full." in last.body and "partially" not in last.body


@pytest.mark.parametrize(
    "failure",
    [
        (402, {"error": {"type": "invalid_request_error", "message": "Charge has already been refunded."}}),
        (400, {"error": {"type": "invalid_request_error", "message": "Amount must be positive."}}),
    ],
)
def test_a_stripe_refusal_during_a_refund_gives_a_clear_error_and_changes_nothing(failure):
    order = paid_order()
    with payments.using_http_client(ScriptedStripe(failure)), pytest.raises(RefundProblem) as problem:
        order_refund(order=order, idempotency_key="k-fail", amount=Decimal("5.00"))
    assert "nothing was changed" in problem.value.message
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.refunded_total == 0
    assert not Refund.objects.exists() and emails(order, OrderEmailKind.REFUNDED) == 0


@pytest.mark.parametrize(
    "no_answer", [timeout(), (500, {"error": {"type": "api_error", "message": "Something went wrong."}})]
)
def test_a_retry_after_stripe_timed_out_asks_about_the_same_refund_and_never_makes_two(
    no_answer, django_capture_on_commit_callbacks
):
    # Stripe made the refund but its answer never arrived; the retry, under the same key, gets that refund back.
    order = paid_order(price="100.00")
    mail.outbox.clear()
    down = ScriptedStripe(no_answer)
    back = ScriptedStripe(stripe_refunds_listed(), stripe_refund(500, refund_id="re_made_once"))
    with payments.using_http_client(down):
        with pytest.raises(RefundProblem) as problem:
            order_refund(order=order, idempotency_key="k-slow", amount=Decimal("5.00"))
        assert "cannot tell whether the refund went through" in problem.value.message
        waiting = Refund.objects.get()
        assert waiting.status == RefundStatus.UNANSWERED and waiting.amount == Decimal("5.00")
        order.refresh_from_db()
        assert order.status == OrderStatus.PAID and order.refunded_total == 0
        # Another refund cannot start while Stripe owes us an answer about this one.
        asked = len(down.requests)
        with pytest.raises(RefundProblem, match=r"not yet answered the refund of \$5\.00"):
            order_refund(order=order, idempotency_key="k-other", amount=Decimal("7.00"))
        assert len(down.requests) == asked
    with payments.using_http_client(back), django_capture_on_commit_callbacks(execute=True):
        refund = order_refund(order=order, idempotency_key="k-slow", amount=Decimal("5.00"))
    sent = posted(down, back)
    assert {request["idempotency_key"] for request in sent} == {"refund-k-slow"}
    assert back.requests[0]["method"] == "get" and "payment_intent=pi_123" in back.requests[0]["url"]
    assert {request["data"]["amount"][0] for request in sent} == {"500"}
    order.refresh_from_db()
    assert Refund.objects.count() == 1 and refund.pk == waiting.pk
    assert refund.status == RefundStatus.SUCCEEDED and refund.stripe_refund_id == "re_made_once"
    assert order.refunded_total == Decimal("5.00") and order.status == OrderStatus.PAID and order.is_partially_refunded
    assert emails(order, OrderEmailKind.REFUNDED) == 1 and len(mail.outbox) == 1
    # A third click with the key returns the refund without asking Stripe.
    with payments.using_http_client(back):
        assert order_refund(order=order, idempotency_key="k-slow").pk == refund.pk
    assert len(back.requests) == 2


def test_a_refusal_on_the_retry_forgets_the_unanswered_refund():
    order = paid_order(price="100.00")
    refused = (402, {"error": {"type": "invalid_request_error", "message": "Charge has already been refunded."}})
    for answers in ((timeout(),), (stripe_refunds_listed(), refused)):
        with payments.using_http_client(ScriptedStripe(*answers)), pytest.raises(RefundProblem):
            order_refund(order=order, idempotency_key="k-gone", amount=Decimal("5.00"))
    order.refresh_from_db()
    assert not Refund.objects.exists() and order.refunded_total == 0 and order.status == OrderStatus.PAID


def test_a_double_clicked_refund_makes_one_refund():
    order = paid_order()
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted):
        first = order_refund(order=order, idempotency_key="same", amount=Decimal("5.00"))
        second = order_refund(order=order, idempotency_key="same", amount=Decimal("5.00"))
    order.refresh_from_db()
    assert first.pk == second.pk and len(scripted.requests) == 1
    assert order.refunded_total == Decimal("5.00") and Refund.objects.count() == 1


def test_stripes_refund_webhook_and_our_refund_rows_count_each_refund_once():
    order = paid_order(price="100.00")
    # Stripe's webhook arrives before our own record of the refund ...
    order_mark_refunded(order=order, amount_refunded=Decimal("10.00"))
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        order_refund(order=order, idempotency_key="k-w", amount=Decimal("20.00"))
    order.refresh_from_db()
    assert order.refunded_total == Decimal("20.00")
    # ... or after it, with the running total: nothing is added twice
    order_mark_refunded(order=order, amount_refunded=Decimal("20.00"))
    order.refresh_from_db()
    assert order.refunded_total == Decimal("20.00") and order.status == OrderStatus.PAID and order.is_partially_refunded


def test_an_unpaid_order_has_nothing_to_refund():
    order = place(cart_with())
    with pytest.raises(RefundProblem):
        order_refund(order=order, idempotency_key="k-none")


# --- cancel ------------------------------------------------------------------------------------------------


def test_cancelling_a_paid_order_restocks_and_refunds_in_full(django_capture_on_commit_callbacks):
    order = paid_order(stock=5, quantity=2)
    variant = order.lines.get().variant
    assert ProductVariant.objects.get(pk=variant.pk).stock_quantity == 3
    mail.outbox.clear()
    scripted = ScriptedStripe(stripe_refund(order.total_cents))
    with payments.using_http_client(scripted), django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, staff_user=StaffFactory(), reason="Customer changed their mind")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.refunded_total == order.total
    assert ProductVariant.objects.get(pk=variant.pk).stock_quantity == 5
    assert len(scripted.requests) == 1 and Refund.objects.get().amount == order.total
    assert emails(order, OrderEmailKind.CANCELLED) == 1 and emails(order, OrderEmailKind.REFUNDED) == 0
    assert len(mail.outbox) == 1 and "on its way back" in mail.outbox[0].body


def test_a_cancel_whose_refund_fails_changes_nothing():
    order = paid_order(stock=5)
    refused = (402, {"error": {"type": "card_error", "message": "Refund declined."}})
    with payments.using_http_client(ScriptedStripe(refused)), pytest.raises(RefundProblem):
        order_cancel(order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.lines.get().variant.stock_quantity == 4
    assert not Refund.objects.exists()


def test_a_cancel_retried_after_a_timeout_refunds_once_and_cancels():
    order = paid_order(stock=5)
    down = ScriptedStripe(timeout())
    back = ScriptedStripe(stripe_refunds_listed(), stripe_refund(order.total_cents))
    with payments.using_http_client(down), pytest.raises(RefundProblem):
        order_cancel(order=order, idempotency_key="c-1")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.lines.get().variant.stock_quantity == 4
    with payments.using_http_client(back):
        order_cancel(order=order, idempotency_key="c-1")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.refunded_total == order.total
    assert order.lines.get().variant.stock_quantity == 5
    assert Refund.objects.count() == 1 and len(posted(back)) == 1
    assert {sent["idempotency_key"] for sent in posted(down, back)} == {"refund-c-1"}


def test_cancelling_an_unpaid_order_restocks_without_stripe():
    order = place(cart_with(stock=5))
    order_cancel(order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.lines.get().variant.stock_quantity == 5


def test_a_shipped_order_cannot_be_cancelled():
    order = paid_order()
    order_ship(order=order, carrier=Carrier.UPS, tracking_number="1Z999")
    with pytest.raises(FulfilmentProblem):
        order_cancel(order=order)


# --- refund due --------------------------------------------------------------------------------------------


def sold_out_while_paying():
    """An order whose reservation lapsed, whose last unit was sold meanwhile, and whose payment then arrived."""
    order = place(cart_with(stock=1))
    Order.objects.filter(pk=order.pk).update(reserved_until=order.created_at)
    order_release_if_unpaid(order_id=order.pk)
    ProductVariant.objects.filter(pk=order.lines.get().variant_id).update(stock_quantity=0)
    order_mark_paid(order=order, payment_intent_id="pi_late")
    order.refresh_from_db()
    return order


def test_a_payment_for_a_sold_out_order_marks_it_refund_due_until_refunded():
    order = sold_out_while_paying()
    assert order.status == OrderStatus.CANCELLED and order.refund_due
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        order_refund(order=order, idempotency_key="k-due")
    order.refresh_from_db()
    assert not order.refund_due and order.refunded_total == order.total and order.status == OrderStatus.CANCELLED
