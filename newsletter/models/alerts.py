"""Back-in-stock alerts: a shopper's request to be told, once, when a sold-out variant is back.

A request is not a newsletter subscription: it has its own table, its own consent (to one email about
one variant) and never joins a campaign's audience. It is confirmed by the same kind of double opt-in
link as a signup, mailed once when the stock comes back, and then used up.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from newsletter.models.subscribers import new_secret, normalise_email


class BackInStockStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Waiting for stock")
    NOTIFIED = "notified", _("Told it is back")
    CANCELLED = "cancelled", _("Cancelled")


# The states in which a request is still to be answered: at most one per address and variant.
ACTIVE_STATUSES = (BackInStockStatus.PENDING, BackInStockStatus.CONFIRMED)


class BackInStockRequest(models.Model):
    email = models.EmailField(_("email"))
    variant = models.ForeignKey(
        "shop.ProductVariant", on_delete=models.CASCADE, related_name="+", verbose_name=_("variant")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BackInStockStatus.choices, default=BackInStockStatus.PENDING
    )
    language = models.CharField(_("language"), max_length=16, blank=True)

    # The consent record: what the form said, and who ticked it from where.
    consent_text_version = models.PositiveIntegerField(_("consent text version"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    notified_at = models.DateTimeField(_("told"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    # The double opt-in in flight, as on Subscriber: the link's nonce is cleared when used, so it works once.
    confirmation_nonce = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Part of the cancel link; links never expire, and the request's own secret is what makes them its own.
    secret = models.CharField(max_length=64, default=new_secret, editable=False)

    class Meta:
        verbose_name = _("back-in-stock request")
        verbose_name_plural = _("back-in-stock requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "variant",
                condition=models.Q(status__in=["pending", "confirmed"]),
                name="back_in_stock_one_active_request",
            ),
        ]
        indexes = [models.Index(fields=["variant", "status"], name="back_in_stock_variant_status")]

    def __str__(self) -> str:
        return f"{self.email} → {self.variant_id}"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)
