"""Sending a campaign: the staff's actions (send now, schedule, pause, resume, cancel) and the workers' loop.

Send now, step by step, in one transaction: the campaign is locked, its content rendered once and frozen,
and one CampaignRecipient inserted per eligible subscriber (unique on campaign and subscriber, so a second
start can add nobody twice). After commit, NEWSLETTER_SEND_TASKS tasks are handed to the worker; each claims
batches until nothing is due (newsletter/delivery.py says how batches are claimed, sent and written down).

Workers only claim while the campaign is SENDING, so pause, cancel and stop take effect between batches.
Anything a lost task leaves behind is picked up by the sweep (`newsletter.tasks.sweep`, which `manage.py
run_worker` runs every TASKS_SWEEP_SECONDS): due scheduled campaigns start, expired leases are reaped,
due work whose task was lost is enqueued again, and a campaign with nothing left is finished.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter import delivery, send_queue
from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus
from newsletter.rendering import render_campaign
from newsletter.selectors import eligible_subscribers, sender_details

logger = logging.getLogger(__name__)

INSERT_BATCH = 1000


class CampaignActionRefused(Exception):
    """A staff action that does not fit the campaign's state; `message` says why, in the staff's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _locked(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None:
        raise CampaignActionRefused(_("This campaign no longer exists."))
    return campaign


def _refuse_unless(campaign: Campaign, allowed: set[str], message: str) -> None:
    if campaign.status not in allowed:
        raise CampaignActionRefused(message % {"status": campaign.get_status_display()})


def campaign_send_now(*, campaign_id: int, user=None) -> int:
    """Start sending a draft or scheduled campaign at once; returns how many people it goes to."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.DRAFT, CampaignStatus.SCHEDULED},
            _("Only a draft or a scheduled campaign can be sent; this one is %(status)s."),
        )
        count = _start(campaign, refuse_if_empty=True)
    logger.info("Campaign %s sent now by %s to %d subscriber(s)", campaign_id, user or "the shop", count)
    return count


def campaign_start_due(*, campaign_id: int, now: datetime | None = None) -> bool:
    """Start a scheduled campaign whose time has come (the deferred task and the sweep). True if it started."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None or campaign.status != CampaignStatus.SCHEDULED:
            return False
        if campaign.scheduled_for and campaign.scheduled_for > now:
            return False  # rescheduled later: a task for the new time is waiting
        _start(campaign, refuse_if_empty=False, now=now)
    return True


def _start(campaign: Campaign, *, refuse_if_empty: bool, now: datetime | None = None) -> int:
    now = now or timezone.now()
    people = eligible_subscribers(campaign, now=now).order_by("pk").values_list("pk", "email")
    if refuse_if_empty and not people.exists():
        raise CampaignActionRefused(_("Nobody in this campaign's audience can be mailed right now."))
    rendered = render_campaign(campaign, sender=sender_details())
    campaign.frozen_subject, campaign.frozen_html, campaign.frozen_text = rendered.subject, rendered.html, rendered.text
    campaign.frozen_at = campaign.started_at = now
    campaign.status = CampaignStatus.SENDING
    campaign.save(
        update_fields=[
            "frozen_subject",
            "frozen_html",
            "frozen_text",
            "frozen_at",
            "started_at",
            "status",
            "updated_at",
        ]
    )
    batch: list[CampaignRecipient] = []
    for subscriber_id, email in people.iterator(chunk_size=INSERT_BATCH):
        batch.append(CampaignRecipient(campaign_id=campaign.pk, subscriber_id=subscriber_id, email=email))
        if len(batch) >= INSERT_BATCH:
            CampaignRecipient.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        CampaignRecipient.objects.bulk_create(batch, ignore_conflicts=True)
    count = campaign.recipients.count()
    campaign_id = campaign.pk
    transaction.on_commit(lambda: enqueue_delivery(campaign_id=campaign_id, tasks=send_tasks()))
    return count


def campaign_schedule(*, campaign_id: int, when: datetime, user=None) -> None:
    """Send a draft (or move a scheduled campaign) at `when`, which must be in the future."""
    if timezone.is_naive(when):
        raise CampaignActionRefused(_("Give the time with its time zone."))
    if when <= timezone.now():
        raise CampaignActionRefused(_("Choose a time in the future, or send the campaign now."))
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.DRAFT, CampaignStatus.SCHEDULED},
            _("Only a draft or a scheduled campaign can be scheduled; this one is %(status)s."),
        )
        campaign.status = CampaignStatus.SCHEDULED
        campaign.scheduled_for = when
        campaign.save(update_fields=["status", "scheduled_for", "updated_at"])
        transaction.on_commit(lambda: _enqueue_start(campaign_id=campaign_id, when=when))
    logger.info("Campaign %s scheduled for %s by %s", campaign_id, when.isoformat(), user or "the shop")


def campaign_unschedule(*, campaign_id: int, user=None) -> None:
    """A scheduled campaign goes back to being a draft; its waiting task then does nothing."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.SCHEDULED},
            _("Only a scheduled campaign can be unscheduled; this one is %(status)s."),
        )
        campaign.status = CampaignStatus.DRAFT
        campaign.scheduled_for = None
        campaign.save(update_fields=["status", "scheduled_for", "updated_at"])


def campaign_pause(*, campaign_id: int, user=None) -> None:
    """Workers stop after the batch they are sending; nothing queued is lost."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.SENDING},
            _("Only a campaign that is sending can be paused; this one is %(status)s."),
        )
        campaign.status = CampaignStatus.PAUSED
        campaign.save(update_fields=["status", "updated_at"])


