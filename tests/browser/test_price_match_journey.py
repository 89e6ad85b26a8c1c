"""A shopper finds a massage gun for less elsewhere and asks us to match it; a staff member approves the
request in the admin; the shopper types the emailed code at checkout and the review shows the matched price.

Everything is the real thing: the form posts without script, the admin's buttons are CSRF-protected posts,
the emails go through the worker into a mail folder, as in development.
"""

import re
from decimal import Decimal

from playwright.sync_api import expect

from shop.models import PriceMatchRequest, PriceMatchStatus
from tests.browser.harness import JOURNEY, save_screenshots
from tests.factories import ProductFactory, UserFactory

pytestmark = JOURNEY

PASSWORD = "correct horse battery staple"
CODE = re.compile(r"PM-[A-Z0-9]{8}")


def mails(folder) -> list[str]:
    return [path.read_text() for path in sorted(folder.iterdir())] if folder.exists() else []


def test_a_shopper_gets_a_price_match_code_from_staff_and_checkout_shows_the_matched_price(
    page, live_server, mail_folder, csp_violations
):
    gun = ProductFactory(name="Percussion Massage Gun", slug="percussion-gun", variant__price=Decimal("100.00"))
    UserFactory(username="sam", is_staff=True, is_superuser=True)

    # Given a shopper on the product page who saw it for less at a Canadian retailer
    page.goto(f"{live_server.url}{gun.get_absolute_url()}")
    page.get_by_role("link", name="Found it cheaper?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Found it cheaper?")
    page.get_by_label("Retailer", exact=True).fill("Physio Depot")
    page.get_by_label("Link to their listing").fill("https://www.physiodepot.ca/percussion-gun")
    page.get_by_label("Their price, including shipping to you (CAD)").fill("90.00")
    page.get_by_label("It is in stock there right now.").check()
    page.get_by_label("It is the identical item").check()
    page.get_by_label("The retailer sells in Canada").check()
    page.get_by_role("main").get_by_label("Your email").fill("ada@example.com")
    save_screenshots(page, "price match 1 request")

    # When they send it, they are thanked and get a confirmation email
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, we have your request")
    assert any("We received your request to match $90.00 at Physio Depot" in text for text in mails(mail_folder))

    # And a staff member signs in, sees it on the dashboard and opens it
    staff = page.context.browser.new_context().new_page()
    staff.goto(f"{live_server.url}/admin/login/")
    staff.locator("input[name=username]").fill("sam")
    staff.locator("input[name=password]").fill(PASSWORD)
    staff.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    expect(staff.get_by_role("heading", name="Pending price-match requests (1)")).to_be_visible()
    staff.get_by_role("link", name=re.compile("Percussion Massage Gun")).click()
    expect(staff.get_by_text("We can match $90.00 (our price is $100.00).")).to_be_visible()
    save_screenshots(staff, "price match 2 staff request")

    # And approves it
    staff.get_by_role("button", name="Approve and email a code at $90.00").click()
    expect(staff.get_by_text(re.compile(r"Approved: code PM-\w+ was emailed to the shopper"))).to_be_visible()
    save_screenshots(staff, "price match 3 approved")
    staff.context.close()
    request = PriceMatchRequest.objects.get()
    assert request.status == PriceMatchStatus.APPROVED

    # Then the shopper's email has the code
    approved = [text for text in mails(mail_folder) if "Your code" in text]
    assert len(approved) == 1
    code = CODE.search(approved[0]).group(0)
    assert code == request.discount_code.code

    # And with the item in the cart and the code at checkout, the review shows the matched price
    page.goto(f"{live_server.url}{gun.get_absolute_url()}")
    with page.expect_response(re.compile(r"/cart/add")):
        page.get_by_role("button", name="Add to cart").first.click()
    page.goto(f"{live_server.url}/checkout/")
    page.get_by_role("group", name="Contact").get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Full name").fill("Ada Stone")
    page.get_by_label("Address", exact=True).fill("1 King St W")
    page.get_by_label("City").fill("Toronto")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_label("Postal code").fill("m5h 1a1")
    page.get_by_label("Discount code (optional)").fill(code.lower())
    page.get_by_role("button", name="Review order").click()
    line = page.get_by_role("row", name=re.compile(r"1 × Percussion Massage Gun"))
    expect(line).to_contain_text("$90.00")
    expect(line).to_contain_text("Code saving −$10.00")
    expect(page.get_by_role("row", name=re.compile(rf"Discount \({code}\)"))).to_contain_text("−$10.00")
    save_screenshots(page, "price match 4 checkout")
    assert csp_violations == []
