"""A member of the shop staff signs in (password, then a code from their authenticator app), finds a paid
order on the dashboard and ships it with a tracking number: the customer's email has the tracking link.
Then they refund one line of another order through localstripe, and the order shows "Partially refunded".
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from shop.models import OrderStatus
from shop.services.payment import order_pay
from tests.browser.harness import JOURNEY, save_screenshots
from tests.factories import UserFactory
from tests.shop.checkout_support import PUBLISHABLE_KEY, cart_with, localstripe_url, place  # noqa: F401 - a fixture
from tests.shop.test_payments_localstripe import card_from_the_browser
from tests.shop.test_staff_orders import paid_order

pytestmark = JOURNEY

PASSWORD = "correct horse battery staple"
TRACKING_LINK = "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=7023210455667788"


@pytest.fixture
def staff_member():
    user = UserFactory(username="sam", is_staff=True)
    user.groups.add(Group.objects.get(name="Shop staff"))
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


@pytest.fixture
def admin_without_avatars(settings):
    # Wagtail's Gravatar images are http:// on the live server and the admin CSP allows only https: images;
    # avatars are another issue's concern, so the journey leaves them out to keep its CSP check meaningful.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None


def sign_in(page, live_server, user, device):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The password alone does not open the admin: the app's code is asked for next.
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    save_screenshots(page, "staff orders 0 code")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Orders awaiting fulfilment")).to_be_visible()


def test_staff_sign_in_with_a_code_and_ship_an_order_with_a_tracking_number(
    page, live_server, staff_member, admin_without_avatars, mailoutbox, csp_violations
):
    # Given a paid order waiting to be packed
    order = paid_order()
    user, device = staff_member

    # When the staff member signs in, the dashboard lists it among the orders awaiting fulfilment
    sign_in(page, live_server, user, device)
    save_screenshots(page, "staff orders 1 dashboard")
    page.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", name=f"{order.number} — Paid")).to_be_visible()

    # And ships it with Canada Post and a tracking number
    page.get_by_label("Carrier").select_option(label="Canada Post")
    page.get_by_label("Tracking number").fill("7023 2104 5566 7788")
    save_screenshots(page, "staff orders 2 ship")
    page.get_by_role("button", name="Ship and email the customer").click()

    # Then the order shows shipped, with a link to follow the parcel
    expect(page.get_by_role("heading", name=f"{order.number} — Shipped")).to_be_visible()
    expect(page.get_by_role("link", name="Track")).to_have_attribute("href", TRACKING_LINK)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.tracking_number == "7023210455667788"

    # And the customer's email (after the receipt) says it shipped, with the tracking link
    to_customer = [message for message in mailoutbox if message.to == [order.email]]
    shipped = [message for message in to_customer if "Tracking number" in message.body]
    assert len(shipped) == 1 and order.number in shipped[0].subject
    assert TRACKING_LINK in shipped[0].body
    assert any(TRACKING_LINK in html for html, _type in getattr(shipped[0], "alternatives", []))
    assert csp_violations == []


def test_staff_refund_one_line_through_localstripe_and_the_order_shows_partially_refunded(
    page,
    live_server,
    staff_member,
    admin_without_avatars,
    settings,
    localstripe_url,  # noqa: F811 - the fixture imported above
    csp_violations,
):
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_API_BASE = localstripe_url
    # Given an order of two lines, paid by card through localstripe
    order = place(cart_with(lines=2, price="40.00"))
    assert order_pay(order=order, payment_method_id=card_from_the_browser(localstripe_url, "4242424242424242")).paid
    first, second = order.lines.all()
    user, device = staff_member

    # When the staff member opens it and refunds the first line
    sign_in(page, live_server, user, device)
    page.goto(f"{live_server.url}/admin/orders/inspect/{order.pk}/")
    page.get_by_label("The lines ticked below, with their tax").check()
    page.get_by_label(re.compile(re.escape(first.sku))).check()
    page.get_by_label("Reason").fill("Arrived damaged")
    save_screenshots(page, "staff orders 3 refund a line")
    page.get_by_role("button", name="Refund…").click()

    # Then they are asked to confirm, and confirm
    expect(page.get_by_role("button", name="Yes, go ahead")).to_be_visible()
    page.get_by_role("button", name="Yes, go ahead").click()

    # Then the order shows "Partially refunded" beside its status, which stays paid, with the Stripe refund of that line
    expect(page.get_by_role("heading", name=re.compile(rf"{order.number} — Paid\s+Partially refunded"))).to_be_visible()
    refunds = page.get_by_role("row", name=re.compile(first.sku))
    expect(refunds.filter(has_text=re.compile(r"re_\w+"))).to_have_count(1)
    save_screenshots(page, "staff orders 4 partially refunded")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.is_partially_refunded
    refund = order.refunds.get()
    assert list(refund.lines.all()) == [first] and refund.stripe_refund_id.startswith("re_")
    assert not second.refunds.exists()
    assert 0 < order.refunded_total < order.total
    assert csp_violations == []
