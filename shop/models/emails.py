"""Order emails written down before they are sent: the worker's to-do list and the proof that each went once."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.models.orders import Order, Refund


class OrderEmailKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    PAYMENT_REMINDER = "payment_reminder", _("Payment reminder")
    FULFILLED = "fulfilled", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class OrderEmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("No longer needed")
    FAILED = "failed", _("Given up")


class OrderEmail(models.Model):
    """One email an order gets at most once: a row per order and kind (per refund, for refund emails), sent when
    due and still true."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(_("email"), max_length=24, choices=OrderEmailKind.choices)
    # A refund email tells of one refund: a second partial refund is news too, and gets its own email.
    refund = models.ForeignKey(
        Refund, null=True, blank=True, on_delete=models.CASCADE, related_name="emails", verbose_name=_("refund")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderEmailStatus.choices, default=OrderEmailStatus.PENDING, db_index=True
    )
    # Not before this time: a reminder's moment, or the next try after the provider failed.
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a worker took it; a claim older than a few minutes is a worker that died mid-send.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["send_after", "pk"]
        verbose_name = _("order email")
        verbose_name_plural = _("order emails")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind"], condition=models.Q(refund__isnull=True), name="shop_orderemail_once_per_kind"
            ),
            models.UniqueConstraint(
                fields=["refund"], condition=models.Q(refund__isnull=False), name="shop_orderemail_once_per_refund"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.order})"
