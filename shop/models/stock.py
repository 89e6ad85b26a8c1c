"""Stock adjustments: every unit staff add or take off the shelf by hand, with the reason, kept for good."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StockAdjustmentReason(models.TextChoices):
    RECEIVED = "received", _("Delivery received")
    COUNT = "count", _("Stock count correction")
    DAMAGED = "damaged", _("Damaged or expired")
    RETURNED = "returned", _("Customer return")
    LOST = "lost", _("Lost or stolen")
    OTHER = "other", _("Other")


class StockAdjustment(models.Model):
    variant = models.ForeignKey(
        "shop.ProductVariant", on_delete=models.CASCADE, related_name="stock_adjustments", verbose_name=_("variant")
    )
    delta = models.IntegerField(_("change"), help_text=_("Units added (positive) or taken off the shelf (negative)."))
    stock_after = models.PositiveIntegerField(_("stock after"), editable=False, default=0)
    reason = models.CharField(_("reason"), max_length=20, choices=StockAdjustmentReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("stock adjustment")
        verbose_name_plural = _("stock adjustments")

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.delta:+d} ({self.reason})"
