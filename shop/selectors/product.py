"""The product page: the product with its variants' offers, gallery and specifications, and its JSON.

The articles that mention a product come from content's `{% articles_about %}` tag: shop never reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from shop.models import Product, ProductImage, ProductVariant
from shop.offers import ProductOffer, VariantOffer
from shop.selectors.links import product_url
from shop.selectors.offers import offers_of_product
from shop.selectors.translations import (
    show_category_text,
    show_option_text,
    show_product_text,
    with_category_text,
    with_option_text,
    with_product_text,
)

# What templates/shop/product.html shows: the main picture's WebP srcset (400 and 800) and the thumbnails.
GALLERY_RENDITIONS = ("fill-400x400|format-webp", "fill-800x800|format-webp", "fill-160x160|format-webp")


def _renditions_prefetch(*specs: str) -> Prefetch:
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        "image__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


# --- product page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantChoice:
    variant: ProductVariant
    offer: VariantOffer
    selected: bool


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    offer: ProductOffer
    variants: list[VariantChoice]
    selected: VariantChoice | None
    images: list[ProductImage]
    specifications: list


def product_detail(slug: str, *, sku: str = "") -> ProductDetail | None:
    """An active product with its variants (the one named by `sku`, else the first in stock, selected),
    ordered images and specifications, its text in the active language; None when not for sale."""
    gallery = ProductImage.objects.select_related("image").prefetch_related(_renditions_prefetch(*GALLERY_RENDITIONS))
    products = with_category_text(with_product_text(Product.objects.active()), via="category__")
    product = (
        products.select_related("brand", "category")
        .prefetch_related(
            Prefetch("variants", queryset=_shown_variants()),
            Prefetch("images", queryset=gallery.order_by("sort_order", "pk")),
        )
        .filter(slug=slug)
        .first()
    )
    if product is None:
        return None
    _show_product(product)
    show_category_text(product.category, product)
    variants = list(product.variants.all())
    offers, offer = offers_of_product(product)
    chosen = next((v for v in variants if v.sku == sku), None) if sku else None
    chosen = chosen or next((v for v in variants if v.in_stock), None) or next(iter(variants), None)
    choices = [VariantChoice(v, o, v is chosen) for v, o in zip(variants, offers, strict=True)]
    return ProductDetail(
        product=product,
        offer=offer,
        variants=choices,
        selected=next((choice for choice in choices if choice.selected), None),
        images=list(product.images.all()),
        # Shoppers see only what is known; the compare view keeps the blanks to line products up.
        specifications=[spec for spec in product.specifications if spec.value not in (None, "")],
    )


def _shown_variants():
    return with_option_text(ProductVariant.objects.order_by("sort_order", "pk"))


def _show_product(product: Product) -> None:
    """The loaded product (variants prefetched from _shown_variants) with its text in the active language."""
    show_product_text(product)
    for variant in product.variants.all():
        show_option_text(variant)


SCHEMA_IN_STOCK = "https://schema.org/InStock"
SCHEMA_OUT_OF_STOCK = "https://schema.org/OutOfStock"


def product_json_ld(detail: ProductDetail, *, absolute_url: Callable[[str], str]) -> dict[str, Any]:
    """schema.org Product data with one CAD Offer per variant, for search engines."""
    product = detail.product
    url = absolute_url(product.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "category": product.category.name,
        "offers": [
            {
                "@type": "Offer",
                "sku": choice.variant.sku,
                "name": choice.variant.title or product.name,
                "price": choice.offer.price.decimal_string(),
                "priceCurrency": choice.offer.price.currency,
                "availability": SCHEMA_IN_STOCK if choice.offer.in_stock else SCHEMA_OUT_OF_STOCK,
                "url": url,
            }
            for choice in detail.variants
        ],
    }
    if product.summary:
        data["description"] = product.summary
    if product.brand is not None:
        data["brand"] = {"@type": "Brand", "name": product.brand.name}
    if detail.selected is not None:
        data["sku"] = detail.selected.variant.sku
    if detail.images:
        data["image"] = [absolute_url(product_image.image.file.url) for product_image in detail.images]
    return data


def product_js(slug: str) -> dict[str, Any] | None:
    """The product as Shopify's /products/<handle>.js shapes it, prices in cents; None when not for sale."""
    product = (
        with_product_text(Product.objects.active(), fields=("name",))
        .filter(slug=slug)
        .prefetch_related(Prefetch("variants", queryset=_shown_variants()))
        .first()
    )
    if product is None:
        return None
    _show_product(product)
    offers, offer = offers_of_product(product)
    variants = [
        {
            "id": variant.pk,
            "title": variant.title or _("Default"),
            "sku": variant.sku,
            "price": variant_offer.price.cents,
            "compare_at_price": variant_offer.was.cents if variant_offer.was else None,
            "available": variant_offer.in_stock,
        }
        for variant, variant_offer in zip(product.variants.all(), offers, strict=True)
    ]
    prices = [variant["price"] for variant in variants]
    return {
        "id": product.pk,
        "handle": product.slug,
        "title": product.name,
        "url": product_url(product.slug),
        "available": offer.in_stock,
        "price": offer.price.cents if offer.price is not None else None,
        "price_min": min(prices) if prices else None,
        "price_max": max(prices) if prices else None,
        "variants": variants,
    }
