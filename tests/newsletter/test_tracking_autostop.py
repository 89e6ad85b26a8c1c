"""A campaign stops itself when spam complaints pass 0.3% of the messages sent, and staff may resume it."""

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


def test_one_complaint_in_333_sent_passes_the_limit_and_stops_the_campaign(client):
    # 332 sent before the complaints below, so the first makes 1 of 333 (0.3003%) and stops the campaign...
    campaign = sending_campaign()
    many_recipients(campaign, 332)
    complain(client, campaign, "first@example.com", "t1")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED
    assert "1 spam complaints for 333 messages" in campaign.stopped_reason_text


def test_one_complaint_in_334_sent_stays_under_the_limit_and_a_second_passes_it(client):
    campaign = sending_campaign()
    many_recipients(campaign, 333)
    complain(client, campaign, "first@example.com", "t1")  # 1 of 334: 0.2994%
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    complain(client, campaign, "second@example.com", "t2")  # 2 of 335: 0.597%
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED


def test_staff_can_resume_a_stopped_campaign_from_its_page(client, admin_client, django_capture_on_commit_callbacks):
    campaign = sending_campaign()
    many_recipients(campaign, 10)
    many_recipients(campaign, 5, status=RecipientStatus.QUEUED, start=5000)
    complain(client, campaign, "first@example.com", "t1")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED

    page = admin_client.get(f"/admin/campaigns/inspect/{campaign.pk}/").content.decode()
    assert "Why it stopped" in page and f"/admin/campaigns/inspect/{campaign.pk}/resume/" in page
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(f"/admin/campaigns/inspect/{campaign.pk}/resume/")
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING and campaign.stopped_reason == ""


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
