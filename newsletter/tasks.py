"""The worker's side of a campaign: claim queued rows, check each address again, send, record the outcome.

(A small, complete version written alongside the campaign admin: one worker at a time, no rate limit.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus, SubscriberStatus
from newsletter.rendering import RecipientLinks, personalise
from newsletter.selectors import sender_details
from newsletter.services import preferences_url, unsubscribe_headers, unsubscribe_url

BATCH_SIZE = 100
MAX_ATTEMPTS = 3
LEASE = timedelta(minutes=5)


@task()
def send_campaign(campaign_id: int) -> int:
    """Send the campaign's queued rows while it is sending; returns how many went out."""
    sender = sender_details()
    sent = 0
    while True:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None or campaign.status != CampaignStatus.SENDING:
            return sent  # paused, cancelled or stopped: claim nothing more
        rows = _claim(campaign_id)
        if not rows:
            _finish(campaign_id)
            return sent
        for row in rows:
            sent += _send_one(campaign, row, sender)


def _claim(campaign_id: int) -> list[CampaignRecipient]:
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            CampaignRecipient.objects.select_for_update(skip_locked=True)
            .select_related("subscriber")
            .filter(campaign_id=campaign_id, status=RecipientStatus.QUEUED)
            .order_by("pk")[:BATCH_SIZE]
        )
        CampaignRecipient.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=RecipientStatus.SENDING, lease_expires_at=now + LEASE
        )
    return rows


def _send_one(campaign: Campaign, row: CampaignRecipient, sender) -> int:
    subscriber = row.subscriber
    subscriber.refresh_from_db(fields=["status", "email", "secret"])
    if subscriber.status != SubscriberStatus.CONFIRMED:  # left or suppressed since the campaign started
        CampaignRecipient.objects.filter(pk=row.pk).update(status=RecipientStatus.SKIPPED)
        return 0
    links = RecipientLinks(unsubscribe_url=unsubscribe_url(subscriber), preferences_url=preferences_url(subscriber))
    message = EmailMultiAlternatives(
        subject=campaign.frozen_subject,
        body=personalise(campaign.frozen_text, links),
        from_email=sender.from_email,
        to=[row.email],
        reply_to=[sender.reply_to] if sender.reply_to else None,
        headers=unsubscribe_headers(subscriber),
    )
    message.attach_alternative(personalise(campaign.frozen_html, links), "text/html")
    message.merge_metadata = {row.email: {"campaign_recipient": str(row.pk)}}
    try:
        message.send()
    except Exception as error:
        attempts = row.attempts + 1
        status = RecipientStatus.FAILED if attempts >= MAX_ATTEMPTS else RecipientStatus.QUEUED
        CampaignRecipient.objects.filter(pk=row.pk).update(
            status=status, attempts=attempts, last_error=str(error)[:1000], lease_expires_at=None
        )
        return 0
    status = getattr(message, "anymail_status", None)
    CampaignRecipient.objects.filter(pk=row.pk).update(
        status=RecipientStatus.SENT,
        attempts=row.attempts + 1,
        sent_at=timezone.now(),
        lease_expires_at=None,
        message_id=(getattr(status, "message_id", None) or "")[:255] if status else "",
    )
    return 1


def _finish(campaign_id: int) -> None:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        busy = campaign.recipients.filter(status__in=[RecipientStatus.QUEUED, RecipientStatus.SENDING]).exists()
        if campaign.status == CampaignStatus.SENDING and not busy:
            campaign.status, campaign.finished_at = CampaignStatus.SENT, timezone.now()
            campaign.save(update_fields=["status", "finished_at"])


@task()
def start_scheduled_campaign(campaign_id: int, when: str) -> bool:
    """At the scheduled time: send, unless staff unscheduled or moved it since."""
    from newsletter.sending import CampaignActionRefused, campaign_send_now

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.status != CampaignStatus.SCHEDULED:
        return False
    if campaign.scheduled_for != datetime.fromisoformat(when):
        return False
    try:
        campaign_send_now(campaign_id=campaign_id)
    except CampaignActionRefused:
        return False
    return True
