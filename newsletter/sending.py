"""Starting, scheduling, pausing, resuming, cancelling and stopping a campaign's sending.

Each service is one transaction and raises CampaignActionRefused, with a message staff can read, when the
campaign's state does not allow it. Sending freezes the rendered content, inserts one CampaignRecipient per
eligible subscriber (unique on campaign and subscriber) and hands the work to the worker after commit.

(A small, complete version written alongside the campaign admin; the sending work in newsletter/tasks.py
owns batching, leases and rates.)
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus
from newsletter.rendering import render_campaign
from newsletter.selectors import eligible_subscribers

logger = logging.getLogger(__name__)

EDITABLE = (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED)


class CampaignActionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None:
        raise CampaignActionRefused(_("That campaign no longer exists."))
    return campaign


def _enqueue_send(campaign_id: int) -> None:
    from newsletter.tasks import send_campaign

    try:
        send_campaign.enqueue(campaign_id)
    except Exception:  # the worker's queue is down: the campaign stays "sending" and resume enqueues again
        logger.exception("Could not hand campaign %s to the worker", campaign_id)


def campaign_send_now(*, campaign_id: int, user=None) -> Campaign:
    """Freeze the content, write one row per eligible subscriber and start the worker."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        if campaign.status not in EDITABLE:
            raise CampaignActionRefused(_("Only a draft or a scheduled campaign can be sent."))
        rendered = render_campaign(campaign)
        now = timezone.now()
        campaign.frozen_subject, campaign.frozen_html, campaign.frozen_text = (
            rendered.subject,
            rendered.html,
            rendered.text,
        )
        campaign.frozen_at = campaign.started_at = now
        campaign.status = CampaignStatus.SENDING
        campaign.save(
            update_fields=["frozen_subject", "frozen_html", "frozen_text", "frozen_at", "started_at", "status"]
        )
        CampaignRecipient.objects.bulk_create(
            (
                CampaignRecipient(campaign=campaign, subscriber_id=pk, email=email)
                for pk, email in eligible_subscribers(campaign).values_list("pk", "email").iterator()
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
        transaction.on_commit(lambda: _enqueue_send(campaign_id))
    return campaign


def campaign_schedule(*, campaign_id: int, when: datetime, user=None) -> Campaign:
    if when <= timezone.now():
        raise CampaignActionRefused(_("Pick a time in the future."))
    with transaction.atomic():
        campaign = _locked(campaign_id)
        if campaign.status not in EDITABLE:
            raise CampaignActionRefused(_("Only a draft or a scheduled campaign can be scheduled."))
        campaign.status, campaign.scheduled_for = CampaignStatus.SCHEDULED, when
        campaign.save(update_fields=["status", "scheduled_for"])
        transaction.on_commit(lambda: _enqueue_scheduled(campaign_id, when))
    return campaign


def _enqueue_scheduled(campaign_id: int, when: datetime) -> None:
    from newsletter.tasks import start_scheduled_campaign

    try:
        if start_scheduled_campaign.get_backend().supports_defer:
            start_scheduled_campaign.using(run_after=when).enqueue(campaign_id, when.isoformat())
    except Exception:
        logger.exception("Could not schedule campaign %s", campaign_id)


def campaign_unschedule(*, campaign_id: int, user=None) -> Campaign:
    with transaction.atomic():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.SCHEDULED:
            raise CampaignActionRefused(_("This campaign is not scheduled."))
        campaign.status, campaign.scheduled_for = CampaignStatus.DRAFT, None
        campaign.save(update_fields=["status", "scheduled_for"])
    return campaign


def campaign_pause(*, campaign_id: int, user=None) -> Campaign:
    with transaction.atomic():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.SENDING:
            raise CampaignActionRefused(_("Only a campaign that is sending can be paused."))
        campaign.status = CampaignStatus.PAUSED
        campaign.save(update_fields=["status"])
    return campaign


def campaign_resume(*, campaign_id: int, user=None) -> Campaign:
    with transaction.atomic():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.PAUSED:
            raise CampaignActionRefused(_("Only a paused campaign can be resumed."))
        campaign.status = CampaignStatus.SENDING
        campaign.save(update_fields=["status"])
        transaction.on_commit(lambda: _enqueue_send(campaign_id))
    return campaign


def campaign_cancel(*, campaign_id: int, user=None) -> Campaign:
    """Nobody still waiting gets it; what was sent stays sent."""
    return _end(campaign_id, CampaignStatus.CANCELLED, _("This campaign has already finished."))


def campaign_stop(*, campaign_id: int, reason: str) -> Campaign:
    return _end(campaign_id, CampaignStatus.STOPPED, _("This campaign has already finished."), reason=reason)


def _end(campaign_id: int, status: str, refused: str, *, reason: str = "") -> Campaign:
    with transaction.atomic():
        campaign = _locked(campaign_id)
        if campaign.status not in (*EDITABLE, CampaignStatus.SENDING, CampaignStatus.PAUSED):
            raise CampaignActionRefused(refused)
        campaign.status, campaign.finished_at = status, timezone.now()
        campaign.stopped_reason = reason[:300]
        campaign.save(update_fields=["status", "finished_at", "stopped_reason"])
        campaign.recipients.filter(status=RecipientStatus.QUEUED).update(status=RecipientStatus.CANCELLED)
    return campaign