def campaign_resume(*, campaign_id: int, user=None) -> None:
    """A paused (or automatically stopped) campaign sends what is left."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.PAUSED, CampaignStatus.STOPPED},
            _("Only a paused or stopped campaign can be resumed; this one is %(status)s."),
        )
        campaign.status = CampaignStatus.SENDING
        campaign.stopped_reason = ""
        campaign.stopped_params = {}
        campaign.save(update_fields=["status", "stopped_reason", "stopped_params", "updated_at"])
        transaction.on_commit(lambda: enqueue_delivery(campaign_id=campaign_id, tasks=send_tasks()))


def campaign_cancel(*, campaign_id: int, user=None) -> int:
    """Nobody else gets this campaign: every row still queued is cancelled. Returns how many were."""
    now = timezone.now()
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.SCHEDULED, CampaignStatus.SENDING, CampaignStatus.PAUSED, CampaignStatus.STOPPED},
            _("Only a scheduled, sending, paused or stopped campaign can be cancelled; this one is %(status)s."),
        )
        was_started = campaign.started_at is not None
        campaign.status = CampaignStatus.CANCELLED
        campaign.finished_at = now if was_started else None
        campaign.save(update_fields=["status", "finished_at", "updated_at"])
        # Rows a worker is sending right now finish as sent; the reaper cancels them if that worker died.
        return campaign.recipients.filter(status=RecipientStatus.QUEUED).update(
            status=RecipientStatus.CANCELLED, next_attempt_at=None
        )


def campaign_stop(*, campaign_id: int, reason: str, params: dict | None = None) -> Campaign:
    """The shop stops a sending or paused campaign by itself (e.g. complaints passed the safe rate).

    `reason` is a code of models.campaigns.STOP_REASONS with its `params`, translated when staff read it.
    """
    with transaction.atomic():
        campaign = _locked(campaign_id)
        _refuse_unless(
            campaign,
            {CampaignStatus.SENDING, CampaignStatus.PAUSED},
            _("Only a sending or paused campaign can be stopped; this one is %(status)s."),
        )
        campaign.status = CampaignStatus.STOPPED
        campaign.stopped_reason = reason[:300]
        campaign.stopped_params = params or {}
        campaign.save(update_fields=["status", "stopped_reason", "stopped_params", "updated_at"])
    logger.warning("Campaign %s stopped: %s", campaign_id, reason)
    return campaign


# --- The workers' side -----------------------------------------------------------------------------


def send_tasks() -> int:
    """How many tasks share a campaign's sending (each claims its own batches; useful with several workers)."""
    return max(1, int(getattr(settings, "NEWSLETTER_SEND_TASKS", 2)))


def enqueue_delivery(*, campaign_id: int, tasks: int = 1, run_after: datetime | None = None) -> None:
    """Hand the campaign's sending to the worker. If the queue is down the sweep enqueues it again later."""
    from newsletter.tasks import send_campaign

    try:
        if run_after is not None:
            if not send_campaign.get_backend().supports_defer:
                return  # the sweep sends due retries
            send_campaign.using(run_after=run_after).enqueue(campaign_id)
            return
        for _number in range(tasks):
            send_campaign.enqueue(campaign_id)
    except Exception:
        logger.exception("Could not hand campaign %s to the worker; the sweep will", campaign_id)


def _enqueue_start(*, campaign_id: int, when: datetime) -> None:
    from newsletter.tasks import start_scheduled_campaign

    try:
        if start_scheduled_campaign.get_backend().supports_defer:
            start_scheduled_campaign.using(run_after=when).enqueue(campaign_id)
    except Exception:
        logger.exception("Could not schedule campaign %s with the worker; the sweep will start it", campaign_id)


def campaign_deliver(*, campaign_id: int) -> int:
    """Claim and send batches until nothing of the campaign is due or it stops sending; returns how many were sent.

    Then the campaign is finished if nothing is left, or a task waits for its earliest retry.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    sender = sender_details()
    sent = 0
    while token := delivery.claim_batch(campaign_id=campaign_id, size=delivery.rate_limited_batch_size()):
        sent += len(delivery.send_claimed(campaign=campaign, token=token, sender=sender).sent)
    if not send_queue.campaign_finish_if_done(campaign_id=campaign_id):
        retry_at = send_queue.next_retry_at(campaign_id=campaign_id)
        if retry_at is not None and Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).exists():
            enqueue_delivery(campaign_id=campaign_id, run_after=retry_at)
    return sent


def sending_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The safety net behind the tasks; safe to run from several workers at once."""
    now = now or timezone.now()
    reaped = send_queue.leases_reap(now=now)
    started = 0
    due = Campaign.objects.filter(status=CampaignStatus.SCHEDULED, scheduled_for__lte=now).values_list("pk", flat=True)
    for campaign_id in list(due):
        started += campaign_start_due(campaign_id=campaign_id, now=now)
    resumed = send_queue.campaigns_with_due_work(now=now)
    for campaign_id in resumed:
        enqueue_delivery(campaign_id=campaign_id)
    finished = sum(
        send_queue.campaign_finish_if_done(campaign_id=pk) for pk in send_queue.campaigns_finished_without_notice()
    )
    return {"reaped": reaped, "started": started, "resumed": len(resumed), "finished": finished}
