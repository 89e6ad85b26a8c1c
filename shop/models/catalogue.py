"""The catalogue: categories, brands, products, their variants and images."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from config.caches import BRAND_LIST, CATEGORY_LIST
from config.caching import forget
from shop.money import DEFAULT_CURRENCY as CURRENCY  # defined once in shop.money; shop.models re-exports it
from shop.specifications import ProductType, spec_values


class ReadOnlyWhenShown(models.Model):
    """A row read to be shown in another language holds the translation in its text fields
    (shop.selectors.translations marks it `shown_language`): saving it would write that text over the English."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if getattr(self, "shown_language", None):
            raise ValueError(f"{self!r} holds its {self.shown_language} text for display and cannot be saved.")
        super().save(*args, **kwargs)


class CachedInList(models.Model):
    """Every page reads the whole list of these from the cache; saving or deleting one clears that list.

    Deleting clears it through post_delete (below), which a queryset delete sends too: the admin's bulk
    delete removes snippets that way, without calling delete() on each.
    """

    list_cache_key: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        forget(self.list_cache_key)


class Category(ReadOnlyWhenShown, index.Indexed, CachedInList, ClusterableModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("description")]
    list_cache_key = CATEGORY_LIST.key

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:category", kwargs={"category_slug": self.slug})


class Brand(CachedInList):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    list_cache_key = BRAND_LIST.key

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


@receiver(post_delete, sender=Category, dispatch_uid="shop.forget_category_list_on_delete")
@receiver(post_delete, sender=Brand, dispatch_uid="shop.forget_brand_list_on_delete")
def forget_list_on_delete(sender, instance: CachedInList, **kwargs) -> None:
    forget(instance.list_cache_key)


class ProductQuerySet(models.QuerySet):
    def active(self) -> ProductQuerySet:
        return self.filter(is_active=True)


class Product(ReadOnlyWhenShown, index.Indexed, ClusterableModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences for cards and search engines.")
    )
    description = RichTextField(_("description"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="products")
    product_type = models.CharField(_("product type"), max_length=20, choices=ProductType.choices)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive products are hidden from shoppers.")
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Typed specifications; shop.specifications says which apply to each product type.
    stall_force_lb = models.PositiveIntegerField(_("stall force (lb)"), null=True, blank=True)
    amplitude_mm = models.DecimalField(_("amplitude (mm)"), max_digits=5, decimal_places=1, null=True, blank=True)
    speed_settings = models.PositiveSmallIntegerField(_("speed settings"), null=True, blank=True)
    battery_life_h = models.DecimalField(_("battery life (h)"), max_digits=5, decimal_places=1, null=True, blank=True)
    weight_g = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    noise_db = models.PositiveSmallIntegerField(_("noise (dB)"), null=True, blank=True)
    material = models.CharField(_("material"), max_length=120, blank=True)
    piece_count = models.PositiveSmallIntegerField(_("piece count"), null=True, blank=True)
    sizes = models.CharField(_("sizes"), max_length=200, blank=True)
    volume_ml = models.PositiveIntegerField(_("volume (mL)"), null=True, blank=True)
    ingredients = models.TextField(_("ingredients"), blank=True)
    length_mm = models.PositiveIntegerField(_("length (mm)"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.RelatedFields("brand", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        # Every language's text, so a French search ("pierre", "huile") finds the product too;
        # ProductTranslation asks for the product to be indexed again when it changes.
        index.RelatedFields(
            "translations",
            [index.SearchField("name"), index.SearchField("summary"), index.SearchField("description")],
        ),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:product", kwargs={"slug": self.slug})

    @property
    def specifications(self):
        return spec_values(self, self.product_type)


class ProductVariant(ReadOnlyWhenShown, Orderable):
    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    colour = models.CharField(_("colour"), max_length=60, blank=True)
    size = models.CharField(_("size"), max_length=60, blank=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    compare_at_price = models.DecimalField(
        _("compare-at price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The regular price, shown struck through when it is higher than the price."),
    )
    currency = models.CharField(max_length=3, default=CURRENCY, editable=False)
    stock_quantity = models.PositiveIntegerField(_("stock quantity"), default=0)
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"), default=3, help_text=_("Staff are told when the stock falls to this many or fewer.")
    )
    weight_g = models.PositiveIntegerField(_("shipping weight (g)"), default=0)

    class Meta(Orderable.Meta):
        verbose_name = _("variant")
        verbose_name_plural = _("variants")

    def __str__(self) -> str:
        return f"{self.product.name} — {self.title}" if self.title else self.product.name

    @property
    def title(self) -> str:
        """The option values that tell this variant apart ("Graphite / Large"), or "" for a single variant."""
        return " / ".join(value for value in (self.colour, self.size) if value)

    @property
    def in_stock(self) -> bool:
        return self.stock_quantity > 0

    @property
    def is_low_on_stock(self) -> bool:
        return self.stock_quantity <= self.low_stock_threshold


class ProductImage(Orderable):
    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self) -> str:
        return self.caption or f"Image of {self.product}"
