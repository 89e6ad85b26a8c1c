"""Every change of a variant's list price, with its time: the facts behind honest reference prices.

Written only by shop.services.price_history.variant_prices_record; read by shop.selectors.reference_prices.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VariantPriceChange(models.Model):
    """From `changed_at` on (until the next row), the variant's list price was `price`."""

    variant = models.ForeignKey(
        "shop.ProductVariant", on_delete=models.CASCADE, related_name="price_changes", verbose_name=_("variant")
    )
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    changed_at = models.DateTimeField(_("from"))

    class Meta:
        ordering = ["variant", "changed_at", "pk"]
        indexes = [models.Index(fields=["variant", "changed_at"], name="shop_pricechange_variant_at")]
        verbose_name = _("price change")
        verbose_name_plural = _("price changes")

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.price} from {self.changed_at:%Y-%m-%d %H:%M}"
