"""10 buyers, a code with 1 use: exactly 1 discounted order; the other 9 are told before they pay.

Unmarked for a database, so it runs in the SQLite pass and again in the PostgreSQL pass of .ci/run
(there the code's row lock, not SQLite's single writer, is what queues the buyers).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.models import DiscountRedemption, Order, OrderStatus
from shop.services.order_status import order_mark_paid
from shop.services.orders import CheckoutProblem, order_place
from tests.factories import CartFactory, CartLineFactory, DiscountCodeFactory, ProductVariantFactory
from tests.shop.checkout_support import ONTARIO
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database

BUYERS = 10


def _carts():
    variant = ProductVariantFactory(price=Decimal("80.00"), stock_quantity=BUYERS)
    carts = [CartFactory() for _ in range(BUYERS)]
    for cart in carts:
        CartLineFactory(cart=cart, variant=variant, quantity=1)
    return carts


def _tally() -> dict[str, int]:
    return {
        "orders": Order.objects.count(),
        "discounted": Order.objects.filter(discount_code="HALF", discount_total__gt=0).count(),
        "paid_discounted": Order.objects.filter(discount_code="HALF", status=OrderStatus.PAID).count(),
        "uses": DiscountRedemption.objects.exclude(status="released").count(),
    }


@REAL_COMMITS
@pytest.mark.parametrize(
    ("limits", "email"),
    [
        pytest.param({"usage_limit": 1}, lambda index: f"buyer{index}@example.com", id="one-use"),
        # The same customer in ten tabs, typing the address in different cases.
        pytest.param(
            {"per_customer_limit": 1},
            lambda index: f"{'ADA' if index % 2 else 'ada'}@Example.com",
            id="once-per-customer",
        ),
    ],
)
def test_ten_buyers_paying_at_once_with_a_one_use_code_give_one_discounted_order(tmp_path, settings, limits, email):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    DiscountCodeFactory(code="HALF", value=Decimal("50"), **limits)
    carts = _carts()
    placed: dict[int, Order] = {}
    refusals: list[str] = []

    def place(index: int) -> None:
        try:
            placed[index] = order_place(
                cart=carts[index], email=email(index), address=ONTARIO, shipping_method="standard", code="half"
            )
        except CheckoutProblem as problem:
            refusals.append(str(problem))  # told before paying: no order, nothing to charge

    def pay(index: int) -> None:
        order_mark_paid(order=placed[index], payment_intent_id=f"pi_{index}")

    # Everyone places, then everyone who has an order pays at once (the probe's "ten buyers who paid in parallel").
    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(place, BUYERS)
        paid = run_at_once(lambda index: pay(sorted(placed)[index]), len(placed))
        tally = in_a_thread(_tally)

    assert outcomes == {"ok": BUYERS} and paid == {"ok": 1}  # no database errors, no deadlocks
    assert tally == {"orders": 1, "discounted": 1, "paid_discounted": 1, "uses": 1}
    assert len(refusals) == BUYERS - 1
    assert all("“HALF”" in message for message in refusals), refusals


@REAL_COMMITS
def test_place_order_submitted_twice_at_once_with_a_one_use_code_gives_one_order_and_no_refusal(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    cart = _carts()[0]
    numbers: list[str] = []

    def place(index: int) -> None:
        order = order_place(
            cart=cart,
            email="ada@example.com",
            address=ONTARIO,
            shipping_method="standard",
            code="HALF",
            idempotency_key="one-click-two-requests",
        )
        numbers.append(order.number)

    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(place, 2)
        tally = in_a_thread(_tally)

    assert outcomes == {"ok": 2} and len(set(numbers)) == 1
    assert tally == {"orders": 1, "discounted": 1, "paid_discounted": 0, "uses": 1}
