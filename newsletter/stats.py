"""A campaign's statistics: how many were sent, delivered, bounced, complained, unsubscribed, opened, clicked.

Read in one aggregate query over the campaign's recipients, whose timestamps the tracking webhook sets
(newsletter.tracking). Opens and clicks count only where the provider reports them: until it has reported a
single open (or click) for any campaign, they show as "not reported" rather than as a misleading zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from newsletter.models import Campaign, CampaignStatus, DeliveryEvent, DeliveryEventType
from newsletter.models.campaigns import stop_reason_text
from newsletter.rules import share

COUNTED = {
    "sent": "sent_at",
    "delivered": "delivered_at",
    "bounced": "bounced_at",
    "complaints": "complained_at",
    "unsubscribes": "unsubscribed_at",
    "opens": "opened_at",
    "clicks": "clicked_at",
}


@dataclass(frozen=True, slots=True)
class StatRow:
    """One line of the table and one bar of the chart."""

    key: str
    label: str
    count: int | None  # None: the provider does not report it
    share_of_sent: Decimal | None

    @property
    def reported(self) -> bool:
        return self.count is not None

    @property
    def percent(self) -> str:
        """The share of the messages sent, as staff read it: "0.4%", or "" when there is none."""
        if self.share_of_sent is None or self.count is None:
            return ""
        return f"{number_format(self.share_of_sent * 100, decimal_pos=1)}%"


@dataclass(frozen=True, slots=True)
class CampaignStats:
    campaign_id: int
    subject: str
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    stopped_reason: str
    recipients: int
    sent: int
    delivered: int
    bounced: int
    complaints: int
    unsubscribes: int
    opens: int
    clicks: int
    opens_reported: bool
    clicks_reported: bool

    @property
    def status_label(self) -> str:
        return str(CampaignStatus(self.status).label)

    @property
    def delivery_rate(self) -> Decimal | None:
        return share(self.delivered, self.sent)

    @property
    def bounce_rate(self) -> Decimal | None:
        return share(self.bounced, self.sent)

    @property
    def complaint_rate(self) -> Decimal | None:
        return share(self.complaints, self.sent)

    @property
    def unsubscribe_rate(self) -> Decimal | None:
        return share(self.unsubscribes, self.sent)

    @property
    def open_rate(self) -> Decimal | None:
        return share(self.opens, self.sent) if self.opens_reported else None

    @property
    def click_rate(self) -> Decimal | None:
        return share(self.clicks, self.sent) if self.clicks_reported else None

    @property
    def rows(self) -> tuple[StatRow, ...]:
        def row(key: str, label, count: int | None) -> StatRow:
            return StatRow(key, str(label), count, None if count is None else share(count, self.sent))

        return (
            row("sent", _("Sent"), self.sent),
            row("delivered", _("Delivered"), self.delivered),
            row("bounced", _("Bounced"), self.bounced),
            row("complaints", _("Spam complaints"), self.complaints),
            row("unsubscribes", _("Unsubscribes"), self.unsubscribes),
            row("opens", _("Opens"), self.opens if self.opens_reported else None),
            row("clicks", _("Clicks"), self.clicks if self.clicks_reported else None),
        )


def _reported(event_type: str):
    return Exists(DeliveryEvent.objects.filter(event_type=event_type))


def _with_counts(campaigns):
    counts = {
        name: Count("recipients", filter=Q(**{f"recipients__{field}__isnull": False}))
        for name, field in COUNTED.items()
    }
    return campaigns.values(
        "pk", "subject", "status", "started_at", "finished_at", "stopped_reason", "stopped_params"
    ).annotate(
        recipients_total=Count("recipients"),
        **counts,
        any_open_reported=_reported(DeliveryEventType.OPENED),
        any_click_reported=_reported(DeliveryEventType.CLICKED),
    )


def _stats(row: dict | None) -> CampaignStats | None:
    if row is None:
        return None
    return CampaignStats(
        campaign_id=row["pk"],
        subject=row["subject"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        stopped_reason=stop_reason_text(row["stopped_reason"], row["stopped_params"]),
        recipients=row["recipients_total"],
        **{name: row[name] for name in COUNTED},
        opens_reported=bool(row["any_open_reported"] or row["opens"]),
        clicks_reported=bool(row["any_click_reported"] or row["clicks"]),
    )


def campaign_stats(campaign_id: int) -> CampaignStats | None:
    """The campaign's statistics in one query, or None if there is no such campaign."""
    return _stats(_with_counts(Campaign.objects.filter(pk=campaign_id)).first())


def latest_campaign_stats() -> CampaignStats | None:
    """The statistics of the campaign that most recently started sending (one query), or None before the first."""
    latest = Campaign.objects.filter(started_at__isnull=False).order_by("-started_at", "-pk")
    return _stats(_with_counts(latest).first())
