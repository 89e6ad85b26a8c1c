"""The sending queue's housekeeping, run by the tasks and the sweep (newsletter.sending): a campaign with
nothing left to send is finished, the next retry's time is found, rows whose worker's lease ran out go back to
the queue (the reaper), and campaigns whose task was lost are found again. Claiming and sending are in
newsletter.delivery."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from newsletter.delivery import ACTIVE, due
from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus

logger = logging.getLogger(__name__)


def campaign_finish_if_done(*, campaign_id: int, now: datetime | None = None) -> bool:
    """A sending campaign with no row queued or being sent is SENT. True if it was finished now."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
        if campaign is None or campaign.recipients.filter(status__in=ACTIVE).exists():
            return False
        campaign.status = CampaignStatus.SENT
        campaign.finished_at = now
        campaign.save(update_fields=["status", "finished_at", "updated_at"])
    return True


def next_retry_at(*, campaign_id: int) -> datetime | None:
    """When the earliest waiting retry of a sending campaign is due (None if nothing waits)."""
    return CampaignRecipient.objects.filter(
        campaign_id=campaign_id, status=RecipientStatus.QUEUED, next_attempt_at__isnull=False
    ).aggregate(at=Min("next_attempt_at"))["at"]


def leases_reap(*, now: datetime | None = None) -> int:
    """Hand rows whose worker's lease ran out back to the queue (or cancel them if their campaign was cancelled)."""
    now = now or timezone.now()
    expired = CampaignRecipient.objects.filter(status=RecipientStatus.SENDING, lease_expires_at__lt=now)
    with transaction.atomic():
        cancelled = expired.filter(campaign__status=CampaignStatus.CANCELLED).update(
            status=RecipientStatus.CANCELLED, lease_expires_at=None, claimed_by=""
        )
        returned = expired.update(status=RecipientStatus.QUEUED, lease_expires_at=None, claimed_by="")
        # Rows that went back to the queue (a retry, a reaped lease) after their campaign was cancelled.
        CampaignRecipient.objects.filter(
            status=RecipientStatus.QUEUED, campaign__status=CampaignStatus.CANCELLED
        ).update(status=RecipientStatus.CANCELLED)
    if returned or cancelled:
        logger.warning("Reaped %d campaign email(s) whose worker stopped mid-send", returned + cancelled)
    return returned


def campaigns_with_due_work(*, now: datetime | None = None) -> list[int]:
    """Sending campaigns with a row that is due and nobody working on it: their task was lost or ended early."""
    now = now or timezone.now()
    busy = CampaignRecipient.objects.filter(status=RecipientStatus.SENDING, lease_expires_at__gte=now).values(
        "campaign_id"
    )
    return list(
        Campaign.objects.filter(status=CampaignStatus.SENDING)
        .exclude(pk__in=busy)
        .filter(pk__in=CampaignRecipient.objects.filter(due(now)).values("campaign_id"))
        .values_list("pk", flat=True)
    )


def campaigns_finished_without_notice() -> list[int]:
    """Sending campaigns that have nothing left to send (the worker that sent the last one died before saying so)."""
    active = CampaignRecipient.objects.filter(status__in=ACTIVE).values("campaign_id")
    return list(
        Campaign.objects.filter(status=CampaignStatus.SENDING).exclude(pk__in=active).values_list("pk", flat=True)
    )
