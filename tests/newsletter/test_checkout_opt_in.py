"""The checkout opt-in: the shop records the tick on the order and calls its order-paid hooks; newsletter plugs in."""

from __future__ import annotations

import pytest
from django.core import mail

from newsletter.models import Subscriber, SubscriberStatus
from shop.checkout_forms import CheckoutDetailsForm
from shop.models import OrderStatus
from shop.services.order_status import order_mark_paid
from tests.shop.checkout_support import DETAILS, cart_with, place

pytestmark = pytest.mark.django_db

hook_calls: list[int] = []


def record_call(order_id: int) -> None:
    hook_calls.append(order_id)


def broken_hook(order_id: int) -> None:
    raise RuntimeError("the newsletter provider is down")


@pytest.fixture(autouse=True)
def no_calls_yet():
    hook_calls.clear()


def test_the_checkout_opt_in_starts_unticked_and_is_optional():
    form = CheckoutDetailsForm(DETAILS)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["marketing_opt_in"] is False
    assert "checked" not in str(form["marketing_opt_in"])
    ticked = CheckoutDetailsForm({**DETAILS, "marketing_opt_in": "on"})
    assert ticked.is_valid() and ticked.cleaned_data["marketing_opt_in"] is True


def test_the_order_records_the_shoppers_choice():
    assert place(cart_with()).marketing_opt_in is False
    assert place(cart_with(), marketing_opt_in=True).marketing_opt_in is True


def test_order_paid_hooks_run_after_commit_with_the_order_id(settings, django_capture_on_commit_callbacks):
    settings.SHOP_ORDER_PAID_HOOKS = [f"{__name__}.record_call"]
    order = place(cart_with())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert order_mark_paid(order=order, payment_intent_id="pi_1") is True
    assert hook_calls == []  # nothing runs before the payment is committed
    for callback in callbacks:
        callback()
    assert hook_calls == [order.pk]


def test_a_failing_hook_never_fails_the_payment_nor_the_hooks_after_it(settings, django_capture_on_commit_callbacks):
    settings.SHOP_ORDER_PAID_HOOKS = [f"{__name__}.broken_hook", "no.such.module.hook", f"{__name__}.record_call"]
    order = place(cart_with())
    with django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1") is True
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert hook_calls == [order.pk]


def test_a_paid_order_that_opted_in_starts_the_double_opt_in(site, shop_details, django_capture_on_commit_callbacks):
    order = place(cart_with(), email="Ada@Example.com", marketing_opt_in=True)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_1")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Ada@example.com"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.source == "checkout"
    assert subscriber.topics == ["articles", "offers"]
    assert any("/newsletter/confirm/" in message.body for message in mail.outbox)


def test_a_paid_order_that_did_not_opt_in_subscribes_nobody(site, shop_details, django_capture_on_commit_callbacks):
    order = place(cart_with(), marketing_opt_in=False)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_1")
    # The purchase's implied consent is written down (test_tracking_implied_consent.py), and that is all.
    assert not Subscriber.objects.exclude(status=SubscriberStatus.IMPLIED).exists()
    assert not any("/newsletter/confirm/" in message.body for message in mail.outbox)


def test_an_unpaid_order_that_opted_in_subscribes_nobody(site, shop_details, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place(cart_with(), marketing_opt_in=True)
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize("ticked", [True, False])
def test_the_tick_on_the_details_page_reaches_the_order(client, settings, ticked):
    from shop.models import Order

    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY, settings.STRIPE_API_BASE = "sk_test", "pk_test", ""
    session = client.session
    session["cart_token"] = str(cart_with().token)
    session.save()
    details = {**DETAILS, "marketing_opt_in": "on"} if ticked else DETAILS
    assert client.post("/checkout/", details).url == "/checkout/review/"
    review = client.get("/checkout/review/")
    place_form = review.context["place_form"]
    client.post(
        "/checkout/place/",
        {"token": place_form["token"].value(), "expected_total": place_form["expected_total"].value()},
    )
    assert Order.objects.get().marketing_opt_in is ticked
