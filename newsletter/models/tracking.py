"""What the email provider told us about the messages we sent, one row per provider event.

The provider may send the same event more than once (it retries until we answer 200, and a retry can cross
our answer). The unique `event_id` makes the second copy fail to insert, so an event takes effect once even
when two copies arrive at the same moment.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsletter.models.campaigns import CampaignRecipient


class DeliveryEventType(models.TextChoices):
    """anymail's normalised event types (anymail.signals.EventType), those a provider reports after sending."""

    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    REJECTED = "rejected", _("Rejected by the provider")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    DEFERRED = "deferred", _("Delayed")
    DELIVERED = "delivered", _("Delivered")
    AUTORESPONDED = "autoresponded", _("Automatic reply")
    OPENED = "opened", _("Opened")
    CLICKED = "clicked", _("Clicked")
    COMPLAINED = "complained", _("Marked as spam")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNKNOWN = "unknown", _("Unknown")


class DeliveryEvent(models.Model):
    event_id = models.CharField(_("provider event id"), max_length=255, unique=True)
    event_type = models.CharField(_("event"), max_length=16, choices=DeliveryEventType.choices, db_index=True)
    esp_name = models.CharField(_("provider"), max_length=32)
    recipient = models.ForeignKey(
        CampaignRecipient,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivery_events",
        verbose_name=_("campaign recipient"),
    )
    email = models.EmailField(_("email"), blank=True)
    message_id = models.CharField(_("provider message id"), max_length=255, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=32, blank=True)
    occurred_at = models.DateTimeField(_("happened"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    # The provider's own fields, trimmed (newsletter.tracking.trimmed_esp_event), for staff tracing a problem.
    esp_event = models.JSONField(_("provider's event"), default=dict, blank=True)

    class Meta:
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()}: {self.email or self.message_id}"
