"""A keyboard user: a failed form puts focus on its error summary, whose links lead to the fields; with products
picked for comparison, "Skip to compare" is the second stop on every page and lands in the tray."""

from playwright.sync_api import expect

from tests.browser.harness import JOURNEY, save_screenshots

pytestmark = JOURNEY


def test_a_failed_order_lookup_focuses_the_error_summary_and_its_links_reach_the_fields(
    page, live_server, csp_violations
):
    # Given the order lookup, sent with nothing filled in
    page.goto(f"{live_server.url}/orders/lookup/")
    page.get_by_role("button", name="Find order").click()

    # Then focus is on the error summary, which lists both fields
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    save_screenshots(page, "keyboard 1 error summary")

    # And following a link puts the shopper in that field
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("KS-1")
    expect(page.get_by_label("Order number")).to_have_value("KS-1")
    assert csp_violations == []


def test_skip_to_compare_reaches_the_tray_only_while_it_shows(page, live_server, demo_shop, csp_violations):
    # Given a listing with nothing picked: the second Tab stop is not a skip to the (hidden) tray
    page.goto(f"{live_server.url}/shop/massage-guns/")
    skip = page.get_by_role("link", name="Skip to compare")
    expect(skip).to_be_hidden()

    # When the shopper picks a gun to compare and starts again from the top of the page
    page.get_by_role("checkbox", name="Compare Northpeak Pro 16", exact=True).check()
    expect(page.locator("[data-compare-tray]")).to_be_visible()
    page.goto(f"{live_server.url}/shop/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Tab")

    # Then "Skip to compare" is the next stop, and it lands in the tray
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#compare-tray")).to_be_focused()
    page.keyboard.press("Tab")
    focused_in_tray = page.evaluate("document.activeElement.closest('#compare-tray') !== null")
    assert focused_in_tray
    assert csp_violations == []
