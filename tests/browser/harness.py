"""Shared pieces of the browser journeys: marks, viewports and screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SCREENSHOT_DIR = BASE_DIR / "artifacts" / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Every journey: runs in Chromium against live_server, whose database must be visible to the test
# (transactional), and restores the migration-seeded rows (Wagtail's root page, tax rates) afterwards
# so later tests on the same worker still find them.
JOURNEY = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def save_screenshots(page, name: str) -> list[Path]:
    """Save the current page at phone and desktop widths as test artefacts; leaves the desktop width set."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    saved = []
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        path = SCREENSHOT_DIR / f"{slug}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    return saved


def enter_test_card(page, *, postal_code: str) -> None:
    """Type localstripe's 4242 4242 4242 4242 card (12/31, CVC 123) into the payment step's card element."""
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill("4242424242424242")
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("31")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill(postal_code)
