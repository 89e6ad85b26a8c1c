"""A shopper switches a product page to French, stays on the same product, and keeps French into the cart.

Checked by structure (addresses, lang attributes), not by French wording, which the catalogue supplies.
"""

import re

from django.conf import settings
from playwright.sync_api import expect

from shop.models import Product
from tests.browser.harness import JOURNEY, save_screenshots

pytestmark = JOURNEY

SLUG = "basalt-hot-stone-starter-set"


def test_a_shopper_switches_to_french_on_a_product_and_keeps_it_into_the_cart(
    page, live_server, demo_shop, csp_violations
):
    # Given the English page of a demo product
    product = Product.objects.get(slug=SLUG)
    page.goto(f"{live_server.url}/products/{SLUG}/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en-CA")
    switch = page.locator("header [data-language-switch]")
    expect(switch).to_have_attribute("lang", "fr-CA")
    expect(switch).to_have_attribute("hreflang", "fr-CA")
    expect(page.get_by_role("link", name="Français")).to_be_visible()

    # When the shopper picks French in the header
    page.get_by_role("link", name="Français").click()

    # Then the same product is shown at its French address, in French, and the choice is remembered
    expect(page).to_have_url(re.compile(rf"/fr/products/{SLUG}/$"))
    expect(html).to_have_attribute("lang", "fr-CA")
    expect(page.locator('link[rel="canonical"]')).to_have_attribute(
        "href", f"{settings.SITE_URL.rstrip('/')}/fr/products/{SLUG}/"
    )
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies[settings.LANGUAGE_COOKIE_NAME] == "fr"
    expect(page.locator("header [data-language-switch]")).to_have_attribute("lang", "en-CA")
    save_screenshots(page, "language 1 product in french")

    # When they add it to the cart and open the cart from the header
    page.locator("main form[data-add-to-cart] button[type=submit]").first.click()
    expect(page.locator("[data-cart-count]").first).to_have_text("(1)")
    expect(page.locator(".add-to-cart__added a").first).to_have_attribute("href", "/fr/cart/")
    page.locator("header [data-cart-link]").click()

    # Then the cart is the French one, with the product linked at its French address
    expect(page).to_have_url(re.compile(r"/fr/cart/$"))
    expect(html).to_have_attribute("lang", "fr-CA")
    expect(page.locator(f'main a[href="/fr/products/{SLUG}/"]').first).to_be_visible()
    expect(page.locator('main a[href="/fr/checkout/"]')).to_be_visible()
    assert product.name  # the line is the product the shopper added
    save_screenshots(page, "language 2 cart in french")

    # And switching back keeps the shopper in the cart, in English
    page.locator("header [data-language-switch]").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    assert "/fr/" not in page.url
    expect(html).to_have_attribute("lang", "en-CA")
    assert csp_violations == []
