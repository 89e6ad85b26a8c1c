"""Placing orders, their status changes and stock release."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from shop.models import Order, OrderStatus, ProductVariant
from shop.services.order_status import (
    order_mark_paid,
    order_mark_payment_failed,
    order_mark_refunded,
    order_release_if_unpaid,
)
from shop.services.stock import OutOfStock
from shop.tasks import release_unpaid_order
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db


def test_placing_an_order_snapshots_lines_totals_and_each_tax_line():
    cart = cart_with(lines=2, price="100.00", stock=3)
    order = place(cart)
    assert order.number.startswith("KS-") and order.status == OrderStatus.PENDING_PAYMENT
    assert order.subtotal == Decimal("200.00")
    assert [(tax.name, tax.rate, tax.amount) for tax in order.taxes.all()] == [
        ("HST", Decimal("0.13000"), (order.subtotal + order.shipping_total) * Decimal("0.13"))
    ]
    assert order.total == order.subtotal + order.shipping_total + order.tax_total
    assert [line.unit_price for line in order.lines.all()] == [Decimal("100.00"), Decimal("100.00")]
    assert order.status_changes.get().to_status == OrderStatus.PENDING_PAYMENT


def test_placing_an_order_takes_its_units_off_the_shelf_and_keeps_the_cart():
    cart = cart_with(stock=3, quantity=2)
    place(cart)
    assert ProductVariant.objects.get().stock_quantity == 1
    assert cart.lines.count() == 1


def test_a_line_beyond_stock_raises_sold_out_and_reserves_nothing():
    cart = cart_with(lines=2, stock=1)
    second = cart.lines.last()
    second.variant.stock_quantity = 0
    second.variant.save()
    with pytest.raises(OutOfStock, match="sold out"):
        place(cart)
    assert sorted(ProductVariant.objects.values_list("stock_quantity", flat=True)) == [0, 1]
    assert not Order.objects.exists()
    assert cart.lines.count() == 2


def test_submitting_place_order_twice_gives_the_same_order():
    cart = cart_with(stock=5)
    first = place(cart, idempotency_key="token-1")
    again = place(cart, idempotency_key="token-1")
    assert first.pk == again.pk
    assert ProductVariant.objects.get().stock_quantity == 4


def test_paid_once_sends_one_receipt_and_later_events_change_nothing(django_capture_on_commit_callbacks):
    order = place(cart_with())
    with django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1") is True
        assert order_mark_paid(order=order, payment_intent_id="pi_1") is False
        assert order_mark_payment_failed(order=order, message="declined", ends_attempt=False) is False
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.paid_at is not None
    assert len(mail.outbox) == 1 and "HST 13%" in mail.outbox[0].body


def test_a_failed_payment_keeps_the_order_payable_with_the_reason():
    order = place(cart_with())
    order_mark_payment_failed(order=order, message="Your card was declined.", ends_attempt=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.last_payment_error == "Your card was declined."
    assert order.payment_attempt == 2


@pytest.mark.parametrize(
    ("refunded", "status", "partly"),
    [(Decimal("10.00"), OrderStatus.PAID, True), (None, OrderStatus.REFUNDED, False)],
)
def test_a_full_refund_ends_the_order_and_a_partial_one_leaves_its_status(refunded, status, partly):
    order = place(cart_with())
    order_mark_paid(order=order)
    order.refresh_from_db()
    order_mark_refunded(order=order, amount_refunded=refunded or order.total)
    order.refresh_from_db()
    assert order.status == status and order.is_partially_refunded is partly


def test_an_unpaid_order_releases_its_stock_once_its_reservation_ends():
    order = place(cart_with(stock=2, quantity=2))
    assert ProductVariant.objects.get().stock_quantity == 0
    assert order_release_if_unpaid(order_id=order.pk) is False  # still within its 30 minutes
    later = timezone.now() + timedelta(minutes=31)
    assert order_release_if_unpaid(order_id=order.pk, now=later) is True
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert ProductVariant.objects.get().stock_quantity == 2


def test_a_paid_order_is_never_released():
    order = place(cart_with(stock=2))
    order_mark_paid(order=order)
    assert order_release_if_unpaid(order_id=order.pk, now=timezone.now() + timedelta(hours=2)) is False


def test_the_release_task_is_enqueued_for_the_end_of_the_reservation(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        order = place(cart_with())
    (result,) = [r for r in default_task_backend.results if r.task.func == release_unpaid_order.func]
    assert result.args == [order.pk] and result.task.run_after == order.reserved_until


def test_the_sweep_command_releases_expired_orders(capsys):
    order = place(cart_with(stock=1))
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - timedelta(minutes=1))
    call_command("release_expired_orders")
    assert "Released 1" in capsys.readouterr().out
    assert ProductVariant.objects.get().stock_quantity == 1


def test_a_payment_arriving_after_release_takes_the_stock_again_if_it_is_there():
    order = place(cart_with(stock=1))
    order_release_if_unpaid(order_id=order.pk, now=timezone.now() + timedelta(hours=1))
    order_mark_paid(order=order, payment_intent_id="pi_late")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert ProductVariant.objects.get().stock_quantity == 0


def test_a_payment_arriving_after_its_stock_was_sold_keeps_the_money_on_record_and_flags_a_refund(
    django_capture_on_commit_callbacks,
):
    # Given an order whose reservation lapsed, and whose last unit another shopper then bought
    order = place(cart_with(stock=1))
    order_release_if_unpaid(order_id=order.pk, now=timezone.now() + timedelta(hours=1))
    ProductVariant.objects.update(stock_quantity=0)
    mail.outbox.clear()

    # When the first shopper's payment arrives after all
    with django_capture_on_commit_callbacks(execute=True):
        changed = order_mark_paid(order=order, payment_intent_id="pi_late")

    # Then nothing is oversold and no receipt goes out, but the order keeps the payment and says a refund is due
    order.refresh_from_db()
    assert changed is False
    assert order.status == OrderStatus.CANCELLED
    assert order.stripe_payment_intent_id == "pi_late"
    assert "refund due" in order.status_changes.last().note
    assert ProductVariant.objects.get().stock_quantity == 0
    assert mail.outbox == []


def test_a_discount_code_is_kept_on_the_order_held_when_placed_and_redeemed_once_paid():
    from shop.models import DiscountCode, DiscountRedemption
    from shop.services.orders import order_place
    from tests.shop.checkout_support import ONTARIO

    DiscountCode.objects.create(code="KNOT10", kind="percent", value=Decimal("10"))
    order = order_place(
        cart=cart_with(price="100.00"),
        email="ada@example.com",
        address=ONTARIO,
        shipping_method="standard",
        code="knot10",
    )
    assert order.discount_code == "KNOT10" and order.discount_total == Decimal("10.00")
    assert order.lines.get().line_discount == Decimal("10.00")
    # Placing holds the use (issue 9: counting only paid orders let one code pay for two orders)
    assert DiscountRedemption.objects.values_list("order_id", "status").get() == (order.pk, "reserved")
    order_mark_paid(order=order)
    order_mark_paid(order=order)
    assert DiscountRedemption.objects.values_list("order_id", "status").get() == (order.pk, "redeemed")
