"""10 tabs add 10 different products at once to a session with no cart yet: all 10 land in one cart.

Each add is a whole request (session middleware included) on its own thread and database connection,
with the same session cookie, the way a shopper's browser fires parallel /cart/add.js calls.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from shop.models import Cart
from shop.session_keys import CART_PROVINCE
from tests.factories import ProductVariantFactory
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database

TABS = 10


def _session_without_a_cart() -> str:
    """A session the shopper already has (they picked a province), but no cart in it yet."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[CART_PROVINCE] = "ON"
    store.create()
    return store.session_key


def _client(session_key: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def _race(tmp_path) -> tuple[dict, int, int]:
    cache.clear()  # the cart's write limit counts per client; start from zero
    variants = [ProductVariantFactory(price=Decimal("10.00"), stock_quantity=5) for _ in range(TABS)]
    session_key = _session_without_a_cart()

    def add(index: int) -> None:
        body = json.dumps({"id": variants[index].pk, "quantity": 1})
        response = _client(session_key).post("/cart/add.js", data=body, content_type="application/json")
        assert response.status_code == 200, response.content

    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(add, TABS)
        landed = in_a_thread(lambda: _client(session_key).get("/cart.js").json()["item_count"])
        carts = in_a_thread(Cart.objects.count)
    return outcomes, landed, carts


def _assert_every_add_landed(outcomes, landed, carts):
    assert outcomes == {"ok": TABS}
    assert (landed, carts) == (TABS, 1)


@REAL_COMMITS
def test_ten_parallel_adds_to_a_new_session_all_land_on_sqlite(tmp_path):
    _assert_every_add_landed(*_race(tmp_path))


@pytest.mark.postgres
@REAL_COMMITS
def test_ten_parallel_adds_to_a_new_session_all_land_on_postgres(tmp_path):
    _assert_every_add_landed(*_race(tmp_path))
