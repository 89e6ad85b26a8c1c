"""A property of sending: whatever the mix of subscribers and whatever changes mid-send, nobody who may not be
mailed is mailed, and nobody is mailed twice."""

from __future__ import annotations

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter import delivery
from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, Subscriber, SubscriberStatus
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
]
# What can happen to a subscriber while the campaign is going out.
CHANGES = ["unsubscribe", "suppress", "drop_topic", "confirm_pending", "pause_and_resume", "worker_dies"]

deliveries: list[tuple[str, str, bool]] = []


class WitnessBackend(BaseEmailBackend):
    """Notes, for every email as it leaves, the addressee's status and topic at that very moment."""

    def send_messages(self, email_messages):
        for message in email_messages:
            (address,) = message.to
            person = Subscriber.objects.get(email=address)
            deliveries.append((address, person.status, person.wants_articles))
        return len(email_messages)


@pytest.fixture
def settings_override(settings):
    return settings


people = st.lists(st.tuples(st.sampled_from(STATES), st.booleans()), min_size=1, max_size=10)
changes = st.lists(st.tuples(st.integers(0, 9), st.sampled_from(CHANGES)), max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people, changes=changes, batch=st.integers(1, 4))
def test_nobody_pending_unsubscribed_or_suppressed_is_ever_mailed_and_nobody_twice(
    shop_details, settings_override, people, changes, batch
):
    settings_override.EMAIL_BACKEND = f"{__name__}.WitnessBackend"
    # The witness reads the database as each email leaves, so the batch is sent from this thread.
    settings_override.NEWSLETTER_SEND_CONNECTIONS = 1
    deliveries.clear()
    with transaction.atomic():
        subscribers = [
            subscriber(status=state, articles=wants or state == "pending", offers=not wants) for state, wants in people
        ]
        letter = campaign()
        try:
            campaign_send_now(campaign_id=letter.pk)
        except CampaignActionRefused:
            assert not any(state == SubscriberStatus.CONFIRMED and wants for state, wants in people)
            transaction.set_rollback(True)
            return

        # The worker sends batch by batch; before each batch goes out, one of the changes may happen
        pending_changes = list(changes)
        for _round in range(50):
            token = delivery.claim_batch(campaign_id=letter.pk, size=batch)
            if token is None:
                break
            if pending_changes:
                index, change = pending_changes.pop(0)
                token = apply(change, subscribers[index % len(subscribers)], letter, token)
            if token:
                delivery.send_claimed(campaign=Campaign.objects.get(pk=letter.pk), token=token)
        campaign_deliver(campaign_id=letter.pk)

        # Then every email went to someone confirmed and on the topic at the moment it left, and to nobody twice
        addresses = [address for address, _status, _topic in deliveries]
        assert len(addresses) == len(set(addresses))
        assert all(status == SubscriberStatus.CONFIRMED and topic for _address, status, topic in deliveries)
        assert CampaignRecipient.objects.filter(campaign=letter, status="sent").count() == len(addresses)
        assert Campaign.objects.get(pk=letter.pk).status == CampaignStatus.SENT
        transaction.set_rollback(True)


def apply(change: str, person: Subscriber, letter: Campaign, token: str) -> str | None:
    """Make `change` happen; returns the claim token the worker goes on with (None if the worker died)."""
    rows = Subscriber.objects.filter(pk=person.pk)
    if change == "unsubscribe":
        subscriber_unsubscribe(subscriber=person)
    elif change == "suppress":
        rows.update(status=SubscriberStatus.SUPPRESSED)
    elif change == "drop_topic":
        rows.update(wants_articles=False, wants_offers=True)
    elif change == "confirm_pending":
        rows.filter(status=SubscriberStatus.PENDING).update(status=SubscriberStatus.CONFIRMED)
    elif change == "pause_and_resume":
        campaign_pause(campaign_id=letter.pk)
        campaign_resume(campaign_id=letter.pk)
    elif change == "worker_dies":
        # Its batch was claimed and nothing sent: after the lease, the reaper hands the rows back.
        CampaignRecipient.objects.filter(claimed_by=token).update(lease_expires_at="2000-01-01T00:00:00Z")
        delivery.leases_reap()
        return None
    return token
