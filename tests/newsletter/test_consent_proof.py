"""The CASL proof in each consent record: the text the person saw (its version), and where they were when they
signed up and when they used the confirmation link, for the footer form and for the checkout box."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from newsletter.models import ConsentEvent, ConsentType, NewsletterSettings, Subscriber, SubscriberStatus
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
    return CheckoutConsentText(text="Yes, email me. Withdraw any time.", version=9)


@pytest.fixture
def consent_version(site):
    settings = NewsletterSettings.for_site(site)
    settings.consent_text_version = 4
    settings.save()
    return settings


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


def test_a_footer_signup_records_the_text_version_and_both_ends_of_the_double_opt_in(
    client, settings, shop_details, consent_version
):
    client.post(
        SIGNUP,
        {"email": "ada@example.com", "topics": ["articles"], "consent": "on", "source": "footer", "next": "/"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT=SIGNUP_BROWSER,
    )
    confirm_from_elsewhere(client, settings)

    event = ConsentEvent.objects.get()
    assert event.consent_type == ConsentType.EXPRESS and event.source == "footer"
    assert event.consent_text_version == 4
    assert (event.ip_address, event.user_agent) == ("203.0.113.7", SIGNUP_BROWSER)
    assert (event.confirmed_ip_address, event.confirmed_user_agent) == ("198.51.100.23", CONFIRM_BROWSER)


def test_a_confirmation_from_a_client_without_a_usable_address_still_confirms(client, shop_details, consent_version):
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


def test_the_checkout_box_shows_the_newsletters_consent_text(client, settings, shop_details, consent_version):
    start_checkout(client, settings)
    page = client.get("/checkout/").content.decode()
    html = page.split('id="marketing-consent-text"', 1)[1].split("</p>", 1)[0]
    # the same words as the footer's: the shop, its mailing address, a contact, and withdrawal at any time
    for part in ("Knot &amp; Stone Therapy Supply", "12 Birch Lane, Halifax NS  B3H 1A1", "hello@knotandstone.example"):
        assert part in html
    assert "withdraw your consent at any time" in html
    assert 'data-consent-version="4"' in page
    assert 'aria-describedby="marketing-consent-text"' in page


@pytest.mark.parametrize("setting", ["", f"{__name__}.broken_consent_text"])
def test_without_the_newsletter_checkout_shows_a_plain_text_of_its_own(client, settings, shop_details, setting):
    settings.SHOP_CHECKOUT_CONSENT_TEXT = setting
    start_checkout(client, settings)
    page = client.get("/checkout/").content.decode()
    html = page.split('id="marketing-consent-text"', 1)[1].split("</p>", 1)[0]
    assert "unsubscribe at any time" in html
    assert "hello@knotandstone.example" not in html
    assert checkout_consent_text() == CheckoutConsentText(text=checkout_consent_text().text, version=None)


def test_another_provider_of_the_text_is_shown_and_its_version_kept(client, settings, shop_details):
    settings.SHOP_CHECKOUT_CONSENT_TEXT = f"{__name__}.custom_consent_text"
    start_checkout(client, settings)
    assert "Yes, email me. Withdraw any time." in client.get("/checkout/").content.decode()
    assert check_out(client, ticked=True).marketing_consent_version == 9


def test_an_unticked_box_keeps_no_proof_on_the_order(client, settings, shop_details, consent_version):
    start_checkout(client, settings)
    order = check_out(client, ticked=False)
    assert order.marketing_opt_in is False
    assert (order.marketing_consent_version, order.marketing_consent_ip, order.marketing_consent_user_agent) == (
        None,
        None,
        "",
    )


def test_a_checkout_signup_records_the_version_the_shopper_saw_and_where_they_ticked_the_box(
    client, settings, shop_details, consent_version, django_capture_on_commit_callbacks
):
    # Given a shopper who ticks the box under version 4 of the consent text
    start_checkout(client, settings)
    order = check_out(client, ticked=True)
    assert (order.marketing_consent_version, order.marketing_consent_ip, order.marketing_consent_user_agent) == (
        4,
        "203.0.113.50",
        SIGNUP_BROWSER,
    )

    # When the editors change the text before the payment comes in (by webhook, with no shopper's request)
    consent_version.consent_text_version = 5
    consent_version.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1")
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    # Then the confirmed consent record keeps the version the shopper saw, and where they ticked and confirmed
    confirm_from_elsewhere(client, settings)
    event = ConsentEvent.objects.get(consent_type=ConsentType.EXPRESS)
    assert event.source == "checkout"
    assert event.consent_text_version == 4
    assert (event.ip_address, event.user_agent) == ("203.0.113.50", SIGNUP_BROWSER)
    assert (event.confirmed_ip_address, event.confirmed_user_agent) == ("198.51.100.23", CONFIRM_BROWSER)
