"""No key page is wider than the screen, from a 320 px phone to a 1,280 px desktop: nothing scrolls sideways.

One page load per page: the viewport is resized within it, so the whole list stays quick.
"""

from tests.browser.harness import JOURNEY
from tests.browser.key_pages import KEY_PAGES, open_key_page, shopper  # noqa: F401 - a fixture

pytestmark = JOURNEY

WIDTHS = [320, 390, 768, 1280]

# What sticks out past the right edge, innermost last, to name the culprit in a failure.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
  .filter((node) => node.getBoundingClientRect().right > width + 1 && getComputedStyle(node).position !== "fixed")
  .slice(-3).map((node) => `${node.tagName.toLowerCase()}.${node.className}`)"""


def test_no_key_page_scrolls_sideways_from_320_to_1280_px(page, live_server, shopper):  # noqa: F811
    too_wide = {}
    for key in KEY_PAGES:
        open_key_page(page, live_server, key, shopper)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("window.innerWidth"):
                too_wide[f"{key} at {width}px"] = (scroll_width, page.evaluate(OVERFLOWING, width))
    assert too_wide == {}
