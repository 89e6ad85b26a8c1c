"""Reading what the newsletter shows: the sender's identity and the consent text, from the site settings;
who a campaign goes to, and how far its sending has got."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from wagtail.models import Site

from content.settings import SiteSettings
from newsletter.models import (
    DEFAULT_CONSENT_TEXT,
    Audience,
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    NewsletterSettings,
    RecipientStatus,
    Subscriber,
    SubscriberStatus,
)
from shop.models import Order, Product
from shop.models.orders import PAID_STATUSES


@dataclass(frozen=True, slots=True)
class SenderDetails:
    """Who a newsletter email is from: CASL wants the name, a mailing address and a way to reach them."""

    shop_name: str
    mailing_address: str
    contact_email: str
    from_email: str
    reply_to: str


@dataclass(frozen=True, slots=True)
class ConsentText:
    text: str
    version: int


def _settings_for(request=None) -> tuple[SiteSettings, NewsletterSettings]:
    if request is not None:
        return SiteSettings.for_request(request), NewsletterSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteSettings.for_site(site), NewsletterSettings.for_site(site)


def sender_details(request=None) -> SenderDetails:
    shop, newsletter = _settings_for(request)
    address = newsletter.sender_email or parseaddr(settings.NEWSLETTER_FROM_EMAIL)[1]
    from_email = formataddr((newsletter.sender_name or shop.shop_name, address))
    return SenderDetails(
        shop_name=shop.shop_name,
        mailing_address=shop.mailing_address,
        contact_email=shop.contact_email,
        from_email=from_email,
        reply_to=shop.contact_email,
    )


def consent_text(request=None) -> ConsentText:
    """The words next to the consent box, with the shop's name, mailing address and contact filled in."""
    shop, newsletter = _settings_for(request)
    template = newsletter.consent_text or str(DEFAULT_CONSENT_TEXT)
    address = ", ".join(line.strip() for line in shop.mailing_address.splitlines() if line.strip())
    values = {"shop_name": shop.shop_name, "mailing_address": address, "contact_email": shop.contact_email}
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):  # an editor's stray brace: show the text as written
        text = template
    return ConsentText(text=text, version=newsletter.consent_text_version)


def implied_consent_allowed(request=None) -> bool:
    return _settings_for(request)[1].use_implied_consent


def newsletter_settings(request=None) -> NewsletterSettings:
    return _settings_for(request)[1]


def eligible_subscribers(campaign: Campaign) -> QuerySet[Subscriber]:
    """Who the campaign may go to now: confirmed subscribers in its audience (pending, gone or suppressed never).

    The "bought from a category" segment is the confirmed subscribers whose address (in any case) placed a
    paid order with a line from that category.
    """
    confirmed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    if campaign.audience == Audience.ARTICLES:
        return confirmed.filter(wants_articles=True)
    if campaign.audience == Audience.OFFERS:
        return confirmed.filter(wants_offers=True)
    if campaign.audience == Audience.BOUGHT_FROM_CATEGORY:
        if campaign.segment_category_id is None:
            return confirmed.none()
        in_category = Product.objects.filter(category_id=campaign.segment_category_id).values("pk")
        buyers = (
            Order.objects.filter(status__in=PAID_STATUSES)
            # A line whose variant was deleted since still names its product.
            .filter(Q(lines__variant__product__in=in_category) | Q(lines__product_id_snapshot__in=in_category))
            .annotate(address=Lower("email"))
            .values("address")
        )
        return confirmed.annotate(address=Lower("email")).filter(address__in=buyers)
    return confirmed


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    """How far a campaign's sending has got, as the admin's progress bar shows it."""

    campaign_id: int
    status: str
    status_label: str
    total: int
    sent: int
    failed: int
    skipped: int
    cancelled: int
    pending: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped + self.cancelled

    @property
    def percent(self) -> int:
        """Whole per cent of the rows that are settled, rounded down (100 only when every row is)."""
        return 100 if self.total == 0 else self.done * 100 // self.total

    @property
    def finished(self) -> bool:
        return self.status in {CampaignStatus.SENT, CampaignStatus.CANCELLED, CampaignStatus.STOPPED}

    def as_dict(self) -> dict:
        return {
            "campaign": self.campaign_id,
            "status": self.status,
            "status_label": self.status_label,
            "total": self.total,
            "sent": self.sent,
            "failed": self.failed,
            "skipped": self.skipped,
            "cancelled": self.cancelled,
            "pending": self.pending,
            "done": self.done,
            "percent": self.percent,
            "finished": self.finished,
        }


def campaign_progress(campaign_id: int) -> CampaignProgress | None:
    """The counts of a campaign's recipients by outcome, in one query (plus one for the campaign)."""
    campaign = Campaign.objects.filter(pk=campaign_id).only("status").first()
    if campaign is None:
        return None
    counts = CampaignRecipient.objects.filter(campaign_id=campaign_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=RecipientStatus.SENT)),
        failed=Count("pk", filter=Q(status=RecipientStatus.FAILED)),
        skipped=Count("pk", filter=Q(status=RecipientStatus.SKIPPED)),
        cancelled=Count("pk", filter=Q(status=RecipientStatus.CANCELLED)),
        pending=Count("pk", filter=Q(status__in=[RecipientStatus.QUEUED, RecipientStatus.SENDING])),
    )
    return CampaignProgress(
        campaign_id=campaign_id,
        status=campaign.status,
        status_label=str(campaign.get_status_display()),
        **counts,
    )
