"""A campaign stops itself when spam complaints pass 0.3% of the messages sent (at least 500 counted)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus
from newsletter.sending import CampaignActionRefused, campaign_stop
from tests.newsletter.tracking_support import (
    SIGNING_KEY,
    WEBHOOK_SECRET,
    confirmed_subscriber,
    mailgun_event,
    many_recipients,
    post_mailgun,
    sending_campaign,
    sent_recipient,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def provider_settings(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def complain_earlier(campaign: Campaign, count: int) -> None:
    """`count` complaints that arrived before the test's own."""
    ids = CampaignRecipient.objects.filter(campaign=campaign, complained_at__isnull=True, sent_at__isnull=False)
    CampaignRecipient.objects.filter(pk__in=list(ids.values_list("pk", flat=True)[:count])).update(
        complained_at=timezone.now()
    )


def complain(client, campaign: Campaign, email: str, token: str):
    recipient = sent_recipient(campaign, confirmed_subscriber(email))
    response = post_mailgun(client, mailgun_event("complained", token=token, email=email, recipient_id=recipient.pk))
    assert response.status_code == 200


def test_three_complaints_in_999_sent_is_just_past_the_limit_and_stops(client):
    campaign = sending_campaign()
    many_recipients(campaign, 998)
    complain_earlier(campaign, 2)
    complain(client, campaign, "third@example.com", "t3")  # 3 of 999 sent: 0.3003%
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED


def test_the_boundary_through_the_webhook(client):
    campaign = sending_campaign()
    many_recipients(campaign, 998)  # with the two complainers below: 1000 sent
    many_recipients(campaign, 40, status=RecipientStatus.QUEUED, start=5000)
    complain_earlier(campaign, 1)
    complain(client, campaign, "second@example.com", "t2")
    complain(client, campaign, "third@example.com", "t3")  # 3 complaints, 1000 sent: exactly 0.3%
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    assert campaign.stopped_reason == ""

    fourth = CampaignRecipient.objects.filter(campaign=campaign, complained_at__isnull=True, sent_at__isnull=False)
    fourth = fourth.first()
    post_mailgun(client, mailgun_event("complained", token="t4", email=fourth.email, recipient_id=fourth.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED
    assert "4 spam complaints for 1000 messages" in campaign.stopped_reason_text
    assert campaign.finished_at is None  # stopped, not finished: staff may look into it and resume
    # Whoever was still waiting stays queued, and no worker claims from a stopped campaign.
    assert CampaignRecipient.objects.filter(campaign=campaign, status=RecipientStatus.QUEUED).count() == 40


def test_one_complaint_in_a_small_campaign_does_not_stop_it_but_two_do(client):
    campaign = sending_campaign()
    many_recipients(campaign, 50)
    complain(client, campaign, "first@example.com", "t1")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    complain(client, campaign, "second@example.com", "t2")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED


def test_a_paused_campaign_is_stopped_too(client):
    campaign = sending_campaign(status=CampaignStatus.PAUSED)
    complain(client, campaign, "first@example.com", "t1")
    complain(client, campaign, "second@example.com", "t2")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED


@pytest.mark.parametrize("status", [CampaignStatus.SENT, CampaignStatus.CANCELLED])
def test_complaints_after_a_campaign_finished_change_its_status_no_more(client, status):
    campaign = sending_campaign(status=status)
    complain(client, campaign, "first@example.com", "t1")
    complain(client, campaign, "second@example.com", "t2")
    campaign.refresh_from_db()
    assert campaign.status == status


def test_campaign_stop_refuses_a_campaign_that_is_not_sending():
    campaign = sending_campaign(status=CampaignStatus.DRAFT)
    with pytest.raises(CampaignActionRefused) as refused:
        campaign_stop(campaign_id=campaign.pk, reason="test")
    assert "Draft" in refused.value.message
    with pytest.raises(CampaignActionRefused):
        campaign_stop(campaign_id=campaign.pk + 1000, reason="test")
