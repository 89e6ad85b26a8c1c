"""An order remembers the shopper's language, and every email about it is written in that language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from shop.models import Order
from shop.services.fulfilment import order_mark_fulfilled, order_ship
from shop.services.order_status import order_mark_paid
from tests.factories import StaffFactory
from tests.shop.checkout_support import DETAILS, cart_with, place

pytestmark = pytest.mark.django_db

QUEBEC = {**DETAILS, "city": "Montréal", "province": "QC", "postal_code": "H2X 1Y4"}


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_languages"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_languages"
    settings.STRIPE_API_BASE = ""


def checkout(client: Client, details: dict, *, prefix: str = "") -> Order:
    """Details, review and place, at the English or the French (prefix "/fr") addresses."""
    session = client.session
    session["cart_token"] = str(cart_with().token)
    session.save()
    assert client.post(f"{prefix}/checkout/", details).url == f"{prefix}/checkout/review/"
    review = client.get(f"{prefix}/checkout/review/")
    form = review.context["place_form"]
    response = client.post(
        f"{prefix}/checkout/place/",
        {"token": form["token"].value(), "expected_total": form["expected_total"].value()},
    )
    order = Order.objects.get()
    assert response.url == f"{prefix}/checkout/pay/{order.number}/"
    return order


def test_a_quebec_address_with_no_choice_made_orders_in_french(client):
    assert checkout(client, QUEBEC).language == "fr"


def test_a_shopper_who_chose_english_keeps_english_in_quebec(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert checkout(client, QUEBEC).language == "en"


def test_an_order_placed_on_the_french_pages_is_french(client):
    assert checkout(client, DETAILS, prefix="/fr").language == "fr"


def test_an_ontario_order_on_the_english_pages_is_english(client):
    assert checkout(client, DETAILS).language == "en"


def test_the_french_shoppers_choice_wins_over_the_page_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert checkout(client, DETAILS).language == "fr"


def paid(language: str) -> Order:
    order = place(cart_with(), language=language, language_chosen=language)
    assert order.language == language
    return order


def test_the_receipt_of_a_french_order_is_french_and_links_to_the_french_order_page(
    django_capture_on_commit_callbacks,
):
    order = paid("fr")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_fr")

    [receipt] = mail.outbox
    assert receipt.subject == f"Votre commande {order.number} est confirmée"
    html = receipt.alternatives[0][0]
    assert re.search(r'<html lang="fr-CA">', html)
    assert re.search(rf"{re.escape(settings.SITE_URL.rstrip('/'))}/fr/orders/receipt/[^\s\"]+", receipt.body)


def test_the_receipt_of_an_english_order_stays_english(django_capture_on_commit_callbacks):
    order = paid("en")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_en")

    [receipt] = mail.outbox
    assert receipt.subject == f"Your order {order.number} is confirmed"
    assert '<html lang="en-CA">' in receipt.alternatives[0][0]
    assert "/orders/receipt/" in receipt.body and "/fr/" not in receipt.body


def test_later_emails_follow_the_order_not_the_staff_members_language(django_capture_on_commit_callbacks):
    order = paid("fr")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_fr")
    mail.outbox.clear()
    order.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        order_ship(order=order, carrier="canada_post", tracking_number="1234567890123456", staff_user=StaffFactory())

    [shipped] = mail.outbox
    assert '<html lang="fr-CA">' in shipped.alternatives[0][0]
    assert "/fr/orders/receipt/" in shipped.body
    # French puts a (no-break) space before a colon; English does not.
    assert "Numéro de suivi\xa0: 1234567890123456" in shipped.body


def test_the_fulfilled_email_of_a_french_order_is_french(django_capture_on_commit_callbacks):
    order = paid("fr")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_fr")
    mail.outbox.clear()
    order.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_fulfilled(order=order, staff_user=StaffFactory())

    [fulfilled] = mail.outbox
    assert fulfilled.subject == f"Votre commande {order.number} est emballée"
    assert '<html lang="fr-CA">' in fulfilled.alternatives[0][0]
    assert "/fr/orders/receipt/" in fulfilled.body


def test_staff_see_the_orders_language(client):
    order = place(cart_with(), language="fr", language_chosen="fr")
    client.force_login(StaffFactory())
    page = client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert 'data-order-language="fr"' in page and "Français" in page
