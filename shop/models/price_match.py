"""Price-match requests, the append-only log of each step, and the settings the policy reads."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import register_setting

from config.private_media import private_storage
from config.site_settings import CachedSiteSetting
from shop.money import DEFAULT_CURRENCY
from shop.price_match import (
    DEFAULT_CODE_VALIDITY_DAYS,
    DEFAULT_MARKETPLACE_DOMAINS,
    DEFAULT_MAX_DISCOUNT_PERCENT,
    DEFAULT_REQUEST_WINDOW_DAYS,
    DEFAULT_UNITS_PER_MATCH,
    PriceMatchPolicy,
    parse_domains,
)


@register_setting(icon="tag")
class PriceMatchSettings(CachedSiteSetting):
    """The price-match policy's values: the rules check them and the published policy page prints them."""

    enabled = models.BooleanField(
        _("accept price-match requests"),
        default=True,
        help_text=_("Off: the product pages hide the link and the form says requests are paused."),
    )
    max_discount_percent = models.DecimalField(
        _("largest discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_MAX_DISCOUNT_PERCENT,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A match never takes more than this percentage off our own price."),
    )
    marketplace_domains = models.TextField(
        _("marketplace and auction sites"),
        default="\n".join(DEFAULT_MARKETPLACE_DOMAINS),
        blank=True,
        help_text=_("One domain a line; listings on these sites (and their subdomains) are not matched."),
    )
    request_window_days = models.PositiveSmallIntegerField(
        _("days after purchase"),
        default=DEFAULT_REQUEST_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A shopper who already bought the item may ask this many days after ordering."),
    )
    code_validity_days = models.PositiveSmallIntegerField(
        _("code valid for (days)"),
        default=DEFAULT_CODE_VALIDITY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("How long a price-match code works after staff approve the request."),
    )
    units_per_match = models.PositiveSmallIntegerField(
        _("units per match"),
        default=DEFAULT_UNITS_PER_MATCH,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("How many units of the item one approved match covers, with a code or a refund."),
    )

    class Meta:
        verbose_name = _("price match settings")

    def policy(self) -> PriceMatchPolicy:
        return PriceMatchPolicy(
            enabled=self.enabled,
            max_discount_percent=Decimal(self.max_discount_percent),
            marketplace_domains=parse_domains(self.marketplace_domains),
            request_window_days=int(self.request_window_days),
            code_validity_days=int(self.code_validity_days),
            units_per_match=int(self.units_per_match),
        )


class PriceMatchStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def screenshot_path(instance: PriceMatchRequest, filename: str) -> str:
    """A random name under price-match/: the shopper's own file name is neither kept nor guessable."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"price-match/{uuid.uuid4().hex}{suffix}"


class PriceMatchRequest(models.Model):
    """A shopper's "Found it cheaper?": what they found, where, and what staff decided."""

    status = models.CharField(
        _("status"), max_length=10, choices=PriceMatchStatus.choices, default=PriceMatchStatus.PENDING, db_index=True
    )
    variant = models.ForeignKey(
        "shop.ProductVariant",
        verbose_name=_("item"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="price_match_requests",
    )
    sku = models.CharField(_("SKU"), max_length=64, db_index=True)  # kept if the variant is deleted
    product_name = models.CharField(_("product"), max_length=200)
    competitor_name = models.CharField(_("retailer"), max_length=120)
    competitor_url = models.URLField(_("listing address"), max_length=500)
    competitor_price = models.DecimalField(
        _("their price incl. shipping"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    in_stock_confirmed = models.BooleanField(_("in stock there"), default=False)
    identical_confirmed = models.BooleanField(_("identical item"), default=False)
    canadian_retailer_confirmed = models.BooleanField(_("Canadian retailer"), default=False)
    special_price = models.BooleanField(_("clearance, coupon or bundle price"), default=False)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, default="en", editable=False)  # for the emails
    # Private: only staff who may view requests open it (shop/admin/price_match.py), never the public /media/.
    screenshot = models.ImageField(_("screenshot"), upload_to=screenshot_path, storage=private_storage, blank=True)
    order = models.ForeignKey(
        "shop.Order",
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="price_match_requests",
    )
    shelf_price = models.DecimalField(
        _("our price when asked"), max_digits=10, decimal_places=2, help_text=_("Or what the shopper paid, per unit.")
    )
    matched_price = models.DecimalField(_("matched price"), max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)
    discount_code = models.ForeignKey(
        "shop.DiscountCode", verbose_name=_("code"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refund = models.ForeignKey(
        "shop.Refund", verbose_name=_("refund"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("price-match request")
        verbose_name_plural = _("price-match requests")

    def __str__(self) -> str:
        return f"{self.sku} — {self.competitor_name} ({self.email})"

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def after_purchase(self) -> bool:
        return self.order_id is not None


class PriceMatchEventKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    APPROVED = "approved", _("Approved")
    CODE_ISSUED = "code_issued", _("Code issued")
    REFUNDED = "refunded", _("Difference refunded")
    REFUND_FAILED = "refund_failed", _("Refund failed")
    REJECTED = "rejected", _("Rejected")
    EMAILED = "emailed", _("Shopper emailed")


class AppendOnly(Exception):
    """The audit log is never edited or deleted."""


class PriceMatchEvent(models.Model):
    """One step of a request, written once and never changed: the audit log staff and the owner read."""

    request = models.ForeignKey(PriceMatchRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("step"), max_length=16, choices=PriceMatchEventKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("price-match log entry")
        verbose_name_plural = _("price-match log")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.note}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnly("Price-match log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Price-match log entries are never deleted.")
