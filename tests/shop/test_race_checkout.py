"""50 shoppers, 5 units: exactly 5 orders, 45 clear sold-out answers, nothing oversold, no errors.

The same harness run against a naive check-then-write version shows it would oversell, so a pass
here means something.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.db import transaction

from shop.models import Order, OrderLine, ProductVariant
from shop.services.stock import OutOfStock
from tests.factories import CartFactory, CartLineFactory, ProductVariantFactory
from tests.shop.checkout_support import ONTARIO, place
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database

BUYERS = 50
UNITS = 5


def _shelf_and_carts():
    variant = ProductVariantFactory(price=Decimal("80.00"), stock_quantity=UNITS)
    carts = [CartFactory() for _ in range(BUYERS)]
    for cart in carts:
        CartLineFactory(cart=cart, variant=variant, quantity=1)
    return variant, carts


def _tally(variant_id: int) -> dict[str, int]:
    stock_left = ProductVariant.objects.get(pk=variant_id).stock_quantity
    units_sold = sum(OrderLine.objects.filter(variant_id=variant_id).values_list("quantity", flat=True))
    return {
        "orders": Order.objects.count(),
        "stock_left": stock_left,
        "oversold": max(0, units_sold - UNITS),
        "unaccounted": UNITS - stock_left - units_sold,
    }


def naive_place(cart) -> None:
    """What not to do: read the stock, then write back what was read minus one."""
    line = cart.lines.select_related("variant").get()
    if line.variant.stock_quantity < line.quantity:
        raise OutOfStock(variant_id=line.variant_id, name="stone", requested=1, available=0)
    time.sleep(0.1)  # the gap between check and write that real traffic finds sooner or later
    with transaction.atomic():
        ProductVariant.objects.filter(pk=line.variant_id).update(stock_quantity=line.variant.stock_quantity - 1)
        order = Order.objects.create(
            email="naive@example.com",
            subtotal=line.variant.price,
            total=line.variant.price,
            shipping_method="standard",
            shipping_name=ONTARIO.name,
            shipping_line1=ONTARIO.line1,
            shipping_city=ONTARIO.city,
            shipping_province="ON",
            shipping_postal_code=ONTARIO.postal_code,
            idempotency_key=f"naive-{cart.pk}",
        )
        OrderLine.objects.create(
            order=order,
            variant=line.variant,
            product_name="stone",
            sku=line.variant.sku,
            unit_price=line.variant.price,
            quantity=1,
            line_total=line.variant.price,
        )


def _race(tmp_path, buy):
    variant, carts = _shelf_and_carts()
    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(lambda index: buy(carts[index]), BUYERS)
        tally = in_a_thread(lambda: _tally(variant.pk))
    return outcomes, tally


def _assert_no_oversell(outcomes, tally):
    assert outcomes == {"ok": UNITS, "sold_out": BUYERS - UNITS}
    assert tally == {"orders": UNITS, "stock_left": 0, "oversold": 0, "unaccounted": 0}


@REAL_COMMITS
def test_fifty_buyers_for_five_units_on_sqlite_immediate_get_five_orders(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _assert_no_oversell(*_race(tmp_path, lambda cart: place(cart)))


@pytest.mark.postgres
@REAL_COMMITS
def test_fifty_buyers_for_five_units_on_postgres_get_five_orders(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _assert_no_oversell(*_race(tmp_path, lambda cart: place(cart)))


@REAL_COMMITS
def test_the_same_harness_catches_a_naive_check_then_write(tmp_path):
    outcomes, tally = _race(tmp_path, naive_place)
    assert tally["oversold"] > 0
    assert outcomes["ok"] > UNITS
