"""A shopper picks a province at the first checkout step and sees each method's price and delivery time change."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.browser.harness import JOURNEY, save_screenshots
from tests.factories import ProductFactory

pytestmark = JOURNEY


def test_each_method_follows_the_province_without_reloading_the_page(page, live_server, csp_violations):
    # Given a $40 cart
    product = ProductFactory(name="Maple Hand Knobber", slug="maple-hand-knobber", variant__price=Decimal("40.00"))
    page.goto(f"{live_server.url}{product.get_absolute_url()}")
    with page.expect_response(re.compile(r"/cart/add")):
        page.get_by_role("button", name="Add to cart").first.click()

    # When the shopper opens checkout, the methods wait for a province
    page.goto(f"{live_server.url}/checkout/")
    standard = page.locator('[data-shipping-option="standard"]')
    expedited = page.locator('[data-shipping-option="expedited"]')
    expect(page.get_by_text("Choose your province to see each method's price and delivery time.")).to_be_visible()

    # And picks British Columbia: the prices and estimates for the west appear
    with page.expect_response(re.compile(r"/cart/quote\.json\?province=BC")):
        page.get_by_label("Province or territory").select_option("BC")
    expect(standard).to_contain_text("$15.00")
    expect(standard).to_contain_text("4–7 business days")
    expect(expedited).to_contain_text("$28.00")
    expect(page.get_by_text("Choose your province to see each method's price and delivery time.")).to_be_hidden()
    save_screenshots(page, "checkout shipping options")

    # And then Nunavut: they change again, with no reload
    page.get_by_label("Province or territory").select_option("NU")
    expect(standard).to_contain_text("$32.00")
    expect(standard).to_contain_text("7–14 business days")
    expect(expedited).to_contain_text("$58.00")
    assert csp_violations == []
