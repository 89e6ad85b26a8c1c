"""Restocks and workers racing: each confirmed request is told exactly once, however many arrive together.

Unmarked for a database, so it runs on SQLite (one writer at a time, through a file database) and again on
PostgreSQL, where the variant's row lock and the conditional UPDATE are what keep a request to one email.
"""

from __future__ import annotations

import pytest
from django.core import mail

from newsletter.back_in_stock import back_in_stock_notify
from newsletter.models import BackInStockRequest, BackInStockStatus
from shop.models import ProductVariant, StockAdjustmentReason
from shop.services.stock_adjustments import stock_adjust
from tests.factories import ProductFactory, ProductVariantFactory
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database

SHOPPERS = 3
RACERS = 6


@pytest.fixture
def waiting(shop_details):
    product = ProductFactory(name="Basalt stone set", variant=False)
    variant = ProductVariantFactory(product=product, stock_quantity=0)
    for n in range(SHOPPERS):
        BackInStockRequest.objects.create(
            email=f"shopper{n}@example.com", variant=variant, status=BackInStockStatus.CONFIRMED
        )
    return variant


def alerts() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox if "is back in stock" in message.subject)


def told() -> int:
    return BackInStockRequest.objects.filter(status=BackInStockStatus.NOTIFIED).count()


@REAL_COMMITS
def test_deliveries_recorded_at_once_tell_each_shopper_once(tmp_path, waiting):
    with threads_use_a_file_database(tmp_path):
        tally = run_at_once(
            lambda _n: stock_adjust(variant_id=waiting.pk, delta=1, reason=StockAdjustmentReason.RECEIVED), RACERS
        )
        stock = in_a_thread(lambda: ProductVariant.objects.get(pk=waiting.pk).stock_quantity)
        notified = in_a_thread(told)
    assert tally == {"ok": RACERS}
    assert stock == RACERS
    assert alerts() == [f"shopper{n}@example.com" for n in range(SHOPPERS)]
    assert notified == SHOPPERS


@REAL_COMMITS
def test_workers_sending_the_same_variants_alerts_at_once_send_each_once(tmp_path, waiting):
    ProductVariant.objects.filter(pk=waiting.pk).update(stock_quantity=4)
    with threads_use_a_file_database(tmp_path):
        tally = run_at_once(lambda _n: back_in_stock_notify(variant_id=waiting.pk), RACERS)
        notified = in_a_thread(told)
    assert tally == {"ok": RACERS}
    assert alerts() == [f"shopper{n}@example.com" for n in range(SHOPPERS)]
    assert notified == SHOPPERS
