"""An editor writes an article with a product found by SKU in the chooser, publishes it, and the shopper sees it.

The whole walk runs under the admin's and the storefront's Content-Security-Policy: nothing is blocked.
"""

import re

from playwright.sync_api import expect

from content.models import ArticleIndexPage, ArticlePage
from shop.models import ProductVariant
from tests.browser.harness import JOURNEY, save_screenshots
from tests.factories import StaffFactory

pytestmark = JOURNEY

PASSWORD = "correct horse battery staple"
TITLE = "Choosing a massage gun for your first clinic"


def test_an_editor_publishes_an_article_with_a_product_found_by_sku(page, live_server, demo_shop, csp_violations):
    # Given an editor, and a product the editor knows only by one of its variants' SKUs
    StaffFactory(username="maya", email="maya@example.com")
    variant = ProductVariant.objects.select_related("product").filter(product__is_active=True).order_by("-pk").first()
    product = variant.product
    index = ArticleIndexPage.objects.live().first()

    # When the editor signs in to the admin
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    save_screenshots(page, "editor 1 admin home")

    # And starts an article under the article index
    page.goto(f"{live_server.url}/admin/pages/add/content/articlepage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_author").fill("Maya Lindqvist")
    page.locator("#id_intro").fill("What stall force and amplitude mean when you work on clients all day.")

    # And adds a product block to the body, whose form says prices and stock are live
    page.locator("#body-root .c-sf-add-button").first.click()
    page.get_by_role("option", name="Products from the shop").click()
    expect(page.get_by_text("Prices, sale prices and stock are live")).to_be_visible()
    page.locator("input[name$='-value-heading']").first.fill("The gun we use")

    # And finds the product in the chooser by typing one of its SKUs (in lower case)
    page.get_by_role("button", name="Choose product").first.click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_role("columnheader", name="Price today")).to_be_visible()
    modal.get_by_label("Search term").fill(variant.sku.lower())
    result = modal.get_by_role("link", name=product.name, exact=True)
    expect(modal.locator("tbody tr")).to_have_count(1)
    expect(result).to_be_visible()
    save_screenshots(page, "editor 2 chooser sku search")
    result.click()
    expect(modal).to_be_hidden()

    # Then the block names its product where the editor used to see "*"
    expect(page.locator("#body-root").get_by_text(product.name, exact=True).first).to_be_visible()
    save_screenshots(page, "editor 3 product block")

    # And publishes the article
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name='action-publish']").click()
    expect(page.get_by_text(re.compile("published", re.IGNORECASE)).first).to_be_visible()

    # Then the article is live, dated today, with the product related through its body only
    article = ArticlePage.objects.live().get(title=TITLE, locale__language_code="en")
    assert article.date is not None
    # And the French tree has a live alias of it (WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE), English until an
    # editor translates it, so a French shopper finds it too
    alias = ArticlePage.objects.live().get(alias_of=article)
    assert alias.locale.language_code == "fr" and alias.get_parent().specific.locale.language_code == "fr"
    assert list(article.body_product_links.all()) == [product]
    assert list(article.related_products.all()) == []

    # And a shopper reading it sees the product with its price and an add-to-cart button
    page.goto(f"{live_server.url}{article.url}")
    teaser = page.locator(".product-block").get_by_role("listitem").filter(has_text=product.name)
    expect(teaser).to_be_visible()
    expect(teaser.get_by_role("button", name=re.compile("Add to cart|Sold out"))).to_be_visible()
    save_screenshots(page, "editor 4 published article")
    assert csp_violations == []
