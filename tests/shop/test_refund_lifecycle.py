"""What a refund leaves behind: a partial refund never stops an order being packed, shipped or cancelled;
a refund Stripe did not answer is easy to find, is settled by Stripe's own word, and is never made twice;
a refusal is retried under a new key; amounts read as money in the staff member's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from shop import payments
from shop.fulfilment import Carrier
from shop.models import Order, OrderEmail, OrderEmailKind, OrderStatus, Refund, RefundStatus
from shop.selectors.dashboard import order_queues
from shop.services.fulfilment import order_cancel, order_mark_fulfilled, order_ship
from shop.services.notifications import order_email_send
from shop.services.refunds import RefundProblem, order_refund
from tests.shop.checkout_support import WEBHOOK_SECRET, signed
from tests.shop.test_payments import ScriptedStripe, timeout
from tests.shop.test_staff_orders import paid_order, posted, stripe_refund, stripe_refunds_listed

pytestmark = pytest.mark.django_db

REFUSED = (402, {"error": {"type": "card_error", "message": "Refund declined."}})


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_staff"
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def staff_client(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    return client


def partly_refunded(**kwargs) -> Order:
    order = paid_order(price="100.00", **kwargs)
    with payments.using_http_client(ScriptedStripe(stripe_refund(1000, refund_id="re_part"))):
        order_refund(order=order, idempotency_key="k-part", amount=Decimal("10.00"))
    order.refresh_from_db()
    return order


def unanswered(order: Order, *, key: str = "k-lost", amount: str = "10.00") -> Refund:
    with payments.using_http_client(ScriptedStripe(timeout())), pytest.raises(RefundProblem) as problem:
        order_refund(order=order, idempotency_key=key, amount=Decimal(amount))
    assert problem.value.unanswered
    return Refund.objects.get(idempotency_key=key, status=RefundStatus.UNANSWERED)


def stripe_refund_object(refund: Refund, *, refund_id: str = "re_lost", status: str = "succeeded") -> dict:
    """A refund as Stripe describes it, with the key of the row it was made for in its metadata."""
    return {
        "id": refund_id,
        "object": "refund",
        "status": status,
        "amount": int(refund.amount * 100),
        "payment_intent": "pi_123",
        "metadata": {"order_number": refund.order.number, "refund_key": refund.idempotency_key},
    }


def webhook(client, event_type: str, obj: dict, *, event_id: str):
    body, signature = signed({"id": event_id, "type": event_type, "data": {"object": obj}})
    response = client.post(
        "/shop/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert response.status_code == 200


# --- 1. a partial refund before shipping ----------------------------------------------------------------------


def test_a_partly_refunded_order_is_still_packed_and_shipped_and_says_it_was_partly_refunded():
    order = partly_refunded()
    assert order.status == OrderStatus.PAID and order.is_partially_refunded
    assert order_queues().awaiting_fulfilment.count == 1  # still waiting to be packed
    order_mark_fulfilled(order=order)
    order_ship(order=order, carrier=Carrier.UPS, tracking_number="1Z999")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.is_partially_refunded
    assert order.refunded_total == Decimal("10.00")


def test_a_packed_email_queued_before_a_partial_refund_still_goes_out():
    order = paid_order(price="100.00")
    order_mark_fulfilled(order=order)
    with payments.using_http_client(ScriptedStripe(stripe_refund(1000))):
        order_refund(order=order, idempotency_key="k-after-packing", amount=Decimal("10.00"))
    mail.outbox.clear()
    packed = OrderEmail.objects.get(order=order, kind=OrderEmailKind.FULFILLED)
    assert order_email_send(email_id=packed.pk) is True
    assert [message.subject for message in mail.outbox] == [f"Your order {order.number} is packed"]


def test_cancelling_a_partly_refunded_order_refunds_what_is_left_and_restocks():
    order = partly_refunded(stock=5)
    scripted = ScriptedStripe(stripe_refund(order.total_cents - 1000, refund_id="re_rest"))
    with payments.using_http_client(scripted):
        order_cancel(order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.refunded_total == order.total
    assert not order.is_partially_refunded and order.lines.get().variant.stock_quantity == 5
    (asked,) = posted(scripted)
    assert asked["data"]["amount"] == [str(order.total_cents - 1000)]


def test_the_order_page_offers_packing_shipping_and_cancelling_a_partly_refunded_order(staff_client):
    order = partly_refunded()
    page = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "Mark fulfilled" in page and "Ship and email the customer" in page and "Cancel order…" in page
    assert "Partially refunded" in page


def test_the_status_filter_finds_partly_refunded_orders_by_their_amounts_with_a_badge(staff_client):
    part = partly_refunded()
    whole = paid_order(price="100.00")
    with payments.using_http_client(ScriptedStripe(stripe_refund(whole.total_cents, refund_id="re_whole"))):
        order_refund(order=whole, idempotency_key="k-whole")
    untouched = paid_order()
    page = staff_client.get("/admin/orders/", {"status": "partially_refunded"}).content.decode()
    assert part.number in page and whole.number not in page and untouched.number not in page
    assert "Partially refunded" in page
    paid = staff_client.get("/admin/orders/", {"status": "paid"}).content.decode()
    assert part.number in paid and untouched.number in paid and whole.number not in paid


def test_orders_left_partially_refunded_go_back_to_where_they_were_in_fulfilment():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("shop.migrations.0028_partial_refund_leaves_status")
    orders = [paid_order() for _ in range(3)]
    Order.objects.filter(pk__in=[o.pk for o in orders]).update(status=OrderStatus.PARTIALLY_REFUNDED)
    Order.objects.filter(pk=orders[1].pk).update(fulfilled_at=orders[1].paid_at)
    Order.objects.filter(pk=orders[2].pk).update(fulfilled_at=orders[2].paid_at, shipped_at=orders[2].paid_at)
    migration.statuses_from_fulfilment(apps, None)
    statuses = [Order.objects.get(pk=o.pk).status for o in orders]
    assert statuses == [OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.SHIPPED]


# --- 2. unanswered refunds are easy to find -------------------------------------------------------------------


def test_the_list_badges_and_filters_orders_whose_refund_awaits_stripe(staff_client):
    waiting = paid_order()
    unanswered(waiting)
    answered = partly_refunded()
    page = staff_client.get("/admin/orders/", {"refund_unanswered": "true"}).content.decode()
    assert waiting.number in page and answered.number not in page and "Refund awaiting Stripe" in page
    others = staff_client.get("/admin/orders/", {"refund_unanswered": "false"}).content.decode()
    assert answered.number in others and waiting.number not in others
    detail = staff_client.get(f"/admin/orders/inspect/{waiting.pk}/").content.decode()
    assert "Refund awaiting Stripe" in detail


def test_the_dashboard_counts_orders_whose_refund_awaits_stripe_and_links_to_them(staff_client):
    for _ in range(2):
        unanswered(paid_order(), key=f"k-{Order.objects.count()}")
    paid_order()
    assert order_queues().refund_unanswered == 2
    page = staff_client.get("/admin/").content.decode()
    assert "2 orders have a refund awaiting Stripe" in page and "/admin/orders/?refund_unanswered=true" in page


# --- 3. Stripe's own word settles an unanswered refund; a retry never refunds twice ---------------------------


def test_each_refund_carries_its_rows_key_in_stripes_metadata():
    order = paid_order()
    scripted = ScriptedStripe(stripe_refund(500))
    with payments.using_http_client(scripted):
        order_refund(order=order, idempotency_key="k-meta", amount=Decimal("5.00"))
    (sent,) = scripted.requests
    assert sent["data"]["metadata[refund_key]"] == ["k-meta"]
    assert sent["data"]["metadata[order_number]"] == [order.number]


@pytest.mark.parametrize("event_type", ["refund.created", "refund.updated", "charge.refund.updated"])
def test_a_refund_event_carrying_the_key_settles_the_unanswered_refund(
    client, event_type, django_capture_on_commit_callbacks
):
    order = paid_order(price="100.00")
    waiting = unanswered(order)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        webhook(client, event_type, stripe_refund_object(waiting), event_id="evt_refund")
    waiting.refresh_from_db()
    order.refresh_from_db()
    assert waiting.status == RefundStatus.SUCCEEDED and waiting.stripe_refund_id == "re_lost"
    assert order.refunded_total == Decimal("10.00") and order.is_partially_refunded
    assert OrderEmail.objects.filter(order=order, kind=OrderEmailKind.REFUNDED, refund=waiting).count() == 1


def test_a_refund_event_saying_stripe_refused_forgets_the_unanswered_refund(client):
    order = paid_order(price="100.00")
    waiting = unanswered(order)
    webhook(client, "refund.updated", stripe_refund_object(waiting, status="failed"), event_id="evt_failed")
    order.refresh_from_db()
    assert not Refund.objects.exists() and order.refunded_total == 0


def test_charge_refunded_listing_the_refund_settles_the_unanswered_refund_and_counts_it_once(client):
    order = paid_order(price="100.00")
    waiting = unanswered(order)
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": "pi_123",
        "amount": order.total_cents,
        "amount_refunded": 1000,
        "refunds": {"object": "list", "data": [stripe_refund_object(waiting)]},
    }
    webhook(client, "charge.refunded", charge, event_id="evt_charge")
    waiting.refresh_from_db()
    order.refresh_from_db()
    assert waiting.status == RefundStatus.SUCCEEDED and waiting.stripe_refund_id == "re_lost"
    assert order.refunded_total == Decimal("10.00") and order.status == OrderStatus.PAID


def test_charge_refunded_without_its_refunds_has_the_worker_read_them_at_stripe(
    client, django_capture_on_commit_callbacks
):
    # Stripe's current API sends the charge without its refunds: the worker lists the payment's refunds.
    order = paid_order(price="100.00")
    waiting = unanswered(order)
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_123", "amount_refunded": 1000}
    listing = ScriptedStripe(stripe_refunds_listed(stripe_refund_object(waiting)))
    with payments.using_http_client(listing), django_capture_on_commit_callbacks(execute=True):
        webhook(client, "charge.refunded", charge, event_id="evt_charge_bare")
    waiting.refresh_from_db()
    assert waiting.status == RefundStatus.SUCCEEDED and waiting.stripe_refund_id == "re_lost"
    assert posted(listing) == [] and "payment_intent=pi_123" in listing.requests[0]["url"]


def test_a_retry_finds_the_refund_stripe_made_by_its_key_and_asks_for_no_second_one():
    # A day later Stripe has forgotten the idempotency key; the refund it made still carries ours.
    order = paid_order(price="100.00")
    waiting = unanswered(order)
    other = {**stripe_refund_object(waiting, refund_id="re_other"), "metadata": {"refund_key": "someone-else"}}
    stripe = ScriptedStripe(stripe_refunds_listed(other, stripe_refund_object(waiting)), stripe_refund(1000, "re_2"))
    with payments.using_http_client(stripe):
        refund = order_refund(order=order, idempotency_key=waiting.idempotency_key)
    order.refresh_from_db()
    assert posted(stripe) == [] and len(stripe.requests) == 1
    assert refund.pk == waiting.pk and refund.status == RefundStatus.SUCCEEDED and refund.stripe_refund_id == "re_lost"
    assert order.refunded_total == Decimal("10.00") and Refund.objects.count() == 1


def test_a_retry_that_cannot_list_the_refunds_stays_unanswered_and_asks_for_nothing():
    order = paid_order(price="100.00")
    waiting = unanswered(order)
    stripe = ScriptedStripe(timeout())
    with payments.using_http_client(stripe), pytest.raises(RefundProblem) as problem:
        order_refund(order=order, idempotency_key=waiting.idempotency_key)
    waiting.refresh_from_db()
    assert problem.value.unanswered and waiting.status == RefundStatus.UNANSWERED and posted(stripe) == []


# --- 4. a refusal is retried under a new key; no answer under the same one ------------------------------------


def test_try_again_after_a_refusal_carries_a_new_key(staff_client):
    order = paid_order(price="100.00")
    data = {"mode": "amount", "amount": "5.00", "idempotency_key": "r-refused", "confirm": "on"}
    with payments.using_http_client(ScriptedStripe(REFUSED)):
        page = staff_client.post(f"/admin/orders/inspect/{order.pk}/refund/", data).content.decode()
    assert "Try again?" in page and 'value="r-refused"' not in page and 'name="idempotency_key"' in page
    with payments.using_http_client(ScriptedStripe(timeout())):
        page = staff_client.post(f"/admin/orders/inspect/{order.pk}/refund/", data).content.decode()
    assert "Try again?" in page and 'value="r-refused"' in page


def test_try_again_after_a_refused_cancel_carries_a_new_key(staff_client):
    order = paid_order(price="100.00")
    data = {"reason": "", "idempotency_key": "c-refused", "confirm": "on"}
    with payments.using_http_client(ScriptedStripe(REFUSED)):
        page = staff_client.post(f"/admin/orders/inspect/{order.pk}/cancel/", data).content.decode()
    assert "Try again?" in page and 'value="c-refused"' not in page


# --- 5. amounts read as money in the staff member's language --------------------------------------------------


def test_refund_messages_read_amounts_as_money_in_french(client):
    from wagtail.users.models import UserProfile

    from tests.factories import StaffFactory

    staff = StaffFactory()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(staff)
    order = paid_order(price="100.00")
    with translation.override("fr"), payments.using_http_client(ScriptedStripe(stripe_refund(1000))):
        order_refund(order=order, idempotency_key="k-fr", amount=Decimal("10.00"))
        with pytest.raises(RefundProblem) as problem:
            order_refund(order=order, idempotency_key="k-fr-2", amount=order.total)
    assert "10,00\u00a0$" in order.status_changes.last().note
    left = order.total - Decimal("10.00")
    assert f"{left:.2f}".replace(".", ",") + " $" in problem.value.message.replace("\u00a0", " ")
    page = client.post(
        f"/admin/orders/inspect/{order.pk}/refund/", {"mode": "amount", "amount": "10.00", "idempotency_key": "k-ask"}
    ).content.decode()
    summary = page.split('<h2 class="w-h3">', 1)[1].split("</h2>", 1)[0]
    assert "10,00\u00a0$" in summary and "10.00" not in summary
