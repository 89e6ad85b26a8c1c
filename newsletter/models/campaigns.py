"""Campaigns composed in Wagtail, and one row per person a campaign goes to.

A campaign's rendered content is frozen when it is sent, so every recipient gets the same words and
prices. Sending inserts one `CampaignRecipient` per eligible subscriber in one transaction, unique on
(campaign, subscriber): that constraint, not the workers' care, is what keeps anyone from being mailed twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from newsletter.blocks import CampaignBodyBlock
from newsletter.models.subscribers import Subscriber


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")
    # Stopped by the shop itself, e.g. when complaints pass the safe rate.
    STOPPED = "stopped", _("Stopped automatically")


# Why the shop stops a campaign by itself: the code stored on the campaign, and the words staff read.
STOP_REASONS = {
    "complaints": _(
        "Stopped automatically: %(complaints)d spam complaints for %(sent)d messages sent is more than the "
        "0.3%% that mailbox providers accept."
    ),
}


def stop_reason_text(code: str, params: dict | None) -> str:
    """The words for a stop reason code in the active language; any other text is shown as it was stored."""
    template = STOP_REASONS.get(code)
    if template is None:
        return code
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


# Why one email did not leave, when the shop (not the provider) says so: the code stored on the recipient row,
# and the words staff read. An exception's text is the provider's or the mail library's own words, kept as is.
NOT_ACCEPTED = "not_accepted"
SEND_ERRORS = {
    NOT_ACCEPTED: _("The mail backend did not accept the message."),
}


def send_error_text(stored: str) -> str:
    """A recipient row's last error in the active language: a SEND_ERRORS code's words, else the text as stored."""
    words = SEND_ERRORS.get(stored)
    return str(words) if words is not None else stored


class Audience(models.TextChoices):
    ARTICLES = "articles", _("Subscribers to new articles")
    OFFERS = "offers", _("Subscribers to offers and new products")
    ALL = "all", _("All confirmed subscribers")
    BOUGHT_FROM_CATEGORY = "bought_category", _("Subscribers who bought from a category")


class Campaign(PreviewableMixin, models.Model):
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=150,
        blank=True,
        help_text=_("The short line mail apps show after the subject. Leave empty to show none."),
    )
    body = StreamField(CampaignBodyBlock(), use_json_field=True, verbose_name=_("body"))
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.ARTICLES)
    segment_category = models.ForeignKey(
        "shop.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bought from category"),
        help_text=_("For the 'bought from a category' audience, e.g. massage guns."),
    )
    # The article a "New articles" draft was prepared from; unique, so an article is never sent twice.
    article = models.OneToOneField(
        "content.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_campaign",
        verbose_name=_("article"),
    )
    # The ISO week ("2026-W48") of a weekly "New articles" digest; one digest per week and language. NULL, not
    # "", on other campaigns, so the unique constraint leaves them alone.
    digest_week = models.CharField(  # noqa: DJ001
        _("digest week"), max_length=8, null=True, blank=True, editable=False
    )
    # What the email is written in and who it reaches: subscribers of this language (selectors.speaks).
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The campaign reaches subscribers who read this language; English ones also reach subscribers "
            "whose language is unknown."
        ),
    )
    # The campaign this one is the other-language version of ("Make the French version"): a campaign reaches only
    # the subscribers of its language, so each language gets its own twin. The original's twins point at it;
    # unique per language, so an original has one version in each language.
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        editable=False,
        verbose_name=_("version of"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)

    # Frozen when sending starts: what every recipient gets, with their own links filled in at send time.
    frozen_subject = models.CharField(max_length=150, blank=True, editable=False)
    frozen_html = models.TextField(blank=True, editable=False)
    frozen_text = models.TextField(blank=True, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)
    # Why the shop stopped it: a code of STOP_REASONS (or, from older rows, words) and the numbers it names,
    # so staff read it in their own language whenever they look.
    stopped_reason = models.CharField(_("why it stopped"), max_length=300, blank=True, editable=False)
    stopped_params = models.JSONField(_("why it stopped: figures"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(audience="bought_category") | models.Q(segment_category__isnull=False),
                name="campaign_segment_has_category",
            ),
            models.UniqueConstraint(fields=["digest_week", "language"], name="campaign_one_digest_per_week_language"),
            models.UniqueConstraint(fields=["translation_of", "language"], name="campaign_one_version_per_language"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def stopped_reason_text(self) -> str:
        """Why the shop stopped the campaign, in the active language."""
        return stop_reason_text(self.stopped_reason, self.stopped_params)

    @property
    def is_editable(self) -> bool:
        """Only drafts and scheduled campaigns change; once sending starts the content is frozen."""
        return self.status in {CampaignStatus.DRAFT, CampaignStatus.SCHEDULED}

    # Wagtail's live preview in the editor shows the email exactly as mail clients get it.
    preview_modes = [("", _("Email"))]

    def serve_preview(self, request, mode_name):
        from newsletter.preview import email_preview_response

        return email_preview_response(self)


class DigestArticle(models.Model):
    """An article gathered into a weekly digest; unique, so an article is announced in one digest only."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="digest_articles")
    article = models.OneToOneField(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="newsletter_digest", verbose_name=_("article")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest article")
        verbose_name_plural = _("digest articles")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.article_id}"


class RecipientStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Left out at send time: unsubscribed, suppressed or no longer confirmed after the campaign started.
    SKIPPED = "skipped", _("Skipped")
    CANCELLED = "cancelled", _("Cancelled")


class CampaignRecipient(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="campaign_recipients")
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=16, choices=RecipientStatus.choices, default=RecipientStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A worker that claims a row holds it until the lease ends; a reaper hands expired leases back.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("provider message id"), max_length=255, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # What the provider's tracking webhook reported.
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    complained_at = models.DateTimeField(_("complained"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign recipient")
        verbose_name_plural = _("campaign recipients")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], name="campaign_recipient_once"),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="campaign_recipient_status"),
            models.Index(fields=["status", "lease_expires_at"], name="campaign_recipient_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.email}"
