"""The key pages a shopper sees, in one list that the accessibility and layout tests both walk.

A page is its address, or a step name for a page that needs the shopper to do something first (fill the
checkout, open a receipt). The French pages follow the English ones, at their French addresses (the policy and
article pages have French slugs).
"""

from __future__ import annotations

import re

import pytest

from shop.order_links import receipt_path
from shop.services.order_status import order_mark_paid
from tests.shop.checkout_support import cart_with, place

CHECKOUT_ERRORS = "checkout details with errors"
CHECKOUT_REVIEW = "checkout review"
ORDER_RECEIPT = "order receipt"

KEY_PAGES = [
    "/",
    "/shop/",
    "/shop/massage-guns/",
    "/products/basalt-hot-stone-starter-set/",
    "/articles/",
    "/articles/trigger-point-therapy-guide/",
    "/search/?q=stone",
    "/cart/",
    "/checkout/",
    CHECKOUT_ERRORS,
    CHECKOUT_REVIEW,
    "/compare/?p=northpeak-pro-16,tidewell-quiet-pulse,corvane-torque-x",
    "/shipping/",
    "/returns/",
    "/privacy/",
    "/terms/",
    "/contact/",
    "/price-match/",
    "/products/basalt-hot-stone-starter-set/price-match/",
    "/orders/lookup/",
    ORDER_RECEIPT,
    "/chat/",
    "/newsletter/confirm/not-a-real-token/",
]
FRENCH_KEY_PAGES = [
    "/fr/",
    "/fr/shop/",
    "/fr/shop/massage-guns/",
    "/fr/products/basalt-hot-stone-starter-set/",
    "/fr/articles/",
    "/fr/articles/guide-points-de-declenchement/",
    "/fr/search/?q=pierre",
    "/fr/cart/",
    "/fr/checkout/",
    "/fr/compare/?p=northpeak-pro-16,tidewell-quiet-pulse,corvane-torque-x",
    "/fr/livraison/",
    "/fr/retours/",
    "/fr/confidentialite/",
    "/fr/conditions/",
    "/fr/contact/",
    "/fr/price-match/",
    "/fr/products/basalt-hot-stone-starter-set/price-match/",
    "/fr/orders/lookup/",
    "/fr/chat/",
]
KEY_PAGES += FRENCH_KEY_PAGES
# The one key page that is an error on purpose: a confirmation link that was never sent.
EXPECTED_ERRORS = {"/newsletter/confirm/not-a-real-token/"}


@pytest.fixture
def shopper(page, live_server, demo_shop):
    """A shopper with a line in the cart and a paid order (its signed receipt link), on the demo shop."""
    page.goto(f"{live_server.url}/products/basalt-hot-stone-starter-set/")
    with page.expect_response(re.compile(r"/cart/add")):
        page.get_by_role("button", name="Add to cart").first.click()
    order = place(cart_with(), email="ada@example.com")
    order_mark_paid(order=order)
    return {ORDER_RECEIPT: receipt_path(order_id=order.pk, email=order.email)}


def open_key_page(page, live_server, key: str, shopper: dict) -> None:
    """Go to a key page, doing the steps it needs first; the caller checks it."""
    if key in (CHECKOUT_ERRORS, CHECKOUT_REVIEW):
        page.goto(f"{live_server.url}/checkout/")
        if key == CHECKOUT_REVIEW:
            fill_checkout_details(page)
        page.get_by_role("button", name="Review order").click()
        page.wait_for_load_state()
        return
    response = page.goto(f"{live_server.url}{shopper.get(key, key)}")
    assert response is not None and (response.ok or key in EXPECTED_ERRORS), (key, response and response.status)


def fill_checkout_details(page) -> None:
    page.get_by_role("group", name="Contact").get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Full name").fill("Ada Stone")
    page.get_by_label("Address", exact=True).fill("1 King St W")
    page.get_by_label("City").fill("Toronto")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_label("Postal code").fill("m5h 1a1")
