"""A Quebec shopper buys in French: the pages, the taxes (TPS, TVQ), the amounts (109,65 $) and the receipt.

Payment runs against localstripe, as in the English checkout journey; the receipt lands in a mail folder.
"""

import re
from decimal import Decimal
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from playwright.sync_api import expect

from shop.models import Order, OrderStatus
from tests.browser.harness import JOURNEY, enter_test_card, save_screenshots
from tests.browser.test_checkout_journey import offline_stripe  # noqa: F401 - a fixture
from tests.factories import ProductFactory
from tests.shop.checkout_support import localstripe_url  # noqa: F401 - a fixture

pytestmark = JOURNEY

NBSP = "\xa0"


def read_mail(folder):
    """Each message in the file-based mail folder as (subject, every text part joined)."""
    messages = []
    for path in folder.iterdir():
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = message_from_bytes(raw.strip())
            parts = [
                part.get_payload(decode=True).decode()
                for part in message.walk()
                if part.get_content_maintype() == "text"
            ]
            messages.append((str(make_header(decode_header(message["Subject"]))), "\n".join(parts)))
    return messages


@pytest.fixture
def soapstone():
    return ProductFactory(name="Soapstone Palm Set", slug="soapstone-palm-set", variant__price=Decimal("109.65"))


def test_a_quebec_shopper_buys_in_french_and_gets_a_french_receipt_with_tps_and_tvq(
    page,
    live_server,
    offline_stripe,  # noqa: F811 - the fixture imported above
    soapstone,
    csp_violations,
):
    # Given the product page in French, its price in French notation
    page.goto(f"{live_server.url}/fr/products/{soapstone.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.get_by_role("main").get_by_text(f"109,65{NBSP}$").first).to_be_visible()

    # When the shopper adds it to the cart and goes to the French checkout
    with page.expect_response(re.compile(r"/cart/add")):
        page.get_by_role("button", name="Ajouter au panier").first.click()
    page.goto(f"{live_server.url}/fr/cart/")
    expect(page.get_by_role("main").get_by_text("Soapstone Palm Set").first).to_be_visible()
    page.goto(f"{live_server.url}/fr/checkout/")
    page.get_by_role("group", name="Coordonnées").get_by_label("Courriel").fill("eloise@example.com")
    page.get_by_label("Nom complet").fill("Éloïse Tremblay")
    page.get_by_label("Adresse", exact=True).fill("1200, rue Saint-Denis")
    page.get_by_label("Ville").fill("Montréal")
    page.get_by_label("Province ou territoire").select_option("QC")
    page.get_by_label("Code postal").fill("h2x 3j6")
    save_screenshots(page, "french checkout 1 details")
    page.get_by_role("button", name="Vérifier la commande").click()

    # Then the review names Quebec's two taxes in French, rates with a decimal comma (the accessible name
    # reads the no-break space before % as a space)
    expect(page.get_by_role("row", name=re.compile(r"TPS 5\s%"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"TVQ 9,975\s%"))).to_be_visible()
    save_screenshots(page, "french checkout 2 review")
    page.get_by_role("button", name=re.compile(r"Passer la commande et payer")).click()

    # When the shopper pays with 4242 4242 4242 4242
    expect(page).to_have_url(re.compile(r"/fr/checkout/pay/KS-\d+/$"))
    enter_test_card(page, postal_code="H2X3J6")
    page.get_by_role("button", name=re.compile(r"^Payer ")).click()

    # Then the confirmation is in French with TPS and TVQ
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci — votre commande est confirmée", timeout=15_000)
    expect(page.get_by_role("row", name=re.compile(r"TVQ 9,975\s%"))).to_be_visible()
    save_screenshots(page, "french checkout 3 confirmed")
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID and order.language == "fr"

    # And the receipt is French: subject, tax names, amounts and a link to the order's French page
    [(subject, body)] = [mail for mail in read_mail(offline_stripe) if order.number in mail[0]]
    assert subject.startswith(f"Votre commande {order.number} est confirmée")
    assert f"TPS 5{NBSP}%" in body and f"TVQ 9,975{NBSP}%" in body
    assert f"109,65{NBSP}$" in body and "HST" not in body and "QST" not in body
    assert re.search(r"/fr/orders/receipt/[^\s\"']+/", body)
    assert csp_violations == []
