"""The CASL proof in each consent record: the words the person saw (with their version and language), and where
they were when they signed up and when they used the confirmation link, for the footer form and for the checkout
box. Checkout offers no box at all when it has no consent text to show under it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from newsletter.models import ConsentEvent, ConsentType, Subscriber, SubscriberStatus
from newsletter.rules import consent_text_version
from shop.models import Order
from shop.selectors.marketing_consent import CheckoutConsentText, checkout_consent_text
from shop.services.order_status import order_mark_paid
from tests.shop.checkout_support import DETAILS, cart_with

pytestmark = pytest.mark.django_db

SIGNUP = reverse("newsletter:signup")
SIGNUP_BROWSER = "Mozilla/5.0 (signing up)"
CONFIRM_BROWSER = "Mozilla/5.0 (phone mail app)"


def broken_consent_text(request=None):
    raise RuntimeError("the newsletter is not set up")


def custom_consent_text(request=None):
    return CheckoutConsentText(text="Yes, email me. Withdraw any time.", version=9, language="en")


def no_consent_text(request=None):
    return CheckoutConsentText(text="   ")


def confirmation_token() -> str:
    for message in mail.outbox:
        for line in message.body.splitlines():
            if "/newsletter/confirm/" in line:
                return line.strip().rstrip("/").rsplit("/", 1)[1]
    raise AssertionError("no confirmation link in the email")


def confirm_from_elsewhere(client, settings) -> None:
    """The link is used from a phone behind one trusted proxy: its address is the proxy's last entry."""
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.post(
        reverse("newsletter:confirm", args=[confirmation_token()]),
        HTTP_X_FORWARDED_FOR="192.0.2.250, 198.51.100.23",
        REMOTE_ADDR="10.0.0.2",
        HTTP_USER_AGENT=CONFIRM_BROWSER,
    )
    assert response.status_code == 200


