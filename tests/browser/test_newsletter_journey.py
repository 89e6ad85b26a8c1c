"""A shopper signs up from the footer, opens the confirmation link from the email and is subscribed."""

import email
import re
import time

from playwright.sync_api import expect

from newsletter.models import ConsentEvent, Subscriber, SubscriberStatus
from tests.browser.harness import JOURNEY, save_screenshots

pytestmark = JOURNEY

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/newsletter/confirm/\S+)")


def plain_texts(folder) -> list[str]:
    """The text part of every message in the folder (each file holds one or more, separated by dashes)."""
    texts = []
    for path in sorted(folder.iterdir()) if folder.exists() else []:
        for raw in path.read_text().split("-" * 79):
            message = email.message_from_string(raw.strip())
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    texts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
    return texts


def confirmation_path(folder, timeout: float = 10.0) -> str:
    """The confirmation link's path, from the email the worker wrote to the mail folder."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for text in plain_texts(folder):
            if found := CONFIRM_LINK.search(text):
                return found.group(1)
        time.sleep(0.1)
    raise AssertionError("no confirmation email arrived")


def test_a_shopper_signs_up_from_the_footer_and_confirms_from_the_email(
    page, live_server, demo_shop, mail_folder, csp_violations
):
    # Given a shopper on the home page
    page.goto(f"{live_server.url}/")
    signup = page.locator("form[data-newsletter-signup]")
    signup.scroll_into_view_if_needed()

    # When they submit without ticking the consent box
    signup.get_by_role("textbox", name="Email").fill("ada@example.com")
    signup.get_by_role("button", name="Sign up").click()

    # Then the answer says so in place, and nothing is created
    answer = signup.locator("[data-newsletter-answer]")
    expect(answer).to_contain_text("tick the box")
    assert Subscriber.objects.count() == 0

    # When they tick it and submit again
    signup.get_by_role("checkbox", name=re.compile("withdraw your consent")).check()
    signup.get_by_role("button", name="Sign up").click()

    # Then the page stays put and tells them to check their inbox; they are pending until they confirm
    expect(answer).to_contain_text("Check your inbox")
    expect(page).to_have_url(f"{live_server.url}/")
    save_screenshots(page, "newsletter 1 signed up")
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    # When they open the link from the email and confirm
    page.goto(f"{live_server.url}{confirmation_path(mail_folder)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    page.get_by_role("button", name="Yes, subscribe me").click()

    # Then they are subscribed, with their express consent on record
    expect(page.get_by_role("heading", level=1)).to_have_text("You're subscribed")
    save_screenshots(page, "newsletter 2 confirmed")
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    assert ConsentEvent.objects.get().consent_type == "express"
    assert csp_violations == []
