"""A shopper picks three massage guns from a listing, is refused a fourth, compares them and shares the link."""

import re
import time

from django.conf import settings
from playwright.sync_api import expect

from tests.browser.harness import DESKTOP, JOURNEY, PHONE, save_screenshots

pytestmark = JOURNEY

PICKS = ["Northpeak Pro 16", "Tidewell Quiet Pulse", "Corvane Torque X"]
FOURTH = "Northpeak Mini"


def compare_checkbox(page, name):
    return page.get_by_role("checkbox", name=f"Compare {name}", exact=True)


def test_a_shopper_compares_three_massage_guns_and_shares_the_comparison(
    page, browser, live_server, demo_shop, csp_violations
):
    # Given the demo shop's massage gun listing
    page.goto(f"{live_server.url}/shop/massage-guns/")
    tray = page.locator("[data-compare-tray]")
    live = page.locator("[data-compare-live]")
    expect(tray).to_be_hidden()

    # When the shopper ticks "Compare" on three guns
    compare_checkbox(page, PICKS[0]).check()
    expect(tray).to_be_visible()
    expect(tray).to_contain_text("Select 2 or 3 items to compare")
    expect(tray.get_by_role("button", name="Compare", exact=True)).to_be_disabled()
    for name in PICKS[1:]:
        compare_checkbox(page, name).check()
        expect(tray.get_by_text(name, exact=True)).to_be_visible()

    # Then the tray lists them and offers the comparison, without the page reloading
    expect(tray).to_contain_text("3 of 3 items selected")
    expect(tray.locator("[data-compare-item]")).to_have_count(3)
    save_screenshots(page, "compare 1 three picked")

    # When a fourth is ticked
    compare_checkbox(page, FOURTH).click()

    # Then it is refused with the limit named, the box unticks and the tray stays as it was
    expect(live).to_contain_text("You can compare up to 3 products at a time")
    expect(live).to_contain_text(FOURTH)
    expect(compare_checkbox(page, FOURTH)).not_to_be_checked()
    expect(tray.locator("[data-compare-item]")).to_have_count(3)
    expect(tray.get_by_text(FOURTH, exact=True)).to_have_count(0)
    save_screenshots(page, "compare 2 fourth refused")

    # And the picks survive browsing to another page
    page.goto(f"{live_server.url}/shop/")
    expect(tray).to_contain_text("3 of 3 items selected")

    # When the shopper opens the comparison from the tray
    tray.get_by_role("link", name="Compare", exact=True).click()
    expect(page).to_have_url(re.compile(r"/compare/\?p=northpeak-pro-16,tidewell-quiet-pulse,corvane-torque-x$"))
    table = page.locator("table.compare-table")
    expect(table.locator("thead th.compare-table__product")).to_have_count(3)
    expect(table).to_contain_text("Stall force")
    expect(table).to_contain_text(" mm")
    all_rows = table.locator("tr.compare-table__row").count()
    save_screenshots(page, "compare 3 table")

    # And highlights the differences, with the best value of each differing row pointed out
    page.get_by_role("link", name="Highlight differences").click()
    expect(page).to_have_url(re.compile(r"diff=highlight"))
    expect(table.locator("tr.is-different").first).to_be_visible()
    expect(table.locator("td.is-best").first).to_contain_text("best")
    save_screenshots(page, "compare 4 highlighted")

    # And on a phone the columns scroll sideways inside their box while the specification names stay put
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    label = table.locator("tbody th[scope=row]").first
    left_before = label.bounding_box()["x"]
    page.locator(".compare-scroll").evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert page.locator(".compare-scroll").evaluate("box => box.scrollLeft") > 0
    assert label.bounding_box()["x"] == left_before
    page.set_viewport_size(DESKTOP)

    # And shows only the differences
    page.get_by_role("link", name="Show only differences").click()
    expect(page).to_have_url(re.compile(r"diff=only"))
    differing_rows = table.locator("tr.compare-table__row")
    expect(differing_rows.first).to_be_visible()
    assert differing_rows.count() <= all_rows
    assert table.locator("tr.compare-table__row:not([data-differs])").count() == 0

    # And removes one gun from the comparison
    table.get_by_role("button", name=f"Remove {PICKS[1]}").click()
    expect(page).to_have_url(re.compile(r"/compare/\?p=northpeak-pro-16,corvane-torque-x&diff=only$"))
    expect(table.locator("thead th.compare-table__product")).to_have_count(2)
    expect(table).not_to_contain_text(PICKS[1])
    shared_url = page.url
    headings = table.locator("thead th.compare-table__product a").all_inner_texts()
    row_labels = table.locator("tr.compare-table__row th").all_inner_texts()
    save_screenshots(page, "compare 5 only differences")

    # Then someone opening the shared link in a fresh browser sees the same table
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(shared_url)
        other_table = other.locator("table.compare-table")
        expect(other_table.locator("thead th.compare-table__product")).to_have_count(2)
        assert other_table.locator("thead th.compare-table__product a").all_inner_texts() == headings
        assert other_table.locator("tr.compare-table__row th").all_inner_texts() == row_labels
        expect(other.locator("[data-compare-tray]")).to_be_hidden()  # their own picks are empty
        # Canonical links are built on the shop's one public address (SITE_URL), not on the host that asked.
        expect(other.locator('link[rel="canonical"]')).to_have_attribute(
            "href", f"{settings.SITE_URL.rstrip('/')}/compare/?p=northpeak-pro-16,corvane-torque-x"
        )
    finally:
        fresh.close()
    assert csp_violations == []


