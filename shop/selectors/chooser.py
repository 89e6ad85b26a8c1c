"""What the admin's product chooser shows beside each name: a thumbnail, today's price, stock and the active flag.

Prices come from the one price path (shop.selectors.offers), so an editor choosing a product for an article
sees the price shoppers will see, sale included. One page of the chooser costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from shop.models import Product, ProductImage, ProductTranslation, ProductVariant
from shop.money import format_cad
from shop.offers import ProductOffer
from shop.selectors.offers import offers_of_product, shelf_terms, terms_for_products

THUMBNAIL = "fill-80x80"


@dataclass(frozen=True)
class ChooserThumbnail:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ProductChooserRow:
    """One product as the chooser lists it."""

    pk: int
    offer: ProductOffer
    stock: int
    skus: tuple[str, ...]
    is_active: bool
    thumbnail: ChooserThumbnail | None

    @property
    def price_text(self) -> str:
        """ "$49.00", "from $49.00", "$39.00 (sale, was $49.00)"; "" for a product without variants."""
        if not self.offer.available:
            return ""
        price = format_cad(self.offer.price.amount)
        if self.offer.has_price_range:
            price = _("from %(price)s") % {"price": price}
        if self.offer.on_sale:
            price = _("%(price)s (sale, was %(was)s)") % {"price": price, "was": format_cad(self.offer.was.amount)}
        return price


def product_search(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    """Products whose name (in English or any translation), brand or any variant's SKU contains `query`,
    ignoring case."""
    query = query.strip()
    if not query:
        return queryset
    by_sku = ProductVariant.objects.filter(sku__icontains=query).values("product")
    by_translation = ProductTranslation.objects.filter(name__icontains=query).values("product")
    return queryset.filter(
        Q(name__icontains=query) | Q(brand__name__icontains=query) | Q(pk__in=by_sku) | Q(pk__in=by_translation)
    )


def product_chooser_rows(products: Iterable[Product]) -> dict[int, ProductChooserRow]:
    """The chooser's columns for these products (active or not), keyed by id, in a fixed number of queries."""
    ids = [product.pk for product in products]
    if not ids:
        return {}
    images = ProductImage.objects.order_by("sort_order", "pk").prefetch_related(
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(THUMBNAIL))
    )
    loaded = Product.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order", "pk")),
        Prefetch("images", queryset=images),
    )
    loaded = list(loaded)
    terms = terms_for_products(shelf_terms(), loaded)
    rows = {}
    for product in loaded:
        _offers, offer = offers_of_product(product, terms=terms)
        variants = list(product.variants.all())
        first_image = next(iter(product.images.all()), None)
        rows[product.pk] = ProductChooserRow(
            pk=product.pk,
            offer=offer,
            stock=sum(variant.stock_quantity for variant in variants),
            skus=tuple(variant.sku for variant in variants),
            is_active=product.is_active,
            thumbnail=_thumbnail(first_image.image) if first_image else None,
        )
    return rows


def _thumbnail(image) -> ChooserThumbnail | None:
    try:
        rendition = image.get_rendition(THUMBNAIL)
    except SourceImageIOError:  # the original file is gone: no picture rather than a broken one
        return None
    return ChooserThumbnail(url=rendition.url, width=rendition.width, height=rendition.height)
