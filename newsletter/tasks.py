"""The newsletter's background work, through the django-tasks API (a database queue, or RQ on Redis)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_campaign(campaign_id: int) -> int:
    """Claim and send the campaign's due batches (several of these may run side by side); returns how many went."""
    from newsletter.sending import campaign_deliver

    return campaign_deliver(campaign_id=campaign_id)


@task()
def start_scheduled_campaign(campaign_id: int) -> bool:
    """Runs at a campaign's scheduled time: it starts sending if it is still scheduled for then."""
    from newsletter.sending import campaign_start_due

    return campaign_start_due(campaign_id=campaign_id)


def sweep() -> None:
    """The newsletter's part of the worker's sweep (TASKS_SWEEP_HOOKS): see `newsletter.sending.sending_sweep`."""
    from newsletter.sending import sending_sweep

    done = sending_sweep()
    if any(done.values()):
        logger.info("Newsletter sweep: %s", done)
