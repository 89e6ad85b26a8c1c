"""A shopper fills a cart past free shipping, checks out as a guest in Ontario and pays with 4242 4242 4242 4242.

Payment runs against localstripe (its stand-in Stripe.js in the page, its API behind shop.payments), so the
whole purchase happens offline, card entry included; the receipt lands in a mail folder as in development.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shop.models import Order, OrderStatus
from tests.browser.harness import JOURNEY, enter_test_card, save_screenshots
from tests.factories import ProductFactory
from tests.shop.checkout_support import PUBLISHABLE_KEY, localstripe_url  # noqa: F401 - a fixture

pytestmark = JOURNEY


@pytest.fixture
def offline_stripe(settings, localstripe_url, tmp_path):  # noqa: F811
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    # As config/settings/dev.py does for `make run`: the page may load and talk to the local Stripe.
    directives = {key: list(value) for key, value in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}
    for directive in ("script-src", "connect-src", "frame-src"):
        directives[directive].append(localstripe_url)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def add_to_cart(page, live_server, product):
    page.goto(f"{live_server.url}{product.get_absolute_url()}")
    # The cart script adds over fetch (/cart/add.js), the form posts without it: wait for either.
    with page.expect_response(re.compile(r"/cart/add")):
        page.get_by_role("button", name="Add to cart").first.click()
    page.goto(f"{live_server.url}/cart/")


def test_a_guest_in_ontario_buys_two_products_and_gets_a_receipt_with_hst(
    page, live_server, offline_stripe, csp_violations
):
    # Given two products that together pass the $250 free-shipping threshold
    stones = ProductFactory(name="Basalt Stone Set", slug="basalt-stone-set", variant__price=Decimal("120.00"))
    gun = ProductFactory(name="Percussion Massage Gun", slug="percussion-gun", variant__price=Decimal("150.00"))

    # When the shopper adds the first, the cart says how far free shipping is
    add_to_cart(page, live_server, stones)
    expect(page.get_by_text("You're $130.00 away from free shipping")).to_be_visible()
    # And with the second, shipping is free
    add_to_cart(page, live_server, gun)
    expect(page.get_by_text("Your order ships free anywhere in Canada.")).to_be_visible()
    save_screenshots(page, "checkout 1 cart")

    # And checks out as a guest in Ontario
    page.goto(f"{live_server.url}/checkout/")
    page.get_by_role("group", name="Contact").get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Full name").fill("Ada Stone")
    page.get_by_label("Address", exact=True).fill("1 King St W")
    page.get_by_label("City").fill("Toronto")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_label("Postal code").fill("m5h 1a1")
    save_screenshots(page, "checkout 2 details")
    page.get_by_role("button", name="Review order").click()

    # Then the review shows HST 13% as its own line
    expect(page.get_by_role("row", name=re.compile(r"HST 13%"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"Shipping\s+Free"))).to_be_visible()
    save_screenshots(page, "checkout 3 review")
    page.get_by_role("button", name=re.compile(r"Place order and pay")).click()

    # When the shopper pays with 4242 4242 4242 4242 in the card element
    expect(page).to_have_url(re.compile(r"/checkout/pay/KS-\d+/$"))
    enter_test_card(page, postal_code="M5H1A1")
    save_screenshots(page, "checkout 4 pay")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()

    # Then the confirmation shows the order, paid, with HST 13%
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you — your order is confirmed", timeout=15_000)
    expect(page.get_by_role("row", name=re.compile(r"HST 13%"))).to_be_visible()
    save_screenshots(page, "checkout 5 confirmed")
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID and order.total == Decimal("305.10")

    # And the receipt, with its HST line, is in the mail folder
    receipts = [path.read_text() for path in offline_stripe.iterdir()]
    assert any(order.number in text and "HST 13%" in text for text in receipts)

    # And the cart is empty now that the order is paid
    page.goto(f"{live_server.url}/cart/")
    expect(page.get_by_text("Basalt Stone Set")).to_have_count(0)
    assert csp_violations == []
