"""Pages that show a shopper's name, address or orders are never kept by a shared or page cache."""

from __future__ import annotations

import re

import pytest

from config.page_cache import CACHED_PATHS, AnonymousPageCacheMiddleware
from shop.services.order_status import order_mark_paid
from tests.factories import UserFactory
from tests.shop.checkout_support import cart_with
from tests.shop.test_checkout_views import placed, reviewed

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private(response) -> None:
    assert response.status_code in (200, 302), response.status_code
    assert {"private", "no-store"} <= cache_directives(response)
    assert "public" not in cache_directives(response)
    assert not re.match(CACHED_PATHS, response.wsgi_request.path_info)
    middleware = AnonymousPageCacheMiddleware(lambda request: response)
    assert not middleware.is_cacheable_response(response.wsgi_request, response)


def test_the_checkout_steps_are_private(client):
    reviewed(client, cart_with())
    for path in ("/checkout/", "/checkout/review/"):
        assert_private(client.get(path))


def test_the_pay_page_and_a_placed_order_are_private(client):
    order = placed(client, cart_with())
    assert_private(client.get(f"/checkout/pay/{order.number}/"))
    assert_private(client.get(f"/orders/{order.number}/"))


def test_the_confirmation_page_is_private(client):
    order = placed(client, cart_with())
    order_mark_paid(order=order)
    assert_private(client.get(f"/checkout/complete/{order.number}/"))


def test_placing_an_order_answers_privately(client):
    review = reviewed(client, cart_with())
    form = review.context["place_form"]
    response = client.post(
        "/checkout/place/", {"token": form["token"].value(), "expected_total": form["expected_total"].value()}
    )
    assert_private(response)


def test_the_order_lookup_and_account_pages_are_private(client):
    assert_private(client.get("/orders/lookup/"))
    client.force_login(UserFactory())
    assert_private(client.get("/account/orders/"))


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_the_account_pages_are_private(client, path):
    assert_private(client.get(path))


def test_a_signed_in_shoppers_email_page_is_private(client):
    client.force_login(UserFactory())
    assert_private(client.get("/accounts/email/"))
