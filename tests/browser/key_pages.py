"""The key pages a shopper sees, in one list that the accessibility and layout tests both walk.

A page is its address, or a step name for a page that needs the shopper to do something first (fill the
checkout, open a receipt). The French pages join with one line once they exist, e.g.
`KEY_PAGES += [f"/fr{path}" for path in KEY_PAGES if path.startswith("/")]`.
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
    page.goto(f"{live_server.url}{shopper.get(key, key)}")


def fill_checkout_details(page) -> None:
    page.get_by_role("group", name="Contact").get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Full name").fill("Ada Stone")
    page.get_by_label("Address", exact=True).fill("1 King St W")
    page.get_by_label("City").fill("Toronto")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_label("Postal code").fill("m5h 1a1")
