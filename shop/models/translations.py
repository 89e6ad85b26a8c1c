"""The catalogue's text in other languages: one row per product (or category) and Wagtail Locale.

Products, variants and categories stay one row each, because they carry stock, the price history and order
lines; a Wagtail TranslatableMixin copy per locale would split those. Only what a shopper reads is
translated here, and an empty field falls back to the English column (shop.selectors.translations).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.models import Locale
from wagtail.search import index

from config.caches import CATEGORY_LIST
from config.caching import forget


def product_reindex(product_id: int) -> None:
    """The product's search entry holds its translations' text: write it again once the change is committed
    (a product deleted meanwhile, taking its translations with it, has nothing left to index)."""

    def reindex() -> None:
        product = apps.get_model("shop", "Product").objects.filter(pk=product_id).first()
        if product is not None:
            index.insert_or_update_object(product)

    transaction.on_commit(reindex)


def translated_languages() -> models.Q:
    """The locales a translation may be written for: every one but the shop's own language, whose text is the
    product's (or category's) own columns."""
    return ~models.Q(language_code__istartswith=settings.LANGUAGE_CODE.split("-")[0])


class LocaleText(models.Model):
    """A catalogue row's text in one language other than the shop's own (the row itself holds the English)."""

    locale = models.ForeignKey(
        Locale,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=translated_languages,
        verbose_name=_("language"),
    )

    class Meta:
        abstract = True


class ProductTranslation(LocaleText):
    product = ParentalKey("shop.Product", on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(_("description"), blank=True)
    material = models.CharField(_("material"), max_length=120, blank=True)
    sizes = models.CharField(_("sizes"), max_length=200, blank=True)
    ingredients = models.TextField(_("ingredients"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "locale"], name="shop_product_translation_unique_locale")
        ]
        verbose_name = _("product translation")
        verbose_name_plural = _("product translations")

    def __str__(self) -> str:
        return f"{self.name or self.product_id} ({self.locale_id})"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        product_reindex(self.product_id)


class CategoryTranslation(LocaleText):
    category = ParentalKey("shop.Category", on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "locale"], name="shop_category_translation_unique_locale")
        ]
        verbose_name = _("category translation")
        verbose_name_plural = _("category translations")

    def __str__(self) -> str:
        return f"{self.name or self.category_id} ({self.locale_id})"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        forget(CATEGORY_LIST.key)  # the menu and facets are cached with every language's names


class OptionTranslation(models.Model):
    """One option value (a variant's colour or size, "Glacier white") as shoppers read it in another language.

    A glossary rather than a row per variant: the same few colours and sizes recur across products, and
    staff write each once.
    """

    locale = models.ForeignKey(
        Locale,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=translated_languages,
        verbose_name=_("language"),
    )
    value = models.CharField(
        _("option value"), max_length=60, help_text=_("A variant's colour or size exactly as written in English.")
    )
    translation = models.CharField(_("translation"), max_length=60)

    class Meta:
        ordering = ["value"]
        constraints = [models.UniqueConstraint(fields=["locale", "value"], name="shop_option_translation_unique_value")]
        verbose_name = _("option translation")
        verbose_name_plural = _("option translations")

    def __str__(self) -> str:
        return f"{self.value} → {self.translation}"


@receiver(post_delete, sender=CategoryTranslation, dispatch_uid="shop.forget_category_list_on_translation_delete")
def forget_categories_on_translation_delete(sender, instance: CategoryTranslation, **kwargs) -> None:
    forget(CATEGORY_LIST.key)


@receiver(post_delete, sender=ProductTranslation, dispatch_uid="shop.reindex_product_on_translation_delete")
def reindex_product_on_translation_delete(sender, instance: ProductTranslation, **kwargs) -> None:
    product_reindex(instance.product_id)
