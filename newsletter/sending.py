"""Controlling a campaign's send.

Only `campaign_stop` lives here on this branch: the complaint-rate guard (newsletter.tracking) needs it. The
sending work (send now, schedule, pause, resume, cancel, the workers) is built alongside under the same names.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.models import Campaign, CampaignStatus

STOPPABLE = frozenset({CampaignStatus.SENDING, CampaignStatus.PAUSED})


class CampaignActionRefused(Exception):
    """The campaign is not in a state that allows this; the message says why, for staff."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def campaign_stop(*, campaign_id: int, reason: str) -> Campaign:
    """Stop a campaign that is sending or paused, for good. Workers claim only while a campaign is sending, so
    the recipients still queued stay queued and are never mailed; they are kept as the record of who was not.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            raise CampaignActionRefused(_("This campaign does not exist."))
        if campaign.status not in STOPPABLE:
            raise CampaignActionRefused(
                _("Only a campaign that is sending or paused can be stopped; this one is %(status)s.")
                % {"status": campaign.get_status_display()}
            )
        campaign.status = CampaignStatus.STOPPED
        campaign.stopped_reason = reason[:300]
        campaign.finished_at = timezone.now()
        campaign.save(update_fields=["status", "stopped_reason", "finished_at", "updated_at"])
    return campaign
