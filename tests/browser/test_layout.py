"""No key page is wider than the screen, from a 320 px phone to a 1,440 px desktop: nothing scrolls sideways.
Home's featured and article rows end without an empty slot at any of those widths.

One page load per page: the viewport is resized within it, so the whole list stays quick.
"""

from playwright.sync_api import expect

from tests.browser.harness import DESKTOP, JOURNEY, PHONE
from tests.browser.key_pages import KEY_PAGES, open_key_page, shopper  # noqa: F401 - a fixture

pytestmark = JOURNEY

WIDTHS = [320, 390, 768, 1280, 1440]

# What sticks out past the right edge, innermost last, to name the culprit in a failure.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
  .filter((node) => node.getBoundingClientRect().right > width + 1 && getComputedStyle(node).position !== "fixed")
  .slice(-3).map((node) => `${node.tagName.toLowerCase()}.${node.className}`)"""


def test_no_key_page_scrolls_sideways_from_320_to_1440_px(page, live_server, shopper):  # noqa: F811
    too_wide = {}
    for key in KEY_PAGES:
        open_key_page(page, live_server, key, shopper)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("window.innerWidth"):
                too_wide[f"{key} at {width}px"] = (scroll_width, page.evaluate(OVERFLOWING, width))
    assert too_wide == {}


# Each row of home's card lists, as the space left of its first card and right of its last: a row that ends in
# an empty slot has more room on the right than on the left.
ROW_GAPS = """() => [...document.querySelectorAll(".page-home main ul")].filter((list) => list.children.length).map((list) => {
  const box = list.getBoundingClientRect();
  const rows = new Map();
  for (const item of list.children) {
    const rect = item.getBoundingClientRect();
    const row = rows.get(Math.round(rect.top)) || [];
    row.push(rect);
    rows.set(Math.round(rect.top), row);
  }
  return [...rows.values()].map((row) => [
    Math.round(Math.min(...row.map((rect) => rect.left)) - box.left),
    Math.round(box.right - Math.max(...row.map((rect) => rect.right))),
  ]);
})"""


def test_home_rows_end_without_an_empty_slot_at_any_width(page, live_server, demo_shop):
    page.goto(f"{live_server.url}/")
    lopsided = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        lists = page.evaluate(ROW_GAPS)
        assert len(lists) == 2, "the featured and article rows"
        for number, rows in enumerate(lists):
            for left, right in rows:
                if abs(left - right) > 2:
                    lopsided.setdefault(width, []).append((number, left, right))
    assert lopsided == {}


def test_on_a_phone_the_listing_shows_products_first_with_its_filters_folded(page, live_server, demo_shop):
    # Given the listing on a phone
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/shop/")
    filters = page.get_by_role("group", name="Brand")

    # Then the first product starts on the first screen, the filters folded under one line
    assert page.locator(".product-card").first.bounding_box()["y"] < PHONE["height"]
    expect(filters).to_be_hidden()

    # And the line opens them
    page.get_by_text("Filter and sort").click()
    expect(filters).to_be_visible()

    # While on a desktop they are simply there, beside the products
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/shop/")
    expect(filters).to_be_visible()
