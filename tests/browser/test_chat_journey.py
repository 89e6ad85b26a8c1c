"""A shopper asks a question from a product page; staff answer from the inbox; the answer shows in the
shopper's chat panel (polled, no reload) and arrives by email."""

import re
import time

from django.core import mail
from playwright.sync_api import expect

from content.conversations.models import Conversation, ConversationMessage
from demo.staff import DEFAULT_STAFF_PASSWORD, STAFF_USERNAME
from shop.models import Product
from tests.browser.harness import JOURNEY, save_screenshots

pytestmark = JOURNEY

QUESTION = "Does the Quiet Pulse come with a carry case? <b>Asking for a friend</b>"
ANSWER = "It does: a zip case with room for all six heads."
# The panel polls every 5 s at first, doubling to 60 s; the staff steps take a few seconds, so the reply
# lands within the third or fourth poll.
REPLY_WAIT_MS = 70_000


def email_to(address: str, subject_part: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if address in message.to and subject_part in message.subject:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no email to {address} about {subject_part!r}")


def test_a_shopper_chats_from_a_product_page_and_reads_the_staff_reply(
    page, browser, live_server, demo_shop, csp_violations
):
    # Given a shopper with a massage gun in their cart, back on its product page
    product = Product.objects.filter(is_active=True, product_type="massage_gun").order_by("pk").first()
    product_url = f"{live_server.url}{product.get_absolute_url()}"
    page.goto(product_url)
    with page.expect_response(re.compile(r"/cart/add")):
        page.get_by_role("button", name="Add to cart").first.click()
    page.goto(product_url)

    # When they open "Chat with us" and send a question
    page.locator("a.chat-launcher").click()
    chat = page.get_by_role("dialog", name="Chat with us")
    expect(chat).to_be_visible()
    expect(chat.get_by_label("Your name (optional)")).to_be_focused()
    chat.get_by_label("Your name (optional)").fill("Ada")
    chat.get_by_label("Your email").fill("ada@example.com")
    chat.get_by_label("Your message").fill(QUESTION)
    chat.get_by_role("button", name="Send").click()

    # Then it shows in the panel as they wrote it (as text, not markup), and the page stays put
    expect(chat.get_by_role("status")).to_contain_text("We've got your message")
    expect(chat.locator(".chat-message--shopper .chat-message__body")).to_have_text(QUESTION)
    expect(chat.get_by_label("Your email")).to_be_hidden()  # the conversation knows it now
    expect(page).to_have_url(product_url)
    save_screenshots(page, "chat 1 shopper asked")
    # and staff will see the product page and the cart with it
    message = ConversationMessage.objects.get(conversation__email="ada@example.com")
    assert message.product == product
    assert message.page_path == product.get_absolute_url()
    assert [line["name"] for line in message.cart["lines"]] == [product.name]
    assert email_to("ada@example.com", "We got your message").body.count(QUESTION) == 1

    # When a staff member signs in, finds it in the inbox and replies
    staff_context = browser.new_context()
    staff = staff_context.new_page()
    staff.goto(f"{live_server.url}/admin/login/")
    staff.locator("input[name=username]").fill(STAFF_USERNAME)
    staff.locator("input[name=password]").fill(DEFAULT_STAFF_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    # (the demo's own conversation, from Priya, is waiting too)
    expect(staff.locator("#unanswered-conversations-section")).to_contain_text("2 shoppers are waiting")
    staff.get_by_role("link", name="Open the inbox").click()
    staff.get_by_role("link", name="ada@example.com").first.click()
    expect(staff.locator(".conversation-message--shopper")).to_contain_text(QUESTION)
    expect(staff.locator(".conversation-message--shopper")).to_contain_text(product.name)
    save_screenshots(staff, "chat 2 staff reads")
    staff.get_by_label("Your reply").fill(ANSWER)
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.get_by_text("Reply sent to ada@example.com")).to_be_visible()
    staff_context.close()

    # Then the reply appears in the shopper's open panel without a reload, and in their email
    expect(chat.locator(".chat-message--staff .chat-message__body")).to_have_text(ANSWER, timeout=REPLY_WAIT_MS)
    expect(page.locator("[data-chat-live]")).to_contain_text(ANSWER)
    save_screenshots(page, "chat 3 shopper reads the reply")
    reply = email_to("ada@example.com", "replied to your message")
    assert ANSWER in reply.body
    assert Conversation.objects.get(email="ada@example.com").is_unanswered is False
    assert csp_violations == []
