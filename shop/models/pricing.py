"""Pricing data staff edit in the admin: sale events, shipping zones and rates, tax rates (codes: discounts.py).

These rows are only data; the rules that read them live in shop.pricing and its helpers.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from config.caches import SALE_EVENTS
from config.caching import forget
from shop.discounts import DiscountKind
from shop.provinces import Province
from shop.shipping import ShippingMethod
from shop.tax import TaxName


class PromotionKind(models.TextChoices):
    PERCENT = DiscountKind.PERCENT, _("Percent off")
    FIXED = DiscountKind.FIXED, _("Amount off each unit")


class PromotionQuerySet(models.QuerySet):
    def running(self, now: datetime) -> PromotionQuerySet:
        return self.filter(is_active=True, starts_at__lte=now).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        )


class Promotion(models.Model):
    """A sale event, e.g. an anniversary sale: an amount off every unit of some products or categories."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Shown to shoppers next to the sale price."))
    kind = models.CharField(_("kind"), max_length=20, choices=PromotionKind.choices, default=PromotionKind.PERCENT)
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Percent (15 for 15%) or dollars off each unit."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, help_text=_("Leave empty for no end."))
    products = models.ManyToManyField("shop.Product", blank=True, related_name="promotions", verbose_name=_("products"))
    categories = models.ManyToManyField(
        "shop.Category", blank=True, related_name="promotions", verbose_name=_("categories")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "name"]
        verbose_name = _("sale event")
        verbose_name_plural = _("sale events")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Catalogue pages price from a cached list of sale events; a changed sale shows at once.
        forget_sale_events()

    def clean(self) -> None:
        if self.kind == PromotionKind.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("A percentage cannot be more than 100.")})
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The sale must end after it starts.")})


# Through signals rather than delete(), so a queryset delete (the admin's bulk delete) clears it too, and
# so do changes to a sale's products and categories, which are saved after the sale itself.
@receiver(post_delete, sender=Promotion, dispatch_uid="shop.forget_sale_events_on_delete")
@receiver(m2m_changed, sender=Promotion.products.through, dispatch_uid="shop.forget_sale_events_on_products")
@receiver(m2m_changed, sender=Promotion.categories.through, dispatch_uid="shop.forget_sale_events_on_categories")
def forget_sale_events_on_change(sender, **kwargs) -> None:
    forget_sale_events()


def forget_sale_events() -> None:
    """Drop the cached list of sale events (shop.selectors.pricing.shelf_sale_events reads it)."""
    forget(SALE_EVENTS.key)


class ProvincesField(models.CharField):
    """A set of province codes stored as "AB,BC,MB", edited as checkboxes."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection) -> list[str]:
        return self.to_python(value)

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple | set | frozenset):
            return sorted({str(code).upper() for code in value})
        return sorted({code.strip().upper() for code in (value or "").split(",") if code.strip()})

    def get_prep_value(self, value) -> str:
        return ",".join(self.to_python(value))

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance) -> None:
        unknown = set(self.to_python(value)) - set(Province.values)
        if unknown:
            raise ValidationError(_("Unknown province codes: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=Province.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class ShippingZone(ClusterableModel):
    """A group of provinces that share shipping rates."""

    name = models.CharField(_("name"), max_length=80)
    provinces = ProvincesField(_("provinces and territories"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self) -> str:
        return self.name


class ShippingRate(Orderable):
    zone = ParentalKey(ShippingZone, on_delete=models.CASCADE, related_name="rates")
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=[(ShippingMethod.STANDARD, _("Standard")), (ShippingMethod.EXPEDITED, _("Expedited"))],
        default=ShippingMethod.STANDARD,
    )
    price = models.DecimalField(_("price (CAD)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    delivery_days_min = models.PositiveSmallIntegerField(
        _("delivery from (business days)"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The fewest business days a parcel takes once shipped; shown at checkout and on the shipping page."
        ),
    )
    delivery_days_max = models.PositiveSmallIntegerField(
        _("delivery up to (business days)"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("The most business days a parcel usually takes once shipped."),
    )

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["zone", "method"], name="shop_shippingrate_one_per_method"),
            models.CheckConstraint(
                condition=models.Q(delivery_days_max__gte=models.F("delivery_days_min")),
                name="shop_shippingrate_delivery_days_in_order",
            ),
        ]
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")

    def __str__(self) -> str:
        return f"{self.zone} — {self.get_method_display()}: ${self.price}"

    def clean(self) -> None:
        super().clean()
        if (
            self.delivery_days_min is not None
            and self.delivery_days_max is not None
            and self.delivery_days_max < self.delivery_days_min
        ):
            raise ValidationError(
                {"delivery_days_max": _("The longest delivery time cannot be shorter than the shortest.")}
            )


class TaxComponent(models.TextChoices):
    GST = TaxName.GST, _("GST")
    HST = TaxName.HST, _("HST")
    PST = TaxName.PST, _("PST")
    RST = TaxName.RST, _("RST")
    QST = TaxName.QST, _("QST")


class TaxRate(models.Model):
    """One sales-tax component in one province, from a date; keep old rows so past orders stay explainable."""

    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    name = models.CharField(_("tax"), max_length=3, choices=TaxComponent.choices)
    rate = models.DecimalField(
        _("rate"),
        max_digits=7,
        decimal_places=5,
        validators=[MinValueValidator(0)],
        help_text=_("As a fraction: 0.13 for 13%, 0.09975 for 9.975%."),
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("The last day this rate applies; empty while current.")
    )

    class Meta:
        ordering = ["province", "name", "-effective_from"]
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")

    def __str__(self) -> str:
        return f"{self.province} {self.name} {self.rate * 100:.3f}% from {self.effective_from}"

    def clean(self) -> None:
        if self.rate is not None and self.rate >= 1:
            raise ValidationError({"rate": _("Enter the rate as a fraction, e.g. 0.13 for 13%.")})
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The rate must end on or after the day it starts.")})
