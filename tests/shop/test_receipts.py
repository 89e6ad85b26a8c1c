"""Receipts a business can claim against: the email and the order page behind its signed link say the same."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils.html import escape
from freezegun import freeze_time

from content.settings import SiteSettings
from shop.addresses import ShippingAddress
from shop.emails import send_order_cancelled, send_order_confirmation, send_order_refunded, send_order_shipped
from shop.models import ShopSettings
from shop.money import money
from shop.order_links import RECEIPT_LINK_MAX_AGE, receipt_link_read, receipt_path
from shop.receipts import card_description, line_sale_savings, qst_number_applies, registration_numbers_required
from shop.services.order_status import order_mark_paid
from shop.services.orders import order_place
from tests.factories import ProductVariantFactory, PromotionFactory
from tests.shop.checkout_support import ONTARIO, cart_with

pytestmark = pytest.mark.django_db

GST = "123456789 RT0001"
QST = "1234567890 TQ0001"
QUEBEC = ShippingAddress(
    name="Marie Roy", line1="10 rue Sherbrooke", city="Montréal", province="QC", postal_code="H2X 1Y4"
)
LINK = re.compile(r"https?://[^\s\"<]+/orders/receipt/[^\s\"<]+/")


@pytest.fixture(autouse=True)
def seller(site):
    cache.clear()
    site_settings = SiteSettings.for_site(site)
    site_settings.shop_name = "Knot & Stone Therapy Supply"
    site_settings.mailing_address = "12 Queen St E\nToronto ON  M5C 1R6"
    site_settings.save()
    shop = ShopSettings.for_site(site)
    shop.gst_hst_registration, shop.qst_registration = GST, QST
    shop.save()
    return site


def paid(*, price: str = "100.00", address: ShippingAddress = ONTARIO, cart=None):
    order = order_place(
        cart=cart or cart_with(price=price),
        email="Ada@Example.com",
        address=address,
        shipping_method="standard",
        code=None,
    )
    order_mark_paid(order=order, payment_intent_id="pi_1", card_brand="visa", card_last4="4242")
    order.refresh_from_db()
    return order


def receipt(order) -> tuple[str, str]:
    mail.outbox.clear()
    send_order_confirmation(order_id=order.pk)
    (message,) = mail.outbox
    return message.body, message.alternatives[0][0]


# --- the rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "required"), [("29.99", False), ("30.00", True), ("30.01", True)])
def test_registration_numbers_from_thirty_dollars(total, required):
    assert registration_numbers_required(money(total)) is required
    assert qst_number_applies(total=money(total), province="QC") is required
    assert qst_number_applies(total=money(total), province="ON") is False


def test_sale_savings_per_line():
    assert line_sale_savings(regular_unit=money("104.00"), paid_unit=money("88.40"), quantity=2) == money("31.20")
    assert line_sale_savings(regular_unit=money("50.00"), paid_unit=money("50.00"), quantity=3) == money("0")
    assert line_sale_savings(regular_unit=None, paid_unit=money("50.00"), quantity=1) == money("0")


def test_the_card_reads_as_the_shopper_knows_it():
    assert card_description(brand="visa", last4="4242") == "Visa ending in 4242"
    assert card_description(brand="amex", last4="0005") == "American Express ending in 0005"
    assert card_description(brand="", last4="") == ""


# --- the email ------------------------------------------------------------------------------------


def test_the_receipt_email_has_every_fact_in_text_and_html():
    order = paid()
    text, html = receipt(order)
    for body, shown in ((text, str), (html, escape)):
        assert order.created_at.strftime("%Y") in body and "Placed on" in body
        assert "Standard shipping" in body
        assert "Visa ending in 4242" in body
        assert shown("Knot & Stone Therapy Supply") in body and "12 Queen St E" in body
        assert f"GST/HST registration: {GST}" in body
        assert QST not in body
        assert "/orders/lookup/" not in body
    assert LINK.search(text) and LINK.search(html)


def test_a_quebec_receipt_carries_the_qst_number():
    text, html = receipt(paid(address=QUEBEC))
    assert f"QST registration: {QST}" in text and f"QST registration: {QST}" in html
    assert f"GST/HST registration: {GST}" in text


def test_a_receipt_under_thirty_dollars_needs_no_registration_numbers():
    order = paid(price="5.00", address=QUEBEC)
    assert order.total < Decimal("30.00")
    text, html = receipt(order)
    assert GST not in text and GST not in html and QST not in text


def test_each_sale_line_shows_what_the_sale_saved():
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=5)
    PromotionFactory(products=[variant.product], value=Decimal("15"))
    on_sale = cart_with(price="40.00")
    on_sale.lines.create(variant=variant, quantity=2)
    order = paid(cart=on_sale)
    line = order.lines.get(variant=variant)
    assert (line.regular_unit_price, line.unit_price) == (Decimal("100.00"), Decimal("85.00"))
    text, html = receipt(order)
    assert "Sale: regular $100.00 each, you saved $30.00" in text
    assert "Sale: regular $100.00 each, you saved $30.00" in html
    assert text.count("you saved") == 1  # the line at its regular price saved nothing
    assert "You saved on sale prices: $30.00" in text


# --- the signed link ------------------------------------------------------------------------------


def _link(order) -> str:
    text, _html = receipt(order)
    return LINK.search(text).group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_signed_link_opens_the_order_page_with_the_same_facts(client):
    order = paid(address=QUEBEC)
    page = client.get(_link(order))
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    html = page.content.decode()
    for fact in (
        order.number,
        "Standard shipping",
        "Visa ending in 4242",
        escape("Knot & Stone Therapy Supply"),
        "12 Queen St E",
        GST,
        QST,
    ):
        assert fact in html, fact
    # The browser that followed the link may open the order's own page from now on.
    assert client.get(order.get_absolute_url()).status_code == 200


def test_the_order_page_shows_the_same_facts_as_the_receipt(client):
    order = paid()
    session = client.session
    session["checkout_orders"] = [order.number]
    session.save()
    html = client.get(order.get_absolute_url()).content.decode()
    assert "Visa ending in 4242" in html and GST in html and QST not in html and "Standard shipping" in html


@pytest.mark.parametrize(
    "change", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" + t, lambda t: "::"]
)
def test_a_tampered_link_gets_a_clear_page_not_an_error(client, change):
    order = paid()
    token = receipt_path(order_id=order.pk, email=order.email).rstrip("/").rsplit("/", 1)[1]
    page = client.get(f"/orders/receipt/{change(token)}/")
    assert page.status_code == 400
    html = page.content.decode()
    assert "This order link does not work" in html and "/orders/lookup/" in html and order.number not in html


def test_a_link_for_another_order_with_a_changed_email_opens_nothing(client):
    order = paid()
    path = receipt_path(order_id=order.pk, email="eve@example.com")
    page = client.get(path)
    assert page.status_code == 404 and order.number not in page.content.decode()


def test_a_link_older_than_a_year_has_expired(client):
    with freeze_time("2026-01-01 12:00:00"):
        order = paid()
        path = receipt_path(order_id=order.pk, email=order.email)
    token = path.rstrip("/").rsplit("/", 1)[1]
    with freeze_time("2026-01-01 12:00:00") as clock:
        clock.tick(RECEIPT_LINK_MAX_AGE - timedelta(minutes=1))
        assert receipt_link_read(token).order_id == order.pk
        clock.tick(timedelta(minutes=2))
        page = client.get(path)
    assert page.status_code == 410 and "This order link has expired" in page.content.decode()


@pytest.mark.parametrize("lines", [1, 12])
def test_the_page_behind_the_link_stays_within_its_query_budget(client, django_assert_max_num_queries, lines):
    order = paid(cart=cart_with(lines=lines))
    path = _link(order)
    client.get(path)  # warm the site and settings caches, as a live site has them
    # The session, the order, its lines, taxes and history, and the shipping rates: the same for any size.
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200


# --- the delivery estimate and the card, as Stripe and the rate table give them --------------------


def test_the_delivery_estimate_shows_when_the_rates_have_one(client):
    from shop.models import ShippingRate

    ShippingRate.objects.filter(method="standard").update(delivery_days_min=3, delivery_days_max=7)
    ShippingRate.objects.filter(method="expedited").update(delivery_days_min=1, delivery_days_max=2)
    order = paid()
    text, html = receipt(order)
    assert "Standard shipping — usually 3–7 business days once shipped" in text
    assert "usually 3–7 business days once shipped" in html and "1–2" not in html
    assert "usually 3–7 business days once shipped" in client.get(_link(order)).content.decode()


@pytest.mark.parametrize(
    "intent",
    [
        # Stripe: latest_charge expanded, with what the bank charged
        {"latest_charge": {"payment_method_details": {"card": {"brand": "mastercard", "last4": "4444"}}}},
        # Stripe: payment_method expanded
        {"latest_charge": "ch_1", "payment_method": {"id": "pm_1", "card": {"brand": "mastercard", "last4": "4444"}}},
        # localstripe: a legacy Card object as the payment method
        {"latest_charge": {"id": "ch_1"}, "payment_method": {"id": "card_1", "brand": "MasterCard", "last4": "4444"}},
    ],
)
def test_the_card_is_read_from_any_shape_stripe_answers_with(intent):
    from shop.payments import PaymentCard, card_from_intent

    assert card_from_intent(intent) == PaymentCard(brand="mastercard", last4="4444")


def test_ids_alone_name_no_card():
    from shop.payments import card_from_intent

    assert card_from_intent({"latest_charge": "ch_1", "payment_method": "pm_1"}) is None


def test_a_later_path_fills_in_the_card_but_never_replaces_it():
    order = paid()
    order_mark_paid(order=order, card_brand="amex", card_last4="0005")
    order.refresh_from_db()
    assert order.payment_card == "Visa ending in 4242"


def test_a_card_reported_after_the_webhook_paid_the_order_is_still_recorded():
    order = order_place(
        cart=cart_with(), email="ada@example.com", address=ONTARIO, shipping_method="standard", code=None
    )
    assert order_mark_paid(order=order, payment_intent_id="pi_1")  # the webhook, without card details
    assert not order_mark_paid(order=order, payment_intent_id="pi_1", card_brand="visa", card_last4="4242")
    order.refresh_from_db()
    assert order.payment_card == "Visa ending in 4242"


@pytest.mark.parametrize("send", [send_order_shipped, send_order_cancelled, send_order_refunded])
def test_every_later_email_about_the_order_links_to_its_page_by_the_signed_link(client, send):
    order = paid()
    mail.outbox.clear()
    send(order_id=order.pk)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert LINK.search(message.body) and LINK.search(html)
    assert "/orders/lookup/" not in message.body + html
    path = LINK.search(message.body).group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])
    page = client.get(path)
    assert page.status_code == 200 and order.number in page.content.decode()


def _order_page(client, order) -> str:
    session = client.session
    session["checkout_orders"] = [order.number]
    session.save()
    return client.get(order.get_absolute_url()).content.decode()


def test_the_shoppers_history_shows_status_changes_and_never_staff_notes(client):
    from shop.fulfilment import Carrier
    from shop.services.fulfilment import order_add_note, order_ship
    from tests.factories import StaffFactory

    order = paid()
    staff = StaffFactory()
    order_add_note(order=order, note="Card flagged; double-check the address", staff_user=staff)
    order_ship(order=order, carrier=Carrier.CANADA_POST, tracking_number="1234567890123456", staff_user=staff)

    html = _order_page(client, order)

    history = html[html.index('class="order-history"') : html.index("</ol>", html.index('class="order-history"'))]
    assert "Card flagged" not in html
    assert history.count("<li>") == 3  # placed, paid, shipped: one line per change of status, no notes
    assert "Shipped" in history and "Payment received" not in history
    assert "Track your parcel with Canada Post (1234567890123456)" in html
    assert "canadapost" in html


def test_a_partly_refunded_order_says_so_to_the_shopper(client):
    from shop.models import Order

    order = paid()
    Order.objects.filter(pk=order.pk).update(refunded_total=Decimal("10.00"))

    assert "Paid · Partially refunded" in _order_page(client, order)
    Order.objects.filter(pk=order.pk).update(refunded_total=Decimal("0.00"))
    assert "Partially refunded" not in _order_page(client, order)
