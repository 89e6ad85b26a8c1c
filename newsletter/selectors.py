"""Reading what the newsletter shows: the sender's identity and the consent text, from the site settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.models import Site

from config.languages import active_language, language_codes, supported_language
from content.settings import SiteSettings
from newsletter.models import (
    DEFAULT_CONSENT_TEXT,
    Audience,
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    ConsentEvent,
    ConsentType,
    NewsletterSettings,
    RecipientStatus,
    Subscriber,
    SubscriberStatus,
)
from newsletter.models.campaigns import send_error_text
from newsletter.rules import consent_text_version, finished_with_failures_label, implied_consent_is_valid
from shop.models import Order, OrderLine, Product
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
    """The words next to a consent box as the person reads them, their language and their derived version."""

    text: str
    version: str
    language: str


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
    """The words next to the consent box, in the page's language, with the shop's name, mailing address and
    contact filled in, and the version of exactly those words.

    French pages show the French consent text, else the standard text in French: never the English custom
    text, which a French reader could not be said to have agreed to.
    """
    shop, newsletter = _settings_for(request)
    language = active_language()
    custom = newsletter.consent_text_fr if language == "fr" else newsletter.consent_text
    template = custom.strip() or str(DEFAULT_CONSENT_TEXT)
    address = ", ".join(line.strip() for line in shop.mailing_address.splitlines() if line.strip())
    values = {"shop_name": shop.shop_name, "mailing_address": address, "contact_email": shop.contact_email}
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):  # an editor's stray brace: show the text as written
        text = template
    return ConsentText(text=text, version=consent_text_version(text), language=language)


def implied_consent_allowed(request=None) -> bool:
    return _settings_for(request)[1].use_implied_consent


def newsletter_settings(request=None) -> NewsletterSettings:
    return _settings_for(request)[1]


def send_rate_per_second() -> int:
    """The most campaign emails all workers together send per second; 0 means no limit."""
    return _settings_for()[1].send_rate_per_second


# --- Sending: who a campaign goes to, and how far it has got ---------------------------------------


def eligible_subscribers(campaign: Campaign, *, now: datetime | None = None) -> QuerySet[Subscriber]:
    """Everyone `campaign` may go to right now: confirmed subscribers in its audience with consent that holds.

    Pending, unsubscribed and suppressed addresses never are. A subscriber whose only consent is implied by a
    purchase counts only while the shop uses implied consent and that consent has not expired (two years,
    `rules.implied_consent_expires`). The same query is asked again just before each send, so whoever left,
    changed topics or lost consent after the campaign started is skipped.

    A campaign speaks one language and reaches the subscribers who read it (`speaks`): a French campaign goes
    to French subscribers only; an English one to English subscribers and to everyone whose language is
    blank or one the shop does not speak, since English is the shop's fallback language.

    A segment ("bought from a category") is an offer: it reaches only subscribers of the "Offers and new
    products" topic who bought from the category (buyers with implied consent are on that topic).
    """
    now = now or timezone.now()
    # Buyers who never signed up (status "implied") are in only while the shop uses implied consent; the
    # exclusion below then keeps those whose purchase is more than two years old out.
    statuses = [SubscriberStatus.CONFIRMED]
    if implied_consent_allowed():
        statuses.append(SubscriberStatus.IMPLIED)
    subscribers = Subscriber.objects.filter(status__in=statuses).filter(speaks(campaign.language))
    if campaign.audience == Audience.ARTICLES:
        subscribers = subscribers.filter(wants_articles=True)
    elif campaign.audience == Audience.OFFERS:
        subscribers = subscribers.filter(wants_offers=True)
    elif campaign.audience == Audience.BOUGHT_FROM_CATEGORY:
        subscribers = subscribers.annotate(email_lower=Lower("email")).filter(
            wants_offers=True, email_lower__in=_buyers_from_category(campaign.segment_category_id)
        )
    return subscribers.exclude(_only_implied_consent_that_does_not_hold(now))


def speaks(language: str) -> Q:
    """Subscribers whose stored language reads as `language` ("fr" matches "fr", "FR-ca", "fr_CA").

    Stored languages are whatever the form, the checkout or an import wrote ("", "en-ca", "fr"); each is read
    as one of settings.LANGUAGES the way `config.languages.supported_language` reads it, so blank and unknown
    languages count as the shop's default language (English).
    """
    language = supported_language(language)
    others = [code for code in language_codes() if code != language]
    if language == settings.LANGUAGE_CODE:
        q = Q()
        for other in others:
            q &= ~_language_is(other)
        return q
    return _language_is(language)


def _language_is(code: str) -> Q:
    return Q(language__iexact=code) | Q(language__istartswith=f"{code}-") | Q(language__istartswith=f"{code}_")


def _buyers_from_category(category_id: int | None) -> QuerySet:
    """The lower-cased addresses on paid orders with a line from the category (also for products since deleted).

    The shop's categories are flat (shop.models.Category has no parent), so a category has no subcategories
    to include; should they ever nest, this is the one place to widen to the category's descendants.
    """
    products = Product.objects.filter(category_id=category_id).values("pk")
    lines = OrderLine.objects.filter(
        Q(variant__product__category_id=category_id) | Q(variant__isnull=True, product_id_snapshot__in=products)
    )
    return (
        Order.objects.filter(status__in=PAID_STATUSES, pk__in=lines.values("order_id"))
        .annotate(email_lower=Lower("email"))
        .values("email_lower")
    )


def _only_implied_consent_that_does_not_hold(now: datetime) -> Q:
    """Subscribers with implied consent and no express consent, unless implied consent is on and still holds."""
    consents = ConsentEvent.objects.filter(subscriber=OuterRef("pk"), withdrawn_at__isnull=True)
    express = consents.filter(consent_type=ConsentType.EXPRESS)
    implied = consents.filter(consent_type=ConsentType.IMPLIED_BY_PURCHASE)
    only_implied = Q(Exists(implied)) & ~Q(Exists(express))
    if not implied_consent_allowed():
        return only_implied
    return only_implied & ~Q(Exists(implied.filter(_implied_holds(now))))


def _implied_holds(now: datetime) -> Q:
    """Implied consent holds until its `expires_at`; a record without one is judged by the rule from its date."""
    undated = ConsentEvent.objects.filter(
        consent_type=ConsentType.IMPLIED_BY_PURCHASE,
        withdrawn_at__isnull=True,
        expires_at__isnull=True,
        confirmed_at__isnull=False,
    ).values_list("pk", "confirmed_at")
    holding = [pk for pk, purchased_at in undated if implied_consent_is_valid(purchased_at, now)]
    return Q(expires_at__gt=now) | Q(pk__in=holding)


# Over for good. A campaign the shop stopped by itself is not: staff may resume it (or cancel it).
FINISHED_STATUSES = frozenset({CampaignStatus.SENT, CampaignStatus.CANCELLED})
# Waiting for staff: nothing moves until someone resumes it, so the progress bar stops asking meanwhile.
HALTED_STATUSES = frozenset({CampaignStatus.PAUSED, CampaignStatus.STOPPED})


@dataclass(frozen=True, slots=True)
class FailedRecipient:
    email: str
    attempts: int
    last_error: str


def campaign_failed_recipients(campaign_id: int, *, limit: int = 200) -> list[FailedRecipient]:
    """The addresses a campaign gave up on (after every try), with the last error, for staff to look into."""
    rows = (
        CampaignRecipient.objects.filter(campaign_id=campaign_id, status=RecipientStatus.FAILED)
        .order_by("email", "pk")
        .values_list("email", "attempts", "last_error")[:limit]
    )
    return [
        FailedRecipient(email=email, attempts=attempts, last_error=send_error_text(error))
        for email, attempts, error in rows
    ]


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    """How far a campaign's sending has got; `done` counts every row that will not be tried again."""

    campaign_id: int
    status: str
    total: int
    sent: int
    failed: int
    skipped: int
    cancelled: int
    pending: int
    percent: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped + self.cancelled

    @property
    def status_label(self) -> str:
        label = str(CampaignStatus(self.status).label)
        return finished_with_failures_label(label, failed=self.failed, finished=self.finished, halted=self.halted)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def halted(self) -> bool:
        return self.status in HALTED_STATUSES

    def as_json(self) -> dict:
        return {
            "campaign": self.campaign_id,
            "status": self.status,
            "status_label": self.status_label,
            "finished": self.finished,
            "halted": self.halted,
            "total": self.total,
            "sent": self.sent,
            "failed": self.failed,
            "skipped": self.skipped,
            "cancelled": self.cancelled,
            "pending": self.pending,
            "done": self.done,
            "percent": self.percent,
        }


def campaign_progress(campaign_id: int) -> CampaignProgress | None:
    """Sent of total, failures and what is still to go, counted in one query. None for no such campaign."""

    def counted(*statuses: str) -> Count:
        return Count("recipients", filter=Q(recipients__status__in=statuses))

    row = (
        Campaign.objects.filter(pk=campaign_id)
        .annotate(
            total=Count("recipients"),
            sent=counted(RecipientStatus.SENT),
            failed=counted(RecipientStatus.FAILED),
            skipped=counted(RecipientStatus.SKIPPED),
            cancelled=counted(RecipientStatus.CANCELLED),
            pending=counted(RecipientStatus.QUEUED, RecipientStatus.SENDING),
        )
        .values("status", "total", "sent", "failed", "skipped", "cancelled", "pending")
        .first()
    )
    if row is None:
        return None
    done = row["total"] - row["pending"]
    # A campaign that went to nobody is complete once sent.
    empty_percent = 100 if row["status"] == CampaignStatus.SENT else 0
    percent = done * 100 // row["total"] if row["total"] else empty_percent
    return CampaignProgress(campaign_id=campaign_id, percent=percent, **row)
