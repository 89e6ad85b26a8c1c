"""Implied consent from a purchase: recorded for every paid order, used only when the shop turns it on,
and only for two years after the purchase (checked under a frozen clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from freezegun import freeze_time

from newsletter.implied_consent import implied_consent_record
from newsletter.models import (
    Audience,
    Campaign,
    ConsentEvent,
    ConsentType,
    NewsletterSettings,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)
from newsletter.selectors import eligible_subscribers
from newsletter.services import subscriber_unsubscribe
from shop.services.order_status import order_mark_paid
from tests.newsletter.tracking_support import confirmed_subscriber
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db

PAID = datetime(2026, 3, 15, 10, 30, tzinfo=UTC)
TWO_YEARS_LATER = datetime(2028, 3, 15, 10, 30, tzinfo=UTC)


@pytest.fixture
def implied_consent_on(site):
    settings = NewsletterSettings.for_site(site)
    settings.use_implied_consent = True
    settings.save()
    return settings


def pay(order, django_capture_on_commit_callbacks, *, at: datetime = PAID) -> None:
    with freeze_time(at), django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1")


def in_force_at(when: datetime) -> list[str]:
    """Who an offers campaign may mail at `when`: the real path, the query sending asks before each email."""
    with freeze_time(when):
        offers = Campaign(subject="Offers", audience=Audience.OFFERS)
        return list(eligible_subscribers(offers).values_list("email", flat=True))


def test_a_paid_order_records_the_buyers_implied_consent_for_two_years(site, django_capture_on_commit_callbacks):
    pay(place(cart_with(), email="Bo@Example.com"), django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Bo@example.com"
    assert subscriber.status == SubscriberStatus.IMPLIED
    assert subscriber.source == SignupSource.PURCHASE
    assert subscriber.topics == ["offers"]
    consent = ConsentEvent.objects.get()
    assert consent.consent_type == ConsentType.IMPLIED_BY_PURCHASE
    assert consent.source == SignupSource.PURCHASE
    assert consent.confirmed_at == PAID
    assert consent.expires_at == TWO_YEARS_LATER
    assert mail.outbox == [] or all("/newsletter/confirm/" not in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("when", "mailed"),
    [
        (PAID, True),
        (TWO_YEARS_LATER - timedelta(seconds=1), True),
        (TWO_YEARS_LATER, False),
        (TWO_YEARS_LATER + timedelta(days=200), False),
    ],
)
def test_with_the_setting_on_a_buyer_is_mailed_until_two_years_after_the_purchase(
    implied_consent_on, django_capture_on_commit_callbacks, when, mailed
):
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks)
    assert in_force_at(when) == (["bo@example.com"] if mailed else [])


@pytest.mark.parametrize("when", [PAID, TWO_YEARS_LATER - timedelta(seconds=1), TWO_YEARS_LATER])
def test_with_the_setting_off_a_buyer_is_never_mailed(site, django_capture_on_commit_callbacks, when):
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks)
    assert NewsletterSettings.for_site(site).use_implied_consent is False  # the default
    assert in_force_at(when) == []


def test_turning_the_setting_off_stops_it_at_once(implied_consent_on, django_capture_on_commit_callbacks):
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks)
    assert in_force_at(PAID + timedelta(days=1)) == ["bo@example.com"]
    implied_consent_on.use_implied_consent = False
    implied_consent_on.save()
    assert in_force_at(PAID + timedelta(days=1)) == []


def test_a_later_purchase_renews_the_two_years(implied_consent_on, django_capture_on_commit_callbacks):
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks)
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks, at=PAID + timedelta(days=365))
    assert Subscriber.objects.count() == 1
    assert ConsentEvent.objects.count() == 2
    assert in_force_at(TWO_YEARS_LATER + timedelta(days=1)) == ["bo@example.com"]
    assert in_force_at(TWO_YEARS_LATER + timedelta(days=366)) == []


def test_the_checkout_box_keeps_its_double_opt_in(implied_consent_on, shop_details, django_capture_on_commit_callbacks):
    order = place(cart_with(), email="ada@example.com", marketing_opt_in=True)
    pay(order, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING  # waits for the link, and is never mailed meanwhile
    assert any("/newsletter/confirm/" in message.body for message in mail.outbox)
    assert ConsentEvent.objects.get().consent_type == ConsentType.IMPLIED_BY_PURCHASE
    assert in_force_at(PAID) == []


def test_a_confirmed_subscriber_keeps_express_consent(implied_consent_on):
    subscriber = confirmed_subscriber("ada@example.com")
    implied_consent_record(email="ada@example.com", purchased_at=PAID)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert list(subscriber.consent_events.values_list("consent_type", flat=True)) == [ConsentType.EXPRESS]


@pytest.mark.parametrize("status", [SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SUPPRESSED])
def test_a_purchase_never_undoes_a_no(implied_consent_on, status):
    Subscriber.objects.create(email="ada@example.com", status=status, wants_articles=True, source=SignupSource.FOOTER)
    implied_consent_record(email="ada@example.com", purchased_at=PAID)
    assert Subscriber.objects.get().status == status
    assert not ConsentEvent.objects.exists()
    assert in_force_at(PAID) == []


def test_a_buyer_who_unsubscribes_withdraws_the_implied_consent(implied_consent_on):
    subscriber = implied_consent_record(email="bo@example.com", purchased_at=PAID)
    with freeze_time(PAID + timedelta(days=30)):
        assert subscriber_unsubscribe(subscriber=subscriber, source=SignupSource.UNSUBSCRIBE_PAGE)
    withdrawal = ConsentEvent.objects.get(withdrawn_at__isnull=False)
    assert withdrawal.consent_type == ConsentType.IMPLIED_BY_PURCHASE
    assert in_force_at(PAID + timedelta(days=31)) == []


def test_an_order_without_an_address_or_unpaid_records_nothing(site):
    from newsletter.hooks import order_paid_record_implied_consent

    assert implied_consent_record(email="  ", purchased_at=PAID) is None
    order = place(cart_with(), email="bo@example.com")
    order_paid_record_implied_consent(order.pk)  # not paid
    order_paid_record_implied_consent(424242)  # no such order
    assert not Subscriber.objects.exists()


def test_the_admin_lists_buyers_with_their_own_status(admin_client, site, django_capture_on_commit_callbacks):
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks)
    html = admin_client.get("/admin/subscribers/?status=implied").content.decode()
    assert "bo@example.com" in html and "Implied consent (a purchase)" in html


@pytest.mark.parametrize(
    ("setting_on", "when", "in_audience"),
    [
        (True, PAID, True),
        (True, TWO_YEARS_LATER - timedelta(seconds=1), True),
        (True, TWO_YEARS_LATER, False),
        (False, PAID, False),
    ],
)
def test_a_campaign_for_offers_reaches_a_buyer_only_on_implied_consent_that_holds(
    site, django_capture_on_commit_callbacks, setting_on, when, in_audience
):
    settings = NewsletterSettings.for_site(site)
    settings.use_implied_consent = setting_on
    settings.save()
    pay(place(cart_with(), email="bo@example.com"), django_capture_on_commit_callbacks)
    offers = Campaign(subject="Spring", audience=Audience.OFFERS)
    articles = Campaign(subject="Read", audience=Audience.ARTICLES)

    with freeze_time(when):
        assert list(eligible_subscribers(offers).values_list("email", flat=True)) == (
            ["bo@example.com"] if in_audience else []
        )
        assert not eligible_subscribers(articles).exists()  # a purchase implies nothing about articles
