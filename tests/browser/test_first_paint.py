"""A phone's first paint is the final layout: nothing moves once scripts and pictures arrive (CLS 0), and the
menu is collapsed by the <head> before the deferred site.js has even loaded."""

import re
import time

import pytest
from playwright.sync_api import expect

from content.models import ArticlePage
from shop.models import Product
from tests.browser.harness import JOURNEY, PHONE

pytestmark = JOURNEY

# Every layout shift the page makes, from its very first frame (an init script runs before the page's own).
RECORD_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      // What moved, to name in a failure: each source's element by its class (or tag).
      const moved = entry.sources.map(source => [
        source.node ? source.node.className || source.node.nodeName : "?",
        JSON.stringify(source.previousRect), JSON.stringify(source.currentRect), performance.now(),
      ].join(" "));
      window.__layoutShifts.push({value: entry.value, moved});
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture
def key_pages(demo_shop):
    product = Product.objects.filter(is_active=True, images__isnull=False).order_by("name").first()
    article = ArticlePage.objects.live().filter(hero_image__isnull=False).order_by("title").first()
    return {"home": "/", "listing": "/shop/", "product": product.get_absolute_url(), "article": article.url}


def slow(route) -> None:
    time.sleep(0.4)  # a phone's network: the page paints before its deferred scripts arrive
    route.continue_()


def test_no_key_page_shifts_its_layout_on_a_phone(page, live_server, key_pages, csp_violations):
    page.set_viewport_size(PHONE)
    page.add_init_script(RECORD_SHIFTS)
    page.route("**/static/js/*.js", slow)
    for name, path in key_pages.items():
        page.goto(f"{live_server.url}{path}", wait_until="load")
        page.wait_for_timeout(800)  # anything a deferred script or a late picture would move has moved

        shifts = page.evaluate("window.__layoutShifts")

        assert shifts == [], f"{name} ({path}) shifted: {shifts}"
    assert csp_violations == []


def test_the_phone_menu_is_collapsed_before_site_js_runs(page, live_server, key_pages, csp_violations):
    # Given a phone whose site.js never arrives
    page.set_viewport_size(PHONE)
    page.route("**/static/js/site*.js", lambda route: route.abort())

    page.goto(f"{live_server.url}/shop/")

    # Then the inline <head> script has already collapsed the menu behind its button
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    expect(page.locator("#site-nav")).to_be_hidden()
    expect(page.locator("[data-nav-toggle]")).to_be_visible()
    assert csp_violations == []
