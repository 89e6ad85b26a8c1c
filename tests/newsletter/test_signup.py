"""The CASL checklist for signing up: the unticked box, double opt-in, no duplicates, nothing revealed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from newsletter.models import ConsentEvent, ConsentType, Subscriber, SubscriberStatus, normalise_email
from newsletter.services import ConfirmResult, subscriber_confirm, subscriber_sign_up
from tests.newsletter.conftest import FORM_CONTEXT

pytestmark = pytest.mark.django_db

SIGNUP = reverse("newsletter:signup")
CHECK_INBOX = "Check your inbox"


def form(**overrides) -> dict:
    data = {"email": "Ada@Example.COM ", "topics": ["articles"], "consent": "on", "source": "footer", "next": "/"}
    return {**data, **overrides}


def token_from(message) -> str:
    for line in message.body.splitlines():
        if "/newsletter/confirm/" in line:
            return line.strip().rstrip("/").rsplit("/", 1)[1]
    raise AssertionError("no confirmation link in the email")


def test_addresses_are_stripped_and_their_domain_lower_cased():
    assert normalise_email("  Ada.Lovelace@Example.COM ") == "Ada.Lovelace@example.com"


def test_signing_up_without_ticking_the_consent_box_creates_nothing(client, site, shop_details):
    response = client.post(SIGNUP, form(consent=""), follow=True)
    assert Subscriber.objects.count() == 0
    assert len(mail.outbox) == 0
    assert "tick the box" in response.content.decode()


def test_the_consent_box_starts_unticked_and_names_the_shop_address_and_contact(client, site, shop_details):
    html = client.get("/search/").content.decode()
    assert 'name="consent" value="on" required>' in html  # no `checked`
    assert "12 Birch Lane, Halifax NS  B3H 1A1" in html
    assert "hello@knotandstone.example" in html
    assert "withdraw your consent at any time" in html


def test_a_signup_is_pending_and_sends_a_confirmation_link(client, site, shop_details):
    response = client.post(SIGNUP, form(topics=["articles", "offers"]))
    assert response.status_code == 302 and response.url == "/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Ada@example.com"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.topics == ["articles", "offers"]
    assert subscriber.language == "en"
    assert len(mail.outbox) == 1
    assert "/newsletter/confirm/" in mail.outbox[0].body
    # Plain text is not HTML: the shop's ampersand arrives as written.
    assert "Knot & Stone" in mail.outbox[0].body and "&amp;" not in mail.outbox[0].body
    assert "&amp;" not in mail.outbox[0].subject
    assert ConsentEvent.objects.count() == 0


def test_a_signup_on_a_french_page_is_confirmed_in_french_at_the_french_address(client, site, shop_details):
    response = client.post("/fr/newsletter/signup/", form(next="/fr/"))
    assert response.status_code == 302 and response.url == "/fr/"
    assert Subscriber.objects.get().language == "fr"
    [message] = mail.outbox
    assert "/fr/newsletter/confirm/" in message.body
    assert subscriber_confirm(token=token_from(message)) == ConfirmResult.CONFIRMED


def test_with_javascript_the_answer_comes_back_as_json(client, site, shop_details):
    response = client.post(SIGNUP, form(), headers={"accept": "application/json"})
    assert response.json() == {"ok": True, "message": response.json()["message"]}
    assert CHECK_INBOX in response.json()["message"]
    bad = client.post(SIGNUP, form(consent=""), headers={"accept": "application/json"})
    assert bad.status_code == 400 and bad.json()["ok"] is False


def test_the_next_address_must_be_on_this_site(client, site, shop_details):
    response = client.post(SIGNUP, form(next="https://evil.example/"))
    assert response.url == "/"


def test_a_pending_subscriber_is_confirmed_only_by_the_link(client, site, shop_details):
    client.post(SIGNUP, form())
    subscriber = Subscriber.objects.get()
    token = token_from(mail.outbox[0])
    page = client.get(reverse("newsletter:confirm", args=[token]))  # a mail scanner following the link
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    confirmed = client.post(reverse("newsletter:confirm", args=[token]))
    assert "subscribed" in confirmed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    event = ConsentEvent.objects.get()
    assert event.consent_type == ConsentType.EXPRESS
    assert event.source == "footer"
    assert event.confirmed_at is not None and event.withdrawn_at is None
    assert event.ip_address == "127.0.0.1"


def test_the_confirmation_link_works_once(site, shop_details):
    subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    token = token_from(mail.outbox[0])
    assert subscriber_confirm(token=token) == ConfirmResult.CONFIRMED
    assert subscriber_confirm(token=token) == ConfirmResult.ALREADY_CONFIRMED
    assert ConsentEvent.objects.count() == 1
    assert Subscriber.objects.get().confirmation_nonce == ""


def test_a_used_link_does_not_confirm_again_after_leaving(site, shop_details):
    from newsletter.services import subscriber_unsubscribe

    subscriber = subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    token = token_from(mail.outbox[0])
    subscriber_confirm(token=token)
    subscriber_unsubscribe(subscriber=subscriber)
    assert subscriber_confirm(token=token) == ConfirmResult.INVALID
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


@pytest.mark.parametrize(("days", "result"), [(6.9, ConfirmResult.CONFIRMED), (7.01, ConfirmResult.EXPIRED)])
def test_the_confirmation_link_expires_after_7_days(site, shop_details, days, result):
    with freeze_time("2026-11-01 12:00:00"):
        subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    token = token_from(mail.outbox[0])
    with freeze_time(datetime(2026, 11, 1, 12, tzinfo=UTC) + timedelta(days=days)):
        assert subscriber_confirm(token=token) == result
    expected = SubscriberStatus.CONFIRMED if result == ConfirmResult.CONFIRMED else SubscriberStatus.PENDING
    assert Subscriber.objects.get().status == expected


def test_a_tampered_link_confirms_nothing(site, shop_details):
    subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    token = token_from(mail.outbox[0])
    assert subscriber_confirm(token=token[:-2] + "xx") == ConfirmResult.INVALID
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_the_same_address_twice_makes_no_duplicate_and_resends_at_most_every_10_minutes(site, shop_details):
    with freeze_time("2026-11-01 12:00:00") as clock:
        subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
        clock.tick(timedelta(minutes=9, seconds=59))
        subscriber_sign_up(email="ADA@EXAMPLE.com", topics=["offers"], context=FORM_CONTEXT)
        assert Subscriber.objects.count() == 1
        assert len(mail.outbox) == 1
        clock.tick(timedelta(seconds=1))
        subscriber_sign_up(email="ada@example.com", topics=["offers"], context=FORM_CONTEXT)
        assert Subscriber.objects.count() == 1
        assert len(mail.outbox) == 2
        # Only the newest link works: each send makes a new nonce.
        assert subscriber_confirm(token=token_from(mail.outbox[0])) == ConfirmResult.INVALID
        assert subscriber_confirm(token=token_from(mail.outbox[1])) == ConfirmResult.CONFIRMED
    assert Subscriber.objects.get().topics == ["offers"]


def test_a_confirmed_address_gets_the_same_answer_as_a_new_one(client, site, shop_details):
    new = client.post(SIGNUP, form(email="new@example.com"), headers={"accept": "application/json"}).json()
    subscriber = subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    subscriber_confirm(token=token_from(mail.outbox[-1]))
    mail.outbox.clear()
    with freeze_time(timezone.now() + timedelta(minutes=11)):
        again = client.post(SIGNUP, form(email="ada@example.com"), headers={"accept": "application/json"}).json()
    assert again == new
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    # The owner of the address (only they) hears that they're already subscribed, with no new confirm link.
    assert len(mail.outbox) == 1
    assert "already" in mail.outbox[0].subject
    assert "/newsletter/confirm/" not in mail.outbox[0].body


def test_the_honeypot_quietly_creates_nothing(client, site, shop_details):
    response = client.post(SIGNUP, form(website="http://spam.example"), headers={"accept": "application/json"})
    assert response.json()["ok"] is True
    assert Subscriber.objects.count() == 0 and len(mail.outbox) == 0


def test_signups_are_rate_limited_per_client(client, site, shop_details):
    for n in range(5):
        assert client.post(SIGNUP, form(email=f"a{n}@example.com")).status_code == 302
    refused = client.post(SIGNUP, form(email="late@example.com"), headers={"accept": "application/json"})
    assert refused.status_code == 429
    assert not Subscriber.objects.filter(email="late@example.com").exists()
    other = client.post(SIGNUP, form(email="other@example.com"), REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302


def test_signing_up_needs_a_csrf_token(site, shop_details):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SIGNUP, form())
    assert response.status_code == 403
    assert Subscriber.objects.count() == 0


def test_the_confirmation_email_names_the_sender(site, shop_details):
    subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    message = mail.outbox[0]
    assert "Knot & Stone Therapy Supply" in message.from_email
    assert "12 Birch Lane" in message.body and "hello@knotandstone.example" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_newsletter_mail_and_order_mail_come_from_different_addresses(site, shop_details, settings):
    subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)

    newsletter_address = parseaddr(mail.outbox[-1].from_email)[1]
    assert newsletter_address == parseaddr(settings.NEWSLETTER_FROM_EMAIL)[1]
    assert newsletter_address != parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def test_the_password_page_has_a_signup_form_that_works_while_the_shop_is_locked(client, site, shop_details):
    from content.settings import StorefrontLock

    lock = StorefrontLock.for_site(site)
    lock.is_locked = True
    lock.set_password("pre-launch-basalt")
    lock.save()
    page = client.get("/").content.decode()
    assert "Enter your password" in page and 'action="/newsletter/signup/"' in page
    assert 'name="source" value="password_page"' in page

    response = client.post(SIGNUP, form(source="password_page", next="/password/"))
    assert response.status_code == 302 and response.url == "/password/"
    assert Subscriber.objects.get().source == "password_page"
    assert len(mail.outbox) == 1
