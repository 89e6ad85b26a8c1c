"""A shopper asks to be told when a sold-out option is back, confirms from the email; staff restock it in the
admin, and exactly one email tells the shopper it is back."""

import re
import time

from django.core import mail
from playwright.sync_api import expect

from newsletter.models import BackInStockRequest, BackInStockStatus, Subscriber
from shop.models import ProductVariant
from tests.browser.harness import JOURNEY, save_screenshots
from tests.factories import StaffFactory

pytestmark = JOURNEY

PASSWORD = "correct horse battery staple"


def wait_for(find, what: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what} never arrived")


def confirmation_path() -> str:
    def find():
        for message in mail.outbox:
            for line in message.body.splitlines():
                if "/newsletter/back-in-stock/confirm/" in line:
                    return "/" + line.strip().split("://", 1)[1].split("/", 1)[1]
        return None

    return wait_for(find, "the confirmation email")


def back_in_stock_emails() -> list:
    return [message for message in mail.outbox if "is back in stock" in message.subject]


def test_a_shopper_gets_one_email_when_staff_restock_the_sold_out_option(page, live_server, demo_shop, csp_violations):
    # Given a sold-out option of a product
    variant = ProductVariant.objects.select_related("product").filter(product__is_active=True).order_by("pk").first()
    variant.stock_quantity = 0
    variant.save(update_fields=["stock_quantity"])
    product_url = f"{live_server.url}{variant.product.get_absolute_url()}?variant={variant.sku}"

    # When a shopper opens it and asks to be told without ticking the box
    page.goto(product_url)
    alert = page.locator("form[data-newsletter-alert]")
    expect(page.get_by_role("heading", name="Notify me when it's back")).to_be_visible()
    alert.get_by_role("textbox", name="Email").fill("ada@example.com")
    alert.get_by_role("button", name="Notify me").click()

    # Then the answer says so in place, and nothing is created
    answer = alert.locator("[data-newsletter-answer]")
    expect(answer).to_contain_text("tick the box")
    assert BackInStockRequest.objects.count() == 0

    # When they tick it and ask again
    alert.get_by_role("checkbox", name=re.compile("not a newsletter subscription")).check()
    alert.get_by_role("button", name="Notify me").click()

    # Then they are told to check their inbox, and the request waits for their confirmation
    expect(answer).to_contain_text("Check your inbox")
    save_screenshots(page, "back in stock 1 asked")
    assert BackInStockRequest.objects.get().status == BackInStockStatus.PENDING

    # When they open the link from the email and confirm
    page.goto(f"{live_server.url}{confirmation_path()}")
    page.get_by_role("button", name="Yes, tell me when it's back").click()

    # Then the alert is on, and they have not joined the newsletter
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alert is on")
    save_screenshots(page, "back in stock 2 confirmed")
    assert BackInStockRequest.objects.get().status == BackInStockStatus.CONFIRMED
    assert Subscriber.objects.count() == 0
    assert back_in_stock_emails() == []

    # (The shopper's pages broke no Content-Security-Policy rule.)
    assert csp_violations == []
    storefront_violations = len(csp_violations)

    # When staff sign in and record a delivery of that option
    StaffFactory(username="grace")  # the factory's password is PASSWORD
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in")).click()
    page.goto(f"{live_server.url}/admin/stock_adjustments/add/")
    page.get_by_label("Variant").select_option(str(variant.pk))
    page.get_by_label("Change").fill("5")
    page.get_by_label("Reason").select_option("received")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text(f"Stock of {variant.sku} is now 5.")).to_be_visible()
    save_screenshots(page, "back in stock 3 restocked")

    # Then exactly one email tells the shopper it is back, with a link to the option, and the alert is used up
    sent = wait_for(back_in_stock_emails, "the back-in-stock email")
    assert len(sent) == 1 and sent[0].to == ["ada@example.com"]
    assert f"?variant={variant.sku}" in sent[0].body
    assert BackInStockRequest.objects.get().status == BackInStockStatus.NOTIFIED

    # And a second delivery sends nothing more
    page.goto(f"{live_server.url}/admin/stock_adjustments/add/")
    page.get_by_label("Variant").select_option(str(variant.pk))
    page.get_by_label("Change").fill("2")
    page.get_by_label("Reason").select_option("received")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text(f"Stock of {variant.sku} is now 7.")).to_be_visible()
    assert len(back_in_stock_emails()) == 1
    # The admin's own pages load staff avatars from gravatar.com and Wagtail's update check, which the CSP
    # blocks (WAGTAIL_GRAVATAR_PROVIDER_URL / WAGTAIL_ENABLE_UPDATE_CHECK); nothing else may be blocked.
    admin_known = ("gravatar.com/avatar", "releases.wagtail.org")
    assert [v for v in csp_violations[storefront_violations:] if not any(k in v for k in admin_known)] == []
