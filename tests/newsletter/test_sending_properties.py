"""A property of sending: whatever the mix of subscribers (pending, confirmed, gone, buyers whose implied consent
holds or has expired, with the shop's implied-consent setting on or off) and whatever changes between batches or
in the middle of one, nobody who may not be mailed at the moment their email leaves is mailed, and nobody twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter import delivery, send_queue
from newsletter.implied_consent import implied_consent_record
from newsletter.models import (
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    ConsentEvent,
    ConsentType,
    NewsletterSettings,
    Subscriber,
    SubscriberStatus,
)
from newsletter.rules import implied_consent_is_valid
from newsletter.selectors import implied_consent_allowed
from newsletter.sending import (
    CampaignActionRefused,
    campaign_deliver,
    campaign_pause,
    campaign_resume,
    campaign_send_now,
)
from newsletter.services import subscriber_unsubscribe
from tests.newsletter.sending_support import campaign, subscriber

pytestmark = pytest.mark.django_db

STATES = [
    SubscriberStatus.PENDING,
    SubscriberStatus.CONFIRMED,
    SubscriberStatus.UNSUBSCRIBED,
    SubscriberStatus.SUPPRESSED,
    "implied",  # a buyer who never signed up: consent implied by a purchase last month
    "implied_expired",  # the same, from a purchase more than two years ago
]
# What can happen to a subscriber between batches, and (the first four and "buys_again") while one is going out.
CHANGES = ["unsubscribe", "suppress", "drop_topic", "confirm_pending", "buys_again", "pause_and_resume", "worker_dies"]
MID_BATCH = ["unsubscribe", "suppress", "drop_topic", "confirm_pending", "buys_again"]

deliveries: list[tuple[str, bool]] = []
mid_batch_changes: list[tuple[int, str]] = []
everyone: list[Subscriber] = []


def may_be_mailed_now(person: Subscriber) -> bool:
    """The oracle, worked out apart from the sending query: CASL consent that holds right now, and the topic."""
    if not person.wants_articles:
        return False
    consents = ConsentEvent.objects.filter(subscriber=person, withdrawn_at__isnull=True)
    express = consents.filter(consent_type=ConsentType.EXPRESS).exists()
    implied = any(
        implied_consent_is_valid(event.confirmed_at, timezone.now())
        for event in consents.filter(consent_type=ConsentType.IMPLIED_BY_PURCHASE)
    )
    if person.status == SubscriberStatus.CONFIRMED:
        return express or (implied and implied_consent_allowed())
    if person.status == SubscriberStatus.IMPLIED:
        return implied and implied_consent_allowed()
    return False  # pending, unsubscribed, suppressed


class WitnessBackend(BaseEmailBackend):
    """Notes, for every email as it leaves, whether its addressee may be mailed at that very moment; then,
    mid-batch, lets the next change happen to someone (perhaps someone later in the same batch)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            (address,) = message.to
            deliveries.append((address, may_be_mailed_now(Subscriber.objects.get(email=address))))
            if mid_batch_changes:
                index, change = mid_batch_changes.pop(0)
                change_subscriber(change, everyone[index % len(everyone)])
        return len(email_messages)


@pytest.fixture
def settings_override(settings):
    return settings


people = st.lists(st.tuples(st.sampled_from(STATES), st.booleans()), min_size=1, max_size=10)
changes = st.lists(st.tuples(st.integers(0, 9), st.sampled_from(CHANGES)), max_size=8)
mid_batch = st.lists(st.tuples(st.integers(0, 9), st.sampled_from(MID_BATCH)), max_size=8)


def person(state: str, wants: bool) -> Subscriber:
    if state in ("implied", "implied_expired"):
        bought = timezone.now() - (timedelta(days=30) if state == "implied" else timedelta(days=2 * 365 + 2))
        return subscriber(
            status=SubscriberStatus.IMPLIED,
            articles=wants,
            offers=not wants,
            consent=ConsentType.IMPLIED_BY_PURCHASE,
            purchased_at=bought,
        )
    return subscriber(status=state, articles=wants or state == "pending", offers=not wants)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people, changes=changes, mid_batch=mid_batch, batch=st.integers(1, 4), implied_on=st.booleans())
def test_nobody_pending_unsubscribed_or_suppressed_is_ever_mailed_and_nobody_twice(
    shop_details, settings_override, people, changes, mid_batch, batch, implied_on
):
    settings_override.EMAIL_BACKEND = f"{__name__}.WitnessBackend"
    # The witness reads (and changes) the database as each email leaves, so the batch is sent from this thread.
    settings_override.NEWSLETTER_SEND_CONNECTIONS = 1
    deliveries.clear()
    with transaction.atomic():
        newsletter = NewsletterSettings.for_site(shop_details.site)
        newsletter.use_implied_consent = implied_on
        newsletter.save()
        everyone[:] = [person(state, wants) for state, wants in people]
        mid_batch_changes[:] = mid_batch
        letter = campaign()
        try:
            campaign_send_now(campaign_id=letter.pk)
        except CampaignActionRefused:
            assert not any(may_be_mailed_now(someone) for someone in everyone)
            transaction.set_rollback(True)
            return

        # The worker sends batch by batch; before each batch goes out, one of the changes may happen, and while
        # it goes out, after each email, another
        pending_changes = list(changes)
        for _round in range(50):
            token = delivery.claim_batch(campaign_id=letter.pk, size=batch)
            if token is None:
                break
            if pending_changes:
                index, change = pending_changes.pop(0)
                token = apply(change, everyone[index % len(everyone)], letter, token)
            if token:
                delivery.send_claimed(campaign=Campaign.objects.get(pk=letter.pk), token=token)
        campaign_deliver(campaign_id=letter.pk)

        # Then every email went to someone who might be mailed at the moment it left, and to nobody twice
        addresses = [address for address, _allowed in deliveries]
        assert len(addresses) == len(set(addresses))
        assert all(allowed for _address, allowed in deliveries), deliveries
        assert CampaignRecipient.objects.filter(campaign=letter, status="sent").count() == len(addresses)
        assert Campaign.objects.get(pk=letter.pk).status == CampaignStatus.SENT
        transaction.set_rollback(True)


def change_subscriber(change: str, someone: Subscriber) -> None:
    rows = Subscriber.objects.filter(pk=someone.pk)
    if change == "unsubscribe":
        subscriber_unsubscribe(subscriber=someone)
    elif change == "suppress":
        rows.update(status=SubscriberStatus.SUPPRESSED)
    elif change == "drop_topic":
        rows.update(wants_articles=False, wants_offers=True)
    elif change == "confirm_pending":
        rows.filter(status=SubscriberStatus.PENDING).update(status=SubscriberStatus.CONFIRMED)
    elif change == "buys_again":  # renews an implied consent (and records one for a pending address)
        implied_consent_record(email=someone.email, purchased_at=timezone.now())


def apply(change: str, someone: Subscriber, letter: Campaign, token: str) -> str | None:
    """Make `change` happen; returns the claim token the worker goes on with (None if the worker died)."""
    if change == "pause_and_resume":
        campaign_pause(campaign_id=letter.pk)
        campaign_resume(campaign_id=letter.pk)
    elif change == "worker_dies":
        # Its batch was claimed and nothing sent: after the lease, the reaper hands the rows back.
        CampaignRecipient.objects.filter(claimed_by=token).update(lease_expires_at="2000-01-01T00:00:00Z")
        send_queue.leases_reap()
        return None
    else:
        change_subscriber(change, someone)
    return token
