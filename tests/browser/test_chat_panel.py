"""The chat panel's behaviour in a real browser, on a fake clock: keyboard and focus, and the polling
schedule (5 s doubling to 60 s, none while the page is hidden)."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from content.conversations import services
from content.conversations.models import Conversation
from tests.browser.harness import JOURNEY
from tests.content.conftest import home_page, site  # noqa: F401 - the storefront's site, shared with content

pytestmark = [*JOURNEY, pytest.mark.usefixtures("site")]

POLL_PATH = "/chat/messages.json"


@pytest.fixture
def polls(page):
    seen = []
    page.on("request", lambda request: seen.append(request.url) if POLL_PATH in request.url else None)
    return seen


def advance(page, ms: int) -> None:
    """Move the page's clock on, then give the fetch it started a moment of real time to finish."""
    page.clock.run_for(ms)
    page.wait_for_timeout(300)


def set_hidden(page, hidden: bool) -> None:
    page.evaluate(
        """hidden => {
            Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        hidden,
    )


def test_the_panel_opens_from_the_keyboard_and_gives_focus_back_on_escape(page, live_server, csp_violations):
    page.goto(f"{live_server.url}/search/")
    link = page.locator(".trust-badges--header a[data-chat-open]")
    expect(link).to_have_attribute("aria-expanded", "false")

    link.focus()
    page.keyboard.press("Enter")

    chat = page.get_by_role("dialog", name="Chat with us")
    expect(chat).to_be_visible()
    expect(chat.get_by_label("Your name (optional)")).to_be_focused()
    expect(link).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(chat).to_be_hidden()
    expect(link).to_be_focused()
    expect(link).to_have_attribute("aria-expanded", "false")
    assert csp_violations == []


def test_the_panel_polls_with_backoff_and_not_while_hidden(page, live_server, polls, csp_violations):
    # The page's clock stands still unless the test moves it, so only the schedule decides when polls happen.
    page.clock.install(time=datetime(2026, 11, 30, 12, 0))
    page.goto(f"{live_server.url}/search/")
    page.clock.pause_at(datetime(2026, 11, 30, 12, 1))
    assert polls == []  # a visitor who never wrote is not polled for

    page.locator("a.chat-launcher").click()
    chat = page.get_by_role("dialog", name="Chat with us")
    chat.get_by_label("Your email").fill("ada@example.com")
    chat.get_by_label("Your message").fill("Hello?")
    chat.get_by_role("button", name="Send").click()
    expect(chat.locator(".chat-message--shopper")).to_have_count(1)
    page.wait_for_timeout(300)
    start = len(polls)  # the poll on opening

    for delay in (5_000, 10_000, 20_000, 40_000, 60_000, 60_000):
        advance(page, delay - 200)
        assert len(polls) == start, f"polled before {delay} ms"
        advance(page, 200)
        assert len(polls) == start + 1, f"no poll after {delay} ms"
        start += 1

    set_hidden(page, True)
    advance(page, 5 * 60_000)
    assert len(polls) == start  # nobody looking: no polling

    set_hidden(page, False)
    page.wait_for_timeout(300)
    assert len(polls) == start + 1  # looking again: at once, then from 5 s again
    advance(page, 5_000)
    assert len(polls) == start + 2
    assert csp_violations == []


def test_a_reply_while_the_panel_is_closed_marks_the_launcher_and_is_read_out(page, live_server, csp_violations):
    page.clock.install(time=datetime(2026, 11, 30, 12, 0))
    page.goto(f"{live_server.url}/search/")
    page.clock.pause_at(datetime(2026, 11, 30, 12, 1))
    launcher = page.locator("a.chat-launcher")
    launcher.click()
    chat = page.get_by_role("dialog", name="Chat with us")
    chat.get_by_label("Your email").fill("ada@example.com")
    chat.get_by_label("Your message").fill("Do you ship to Whitehorse?")
    chat.get_by_role("button", name="Send").click()
    expect(chat.locator(".chat-message--shopper")).to_have_count(1)
    chat.get_by_role("button", name="Close the chat").click()
    expect(chat).to_be_hidden()
    expect(launcher).to_be_focused()

    # When staff answer while the panel is closed
    services.conversation_reply(conversation=Conversation.objects.get(), staff_user=None, body="We do, by Canada Post.")
    advance(page, 5_000)

    # Then the launcher says there is a new reply, and screen readers hear it
    expect(launcher.locator("[data-chat-new]")).to_be_visible()
    expect(page.locator("[data-chat-live]")).to_contain_text("We do, by Canada Post.")
    launcher.click()
    expect(chat.locator(".chat-message--staff .chat-message__body")).to_have_text("We do, by Canada Post.")
    expect(launcher.locator("[data-chat-new]")).to_be_hidden()
    assert csp_violations == []


def test_the_panels_files_load_only_when_a_shopper_first_opens_it(page, live_server, csp_violations):
    # Given a page with the launcher: neither chat.css nor chat.js has been fetched
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/chat." in request.url else None)
    page.goto(f"{live_server.url}/search/")
    page.wait_for_load_state("networkidle")
    assert fetched == []

    # When the shopper opens the panel
    page.locator("a.chat-launcher").click()

    # Then both come, and the panel opens styled (fixed to the corner) with the first field focused
    chat = page.get_by_role("dialog", name="Chat with us")
    expect(chat).to_be_visible()
    expect(chat.get_by_label("Your name (optional)")).to_be_focused()
    assert chat.evaluate("panel => getComputedStyle(panel).position") == "fixed"
    assert sorted(url.rsplit("/", 1)[1].split(".")[-1] for url in fetched) == ["css", "js"]
    assert csp_violations == []
