"""The site script in a real browser: the announcement bar remembers a dismissal, the phone menu opens.

Marked `browser`: the suite's conftest skips it (or fails it on CI) when Chromium is missing.
"""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"missing part: Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test only seeds data between visits.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})
        violations = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.csp_violations = violations
        yield page
        browser.close()


def test_dismissed_announcement_stays_dismissed_until_its_text_changes(live_server, site_settings, browser_page):
    # Given an announcement shoppers may dismiss
    site_settings.announcement_text = "Winter sale on stone sets"
    site_settings.save()
    page = browser_page
    page.goto(live_server.url + "/")
    bar = page.locator("[data-announcement]")
    assert bar.is_visible()

    # When the shopper dismisses it, it is gone, and stays gone on the next page
    page.click("[data-announcement-dismiss]")
    assert not bar.is_visible()
    page.goto(live_server.url + "/articles/")
    assert not page.locator("[data-announcement]").is_visible()

    # Then a new announcement shows again
    site_settings.announcement_text = "Free shipping week"
    site_settings.save()
    page.goto(live_server.url + "/")
    assert page.locator("[data-announcement]").is_visible()
    assert page.csp_violations == []


def test_phone_menu_opens_from_its_button(live_server, home_page, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    menu = page.locator("#site-nav")
    assert not menu.is_visible()

    page.click("[data-nav-toggle]")

    assert menu.is_visible()
    assert page.get_attribute("[data-nav-toggle]", "aria-expanded") == "true"
    assert page.csp_violations == []
