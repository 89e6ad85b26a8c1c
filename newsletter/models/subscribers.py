"""Subscribers, the append-only record of their consent, and the newsletter's site settings."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting

from config.site_settings import CachedSiteSetting


def normalise_email(value: str) -> str:
    """An address as stored: no surrounding spaces, the domain in lower case (the local part is the owner's)."""
    value = (value or "").strip()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    return f"{local}@{domain.lower()}"


def split_addresses(value: str) -> list[str]:
    """Addresses typed into one box, separated by commas, semicolons or spaces, each once."""
    parts = (part.strip() for part in re.split(r"[,;\s]+", value or ""))
    return list(dict.fromkeys(normalise_email(part) for part in parts if part))


def validate_address_list(value: str) -> None:
    wrong = []
    for address in split_addresses(value):
        try:
            validate_email(address)
        except ValidationError:
            wrong.append(address)
    if wrong:
        raise ValidationError(_("These are not email addresses: %(wrong)s"), params={"wrong": ", ".join(wrong)})


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    SUPPRESSED = "suppressed", _("Suppressed")
    # A buyer who never signed up: mailed only while the shop uses implied consent and the purchase is
    # under two years old (newsletter.implied_consent).
    IMPLIED = "implied", _("Implied consent (a purchase)")


class SignupSource(models.TextChoices):
    FOOTER = "footer", _("Footer form")
    PASSWORD_PAGE = "password_page", _("Password page form")
    CHECKOUT = "checkout", _("Checkout opt-in")
    PREFERENCES = "preferences", _("Preferences page")
    ADMIN = "admin", _("Added by staff")
    # Where a withdrawal came from.
    ONE_CLICK = "one_click", _("One-click unsubscribe (mail client)")
    UNSUBSCRIBE_PAGE = "unsubscribe_page", _("Unsubscribe page")
    # Staff in the admin: a CSV import (with the consent source each row gave) and a manual suppression.
    IMPORT = "import", _("CSV import")
    STAFF = "staff", _("Staff")
    # What the email provider reported (newsletter.tracking), and a purchase's implied consent.
    PROVIDER = "provider", _("Unsubscribed through the email provider")
    BOUNCE = "bounce", _("Hard bounce")
    COMPLAINT = "complaint", _("Spam complaint")
    PURCHASE = "purchase", _("A purchase (implied consent)")


class Topic(models.TextChoices):
    ARTICLES = "articles", _("New articles")
    OFFERS = "offers", _("Offers and new products")


class Subscriber(models.Model):
    email = models.EmailField(_("email"), unique=True, validators=[validate_email])
    status = models.CharField(
        _("status"), max_length=16, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING, db_index=True
    )
    wants_articles = models.BooleanField(_("new articles"), default=False)
    wants_offers = models.BooleanField(_("offers and new products"), default=False)
    language = models.CharField(_("language"), max_length=16, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=SignupSource.choices, db_index=True)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    # The double opt-in in flight: the link's nonce (cleared when used, so a link works once), when it
    # was last sent (resent at most every 10 minutes), and what the signup saw, for the consent record.
    confirmation_nonce = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    pending_source = models.CharField(max_length=16, choices=SignupSource.choices, blank=True, editable=False)
    pending_consent_version = models.CharField(max_length=40, blank=True, editable=False)
    pending_consent_text = models.TextField(blank=True, editable=False)
    pending_consent_language = models.CharField(max_length=16, blank=True, editable=False)
    pending_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    pending_user_agent = models.CharField(max_length=300, blank=True, editable=False)
    # Part of every unsubscribe and preferences link: links never expire, and a new secret revokes them.
    secret = models.CharField(max_length=64, default=new_secret, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            # One row per mailbox: nearly every provider treats Ada@ and ada@ as the same one.
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ignoring_case"),
            models.CheckConstraint(
                condition=models.Q(wants_articles=True) | models.Q(wants_offers=True), name="subscriber_has_a_topic"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def topics(self) -> list[str]:
        return [t for t, wanted in ((Topic.ARTICLES, self.wants_articles), (Topic.OFFERS, self.wants_offers)) if wanted]

    @property
    def topics_display(self) -> str:
        return ", ".join(str(Topic(t).label) for t in self.topics)


class ConsentType(models.TextChoices):
    EXPRESS = "express", _("Express")
    IMPLIED_BY_PURCHASE = "implied_purchase", _("Implied by a purchase")


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes would skip ConsentEvent.save() and delete(), so they are refused here as well."""

    def update(self, **kwargs):
        raise ValidationError(_("Consent records are never changed; add a new one instead."))

    def delete(self):
        raise ValidationError(_("Consent records are never deleted."))


class ConsentEvent(models.Model):
    """One fact about a subscriber's consent. Rows are only ever added: a withdrawal is a new row."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.PROTECT, related_name="consent_events", verbose_name=_("subscriber")
    )
    consent_type = models.CharField(_("type"), max_length=16, choices=ConsentType.choices)
    source = models.CharField(_("source form"), max_length=16, choices=SignupSource.choices, blank=True)
    # More about the source in staff's words, e.g. "import: trade show sign-up sheet, May 2026".
    source_detail = models.CharField(_("source details"), max_length=300, blank=True)
    # The words the person agreed to, exactly as shown (filled in with the shop's name, address and contact),
    # the language they were shown in, and their version (newsletter.rules.consent_text_version). Blank for
    # consent no words were shown for: a purchase, an import, a withdrawal.
    consent_text_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    consent_language = models.CharField(_("language of the consent text"), max_length=16, blank=True)
    # Where the signup came from (the form's request, or the checkout where the box was ticked)...
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("consent confirmed"), null=True, blank=True)
    # ...and where the confirmation link was used: together, the proof of a double opt-in.
    confirmed_ip_address = models.GenericIPAddressField(_("IP address at confirmation"), null=True, blank=True)
    confirmed_user_agent = models.CharField(_("user agent at confirmation"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    expires_at = models.DateTimeField(_("consent expires"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        what = _("withdrawn") if self.withdrawn_at else _("given")
        return f"{self.subscriber_id}: {self.get_consent_type_display()} {what}"

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise ValidationError(_("Consent records are never changed; add a new one instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Consent records are never deleted."))


DEFAULT_CONSENT_TEXT = _(
    "Yes, I'd like emails from {shop_name} about the topics I picked. {shop_name}, {mailing_address}. "
    "Contact: {contact_email}. You can withdraw your consent at any time with the unsubscribe link in "
    "every email or by writing to us."
)


@register_setting(icon="mail")
class NewsletterSettings(CachedSiteSetting):
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_(
            "Shown next to the consent box. {shop_name}, {mailing_address} and {contact_email} are filled in from "
            "the site settings. Leave empty for the standard text. It must say consent can be withdrawn at any "
            "time. Each consent record keeps the words shown and a version computed from them, so a change here "
            "or to the shop's name, address or contact is a new version by itself."
        ),
    )
    consent_text_fr = models.TextField(
        _("consent text in French"),
        blank=True,
        help_text=_(
            "Shown on French pages, with the same {shop_name}, {mailing_address} and {contact_email}. "
            "Leave empty for the standard text in French (never the English text above)."
        ),
    )
    sender_name = models.CharField(_("sender name"), max_length=120, blank=True)
    sender_email = models.EmailField(
        _("sender email"), blank=True, help_text=_("Newsletters come from this address, not the order address.")
    )
    use_implied_consent = models.BooleanField(
        _("use implied consent from purchases"),
        default=False,
        help_text=_(
            "Under CASL a purchase implies consent for two years. Every buyer is recorded; those who never signed "
            "up are listed with the status 'Implied consent (a purchase)' and get offers only while this is on and "
            "their latest purchase is under two years old. Off: only express consent counts."
        ),
    )
    test_recipients = models.CharField(
        _("test recipients"),
        max_length=500,
        blank=True,
        validators=[validate_address_list],
        help_text=_(
            "Staff addresses a campaign's test email goes to, separated by commas. "
            "Leave empty to send it to whoever asks for it."
        ),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest instead"),
        default=False,
        help_text=_(
            'On: each newly published article is added to one "New articles" draft per week. '
            "Off: each article gets its own draft."
        ),
    )

    send_rate_per_second = models.PositiveIntegerField(
        _("sending rate (emails per second)"),
        default=0,
        help_text=_("The most campaign emails sent per second, by all workers together. 0 means no limit."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("consent_text"), FieldPanel("consent_text_fr")], heading=_("Consent")),
        MultiFieldPanel([FieldPanel("sender_name"), FieldPanel("sender_email")], heading=_("Sender")),
        FieldPanel("use_implied_consent"),
        MultiFieldPanel([FieldPanel("test_recipients"), FieldPanel("weekly_digest")], heading=_("Campaigns")),
        FieldPanel("send_rate_per_second"),
    ]

    class Meta:
        verbose_name = _("newsletter settings")