def test_the_tray_works_with_and_without_javascript(page, browser, live_server, demo_shop, csp_violations):
    listing = f"{live_server.url}/shop/massage-guns/"

    # Given a shopper whose browser runs no JavaScript
    no_js = browser.new_context(java_script_enabled=False)
    try:
        plain = no_js.new_page()
        plain.goto(listing)
        tray = plain.locator("[data-compare-tray]")

        # When they press "Add to compare" on two guns
        plain.get_by_role("button", name=f"Add to compare {PICKS[0]}").click()
        expect(plain).to_have_url(listing)
        expect(plain.locator(".messages")).to_contain_text(f"Added “{PICKS[0]}” to your comparison.")
        expect(tray).to_contain_text("Select 2 or 3 items to compare")
        plain.get_by_role("button", name=f"Add to compare {PICKS[1]}").click()

        # Then the page comes back with the tray ready to compare, and the buttons now offer removal
        expect(tray).to_contain_text("2 of 3 items selected")
        expect(tray.get_by_role("link", name="Compare", exact=True)).to_have_attribute(
            "href", "/compare/?p=northpeak-pro-16,tidewell-quiet-pulse"
        )
        expect(plain.get_by_role("button", name=f"Remove from compare {PICKS[0]}")).to_be_visible()

        # And the tray's remove and "Clear all" buttons post and come back too
        tray.get_by_role("button", name=f"Remove {PICKS[0]} from comparison").click()
        expect(tray.locator("[data-compare-item]")).to_have_count(1)
        tray.get_by_role("button", name="Clear all").click()
        expect(plain).to_have_url(listing)
        expect(tray).to_be_hidden()
    finally:
        no_js.close()

    # Given a shopper with JavaScript and two picks
    page.goto(listing)
    tray = page.locator("[data-compare-tray]")
    for name in PICKS[:2]:
        compare_checkbox(page, name).check()
    expect(tray).to_contain_text("2 of 3 items selected")

    # When one is removed from the tray
    tray.get_by_role("button", name=f"Remove {PICKS[0]} from comparison").click()

    # Then the tray and the card's checkbox update in place
    expect(tray.locator("[data-compare-item]")).to_have_count(1)
    expect(tray).to_contain_text("Select 2 or 3 items to compare")
    expect(compare_checkbox(page, PICKS[0])).not_to_be_checked()
    expect(tray.get_by_role("button", name="Compare", exact=True)).to_be_disabled()

    # And unticking the last card's box empties and hides the tray
    compare_checkbox(page, PICKS[1]).uncheck()
    expect(tray).to_be_hidden()
    expect(page).to_have_url(listing)
    assert csp_violations == []


def test_boxes_ticked_while_the_server_is_slow_all_keep_their_tick(page, live_server, demo_shop):
    # Given a slow connection: every compare change takes a while to answer
    def slowly(route):
        time.sleep(0.6)
        route.continue_()

    page.route("**/compare/add/", slowly)
    page.goto(f"{live_server.url}/shop/massage-guns/")
    tray = page.locator("[data-compare-tray]")

    # When the shopper ticks three boxes without waiting for the first answer
    for name in PICKS:
        compare_checkbox(page, name).check()

    # Then every tick stands and the tray counts all three, in the order they were ticked
    expect(tray).to_contain_text("3 of 3 items selected")
    for name in PICKS:
        expect(compare_checkbox(page, name)).to_be_checked()
    expect(tray.locator("[data-compare-item]")).to_have_count(3)
