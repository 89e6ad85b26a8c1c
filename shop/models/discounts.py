"""Discount codes and each use of one (held while an order awaits payment, redeemed once it is paid)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from shop.discounts import DiscountKind


class DiscountCodeKind(models.TextChoices):
    PERCENT = DiscountKind.PERCENT, _("Percent off the order")
    FIXED = DiscountKind.FIXED, _("Amount off the order")
    FREE_SHIPPING = DiscountKind.FREE_SHIPPING, _("Free standard shipping")
    PRICE_MATCH = DiscountKind.PRICE_MATCH, _("Price match: one item at the matched price")


class DiscountCode(models.Model):
    """A code a shopper types at checkout; one per order."""

    code = models.CharField(_("code"), max_length=40, help_text=_("Shoppers may type it in any case."))
    kind = models.CharField(
        _("kind"), max_length=20, choices=DiscountCodeKind.choices, default=DiscountCodeKind.PERCENT
    )
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Percent (10 for 10%) or dollars off the order; ignored for free shipping."),
    )
    minimum_subtotal = models.DecimalField(
        _("minimum subtotal (CAD)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Merchandise at sale prices, before the code, must reach this amount."),
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    usage_limit = models.PositiveIntegerField(
        _("total uses allowed"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    per_customer_limit = models.PositiveIntegerField(
        _("uses per customer"), null=True, blank=True, help_text=_("Counted by email address. Empty for no limit.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Price-match codes (issued when staff approve a request): units of this variant at the matched price,
    # for this email only. Empty on ordinary codes.
    variant = models.ForeignKey(
        "shop.ProductVariant",
        verbose_name=_("variant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Price-match codes only: the item the code is for."),
    )
    bound_email = models.EmailField(
        _("for email"), blank=True, help_text=_("Only an order with this email may use the code. Empty for anyone.")
    )
    matched_price = models.DecimalField(
        _("matched price (CAD)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Price-match codes only: the item sells at this price, never lower."),
    )
    matched_units = models.PositiveSmallIntegerField(
        _("units at the matched price"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Price-match codes only: how many units of the item sell at the matched price."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(Lower("code"), name="shop_discountcode_code_ci_unique")]
        verbose_name = _("discount code")
        verbose_name_plural = _("discount codes")

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        # One spelling in the database, so reports and receipts agree whatever case staff typed.
        self.code = (self.code or "").strip().upper()
        self.bound_email = (self.bound_email or "").strip().lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        if self.kind == DiscountCodeKind.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("A percentage cannot be more than 100.")})
        if self.kind == DiscountCodeKind.PRICE_MATCH and (self.variant_id is None or self.matched_price is None):
            raise ValidationError(_("A price-match code needs its item and its matched price."))
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The code must end after it starts.")})
        clash = DiscountCode.objects.filter(code__iexact=self.code).exclude(pk=self.pk)
        if self.code and clash.exists():
            raise ValidationError({"code": _("Another discount code already uses this code.")})


class DiscountRedemptionStatus(models.TextChoices):
    RESERVED = "reserved", _("Held by an order awaiting payment")
    REDEEMED = "redeemed", _("Used on a paid order")
    RELEASED = "released", _("Released: the order was not paid")


# The uses a code's limits count: held by unpaid orders, and spent on paid ones.
COUNTED_REDEMPTION_STATUSES = (DiscountRedemptionStatus.RESERVED, DiscountRedemptionStatus.REDEEMED)


class DiscountRedemption(models.Model):
    """One use of a code by one order; usage limits count the reserved and redeemed rows.

    Checkout reserves the use when the order is placed (with the code's row locked, so two shoppers
    cannot both take its last use), redeems it when the order is paid, and releases it when an unpaid
    order expires or is cancelled, which frees the use for someone else.
    """

    code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="redemptions")
    email = models.EmailField(_("customer email"))
    order_id = models.PositiveBigIntegerField(_("order"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DiscountRedemptionStatus.choices,
        default=DiscountRedemptionStatus.REDEEMED,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("discount redemption")
        verbose_name_plural = _("discount redemptions")

    def __str__(self) -> str:
        return f"{self.code} — {self.email}"

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)
