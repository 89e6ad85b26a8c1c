"""A shopper reads an article, follows it to a product, browses its category and searches the shop."""

import re

from playwright.sync_api import expect

from content.models import ArticlePage
from tests.browser.harness import JOURNEY, save_screenshots

pytestmark = JOURNEY

GUIDE_TITLE = "A practical guide to trigger point therapy"


def product_link(page, name):
    """A link named for the product, or a product card's link around a heading with its name."""
    card = page.get_by_role("link").filter(has=page.get_by_role("heading", name=name, exact=True))
    return page.get_by_role("link", name=name, exact=True).or_(card).first


def test_a_shopper_goes_from_the_home_page_through_an_article_to_a_product_and_its_category(
    page, live_server, demo_shop, csp_violations
):
    # Given the demo shop, and the products its trigger point guide recommends
    guide = ArticlePage.objects.live().get(title=GUIDE_TITLE)
    product = guide.related_products.select_related("category").order_by("name").first()

    # When a shopper lands on the home page
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    save_screenshots(page, "journey 1 home")

    # And opens the guide from the home page
    page.get_by_role("link", name=GUIDE_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)
    save_screenshots(page, "journey 2 article")

    # And follows one of the products the guide links to
    product_link(page, product.name).click()
    expect(page).to_have_url(re.compile(rf"/products/{product.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(product.name)
    save_screenshots(page, "journey 3 product")

    # And moves on to that product's category from the breadcrumbs
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name=product.category.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product.category.name)
    expect(product_link(page, product.name)).to_be_visible()
    save_screenshots(page, "journey 4 category")

    # And finally searches the shop for the product by name
    search = page.get_by_role("searchbox", name="Search the shop")
    search.fill(product.name)
    search.press("Enter")

    # Then the search finds the product and the guide could be found the same way
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(product_link(page, product.name)).to_be_visible()
    save_screenshots(page, "journey 5 search")
    assert csp_violations == []