def test_a_footer_signup_records_the_text_version_and_both_ends_of_the_double_opt_in(client, settings, shop_details):
    client.post(
        SIGNUP,
        {"email": "ada@example.com", "topics": ["articles"], "consent": "on", "source": "footer", "next": "/"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT=SIGNUP_BROWSER,
    )
    confirm_from_elsewhere(client, settings)

    event = ConsentEvent.objects.get()
    assert event.consent_type == ConsentType.EXPRESS and event.source == "footer"
    assert "Knot & Stone Therapy Supply" in event.consent_text and event.consent_language == "en"
    assert event.consent_text_version == consent_text_version(event.consent_text)
    assert (event.ip_address, event.user_agent) == ("203.0.113.7", SIGNUP_BROWSER)
    assert (event.confirmed_ip_address, event.confirmed_user_agent) == ("198.51.100.23", CONFIRM_BROWSER)


def test_a_confirmation_from_a_client_without_a_usable_address_still_confirms(client, shop_details):
    client.post(SIGNUP, {"email": "ada@example.com", "topics": ["articles"], "consent": "on", "source": "footer"})
    response = client.post(reverse("newsletter:confirm", args=[confirmation_token()]), REMOTE_ADDR="not-an-ip")
    assert response.status_code == 200
    event = ConsentEvent.objects.get()
    assert event.confirmed_ip_address is None and event.confirmed_user_agent == ""


# --- the checkout box ------------------------------------------------------------------------------


def start_checkout(client, settings) -> None:
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY, settings.STRIPE_API_BASE = "sk_test", "pk_test", ""
    session = client.session
    session["cart_token"] = str(cart_with().token)
    session.save()


def check_out(client, *, ticked: bool) -> Order:
    details = {**DETAILS, "marketing_opt_in": "on"} if ticked else DETAILS
    response = client.post("/checkout/", details, REMOTE_ADDR="203.0.113.50", HTTP_USER_AGENT=SIGNUP_BROWSER)
    assert response.url == "/checkout/review/"
    place_form = client.get("/checkout/review/").context["place_form"]
    client.post(
        "/checkout/place/",
        {"token": place_form["token"].value(), "expected_total": place_form["expected_total"].value()},
        REMOTE_ADDR="203.0.113.99",  # placing comes later, perhaps from elsewhere: the tick is what counts
    )
    return Order.objects.get()


def test_the_checkout_box_shows_the_newsletters_consent_text(client, settings, shop_details):
    start_checkout(client, settings)
    page = client.get("/checkout/").content.decode()
    html = page.split('id="marketing-consent-text"', 1)[1].split("</p>", 1)[0]
    # the same words as the footer's: the shop, its mailing address, a contact, and withdrawal at any time
    for part in ("Knot &amp; Stone Therapy Supply", "12 Birch Lane, Halifax NS  B3H 1A1", "hello@knotandstone.example"):
        assert part in html
    assert "withdraw your consent at any time" in html
    assert f'data-consent-version="{checkout_consent_text().version}"' in page
    assert 'aria-describedby="marketing-consent-text"' in page


@pytest.mark.parametrize(
    "setting", ["", f"{__name__}.broken_consent_text", f"{__name__}.no_consent_text"], ids=["unset", "fails", "blank"]
)
def test_without_a_consent_text_checkout_offers_no_box_and_records_no_opt_in(
    client, settings, shop_details, setting, django_capture_on_commit_callbacks
):
    settings.SHOP_CHECKOUT_CONSENT_TEXT = setting
    start_checkout(client, settings)
    page = client.get("/checkout/").content.decode()
    assert checkout_consent_text() is None
    assert 'name="marketing_opt_in"' not in page and 'id="marketing-consent-text"' not in page

    # A tick posted anyway (an old page, a crafted form) counts for nothing: no opt-in, no double opt-in.
    order = check_out(client, ticked=True)
    assert order.marketing_opt_in is False
    assert (order.marketing_consent_text, order.marketing_consent_version) == ("", "")
    with django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1")
    assert not Subscriber.objects.filter(status=SubscriberStatus.PENDING).exists()
    assert not ConsentEvent.objects.filter(consent_type=ConsentType.EXPRESS).exists()


def test_another_provider_of_the_text_is_shown_and_its_words_and_version_kept(client, settings, shop_details):
    settings.SHOP_CHECKOUT_CONSENT_TEXT = f"{__name__}.custom_consent_text"
    start_checkout(client, settings)
    assert "Yes, email me. Withdraw any time." in client.get("/checkout/").content.decode()
    order = check_out(client, ticked=True)
    assert (order.marketing_consent_text, order.marketing_consent_version, order.marketing_consent_language) == (
        "Yes, email me. Withdraw any time.",
        "9",
        "en",
    )


def test_an_unticked_box_keeps_no_proof_on_the_order(client, settings, shop_details):
    start_checkout(client, settings)
    order = check_out(client, ticked=False)
    assert order.marketing_opt_in is False
    assert (order.marketing_consent_text, order.marketing_consent_version, order.marketing_consent_language) == (
        "",
        "",
        "",
    )
    assert (order.marketing_consent_ip, order.marketing_consent_user_agent) == (None, "")


def test_a_checkout_signup_records_the_words_the_shopper_saw_and_where_they_ticked_the_box(
    client, settings, shop_details, django_capture_on_commit_callbacks
):
    # Given a shopper who ticks the box under the consent text naming the shop's address
    start_checkout(client, settings)
    page = client.get("/checkout/").content.decode()
    shown = checkout_consent_text()
    assert f'data-consent-version="{shown.version}"' in page
    order = check_out(client, ticked=True)
    assert (order.marketing_consent_text, order.marketing_consent_version, order.marketing_consent_language) == (
        shown.text,
        shown.version,
        "en",
    )
    assert "12 Birch Lane, Halifax NS  B3H 1A1" in order.marketing_consent_text
    assert (order.marketing_consent_ip, order.marketing_consent_user_agent) == ("203.0.113.50", SIGNUP_BROWSER)

    # When the shop moves before the payment comes in (by webhook, with no shopper's request)
    shop_details.mailing_address = "40 Spruce Street\nHalifax NS  B3J 2K9"
    shop_details.save()
    assert checkout_consent_text().version != shown.version
    with django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1")
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    # Then the confirmed consent record keeps the words the shopper saw, and where they ticked and confirmed
    confirm_from_elsewhere(client, settings)
    event = ConsentEvent.objects.get(consent_type=ConsentType.EXPRESS)
    assert event.source == "checkout"
    assert (event.consent_text, event.consent_text_version, event.consent_language) == (shown.text, shown.version, "en")
    assert "12 Birch Lane" in event.consent_text and "40 Spruce Street" not in event.consent_text
    assert (event.ip_address, event.user_agent) == ("203.0.113.50", SIGNUP_BROWSER)
    assert (event.confirmed_ip_address, event.confirmed_user_agent) == ("198.51.100.23", CONFIRM_BROWSER)
