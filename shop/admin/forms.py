"""The product edit form in the admin: a product is sellable only with variants whose SKUs are unique.

Saving it can put a sold-out variant back in stock, so the save runs inside the stock service's watch
(SHOP_STOCK_RETURNED_HOOKS run for the variants that came back), and it records every changed price in the
price history (shop.services.price_history).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from shop.models import ProductVariant
from shop.services.price_history import variant_prices_record
from shop.services.stock import stock_returns_watched


class ProductAdminForm(WagtailAdminModelForm):
    def _kept_variant_forms(self) -> list:
        variants = self.formsets.get("variants")
        if variants is None:
            return []
        kept = []
        for form in variants.forms:
            form.full_clean()  # child forms are not cleaned yet when the parent form cleans
            if variants.can_delete and variants._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # an untouched blank row
            kept.append(form)
        return kept

    def clean(self):
        cleaned_data = super().clean()
        forms = self._kept_variant_forms()
        if not forms:
            self.add_error(None, _("Add at least one variant with its SKU, price and stock before saving."))
            return cleaned_data

        by_sku: dict[str, object] = {}
        for form in forms:
            sku = (form["sku"].value() or "").strip()
            if not sku:
                continue
            if sku in by_sku:
                form.add_error(
                    "sku", _("SKU “%(sku)s” is used twice on this product; each variant needs its own.") % {"sku": sku}
                )
            else:
                by_sku[sku] = form

        # Name the product that already owns the SKU, instead of Django's generic "already exists".
        taken = ProductVariant.objects.filter(sku__in=list(by_sku)).select_related("product")
        for variant in taken:
            form = by_sku[variant.sku]
            if variant.pk == form.instance.pk:
                continue
            if self.instance.pk is not None and variant.product_id == self.instance.pk:
                continue
            form.errors["sku"] = form.error_class(
                [
                    _("SKU “%(sku)s” already belongs to “%(product)s”. Choose another SKU.")
                    % {"sku": variant.sku, "product": variant.product.name}
                ]
            )
        return cleaned_data

    def save(self, commit=True):
        if not commit:
            return super().save(commit=commit)
        if self.instance.pk is None:
            product = super().save(commit=commit)  # a new product's variants were never sold out
        else:
            variant_ids = ProductVariant.objects.filter(product_id=self.instance.pk).values_list("pk", flat=True)
            with stock_returns_watched(list(variant_ids)):
                product = super().save(commit=commit)
        # Every price saved here joins the price history (shop.services.price_history), for honest reference prices.
        variant_prices_record(variant_ids=ProductVariant.objects.filter(product=product).values_list("pk", flat=True))
        return product
