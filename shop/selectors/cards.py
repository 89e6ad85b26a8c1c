"""Product cards: what a card says about a product, read for any number of products in two queries.

Listings, the home page, articles and search all show products as cards. A card is a frozen value
(`ProductCard`) rather than a model instance: products and variants are read as plain rows, which
costs a fraction of building full models, and a card compares equal to another exactly when it would
render the same, so its HTML can be kept and reused until anything it shows changes
(shop.templatetags.catalogue_tags.product_cards).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace

from django.db.models import FilteredRelation, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError

from shop.models import Product, ProductImage
from shop.offers import ProductOffer, product_offer
from shop.selectors.offers import ShelfTerms, offer_for_line, row_line_in, shelf_terms, terms_with_facts

CARD_RENDITION = "fill-400x400"


@dataclass(frozen=True)
class CardVariant:
    """One variant as the card's add-to-cart form offers it."""

    pk: int
    sku: str
    title: str
    in_stock: bool


@dataclass(frozen=True)
class CardImage:
    """The card's square picture: a ready rendition of the product's first image."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ProductCard:
    """A product as a card shows it: name, brand, "from" price (struck-through price when on sale),
    stock, first image and the variants its add-to-cart form offers."""

    pk: int
    slug: str
    name: str
    url: str
    brand_name: str
    offer: ProductOffer
    image: CardImage | None
    variants: tuple[CardVariant, ...]

    @property
    def in_stock(self) -> bool:
        return self.offer.in_stock

    @property
    def has_price_range(self) -> bool:
        return self.offer.has_price_range

    def get_absolute_url(self) -> str:
        return self.url


def product_cards(ids: Iterable[int], *, now: datetime | None = None) -> list[ProductCard]:
    """Cards for the active products among `ids`, in the order given, each id once."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    products, variants = _products_and_variants(ids)
    found = [pk for pk in ids if pk in products]
    images = _card_images(found)
    # The price facts of every variant on the page that needs them, in one query (none when none does).
    terms = terms_with_facts(
        shelf_terms(now=now),
        [
            (variant_id, pk, products[pk][2], price, compare_at)
            for pk in found
            for variant_id, _sku, _colour, _size, price, compare_at, _stock in variants.get(pk, [])
        ],
    )
    cards = []
    for pk in found:
        slug, name, category_id, brand_name = products[pk]
        cards.append(
            _card(
                pk=pk,
                slug=slug,
                name=name,
                category_id=category_id,
                brand_name=brand_name or "",
                variant_rows=variants.get(pk, []),
                image=images.get(pk),
                terms=terms,
            )
        )
    return cards


def product_url(slug: str) -> str:
    """The product page's address, as Product.get_absolute_url gives it; a listing asks for 24 at once."""
    return _product_url(get_script_prefix(), get_urlconf(), get_language(), slug)


@lru_cache(maxsize=4096)
def _product_url(script_prefix: str, urlconf: str | None, language: str | None, slug: str) -> str:
    # Remembered per prefix, URLconf and language too, the things besides the slug that reverse() reads
    # (the language gives French pages their /fr/ prefix).
    return reverse("shop:product", kwargs={"slug": slug}, urlconf=urlconf)


def _card(
    *,
    pk: int,
    slug: str,
    name: str,
    category_id: int,
    brand_name: str,
    variant_rows: list[tuple],
    image: CardImage | None,
    terms: ShelfTerms,
) -> ProductCard:
    offers, options = [], []
    for variant_id, sku, colour, size, price, compare_at, stock in variant_rows:
        # The same title as ProductVariant.title: the option values that tell variants apart.
        title = " / ".join(value for value in (colour, size) if value)
        line = row_line_in(
            variant_id=variant_id,
            product_id=pk,
            category_id=category_id,
            product_name=name,
            variant_title=title,
            sku=sku,
            quantity=1,
            price=price,
            compare_at_price=compare_at,
            terms=terms,
        )
        offers.append(offer_for_line(line, stock=stock, terms=terms))
        options.append(CardVariant(pk=variant_id, sku=sku, title=title, in_stock=stock > 0))
    return ProductCard(
        pk=pk,
        slug=slug,
        name=name,
        url=product_url(slug),
        brand_name=brand_name,
        offer=product_offer(offers),
        image=image,
        variants=tuple(options),
    )


VARIANT_FIELDS = ("id", "sku", "colour", "size", "price", "compare_at_price", "stock_quantity")


def _products_and_variants(ids: list[int]) -> tuple[dict[int, tuple], dict[int, list[tuple]]]:
    """The active products among `ids` and their variants in shop order, in one query (a row per variant)."""
    rows = (
        Product.objects.active()
        .filter(pk__in=ids)
        .order_by("variants__sort_order", "variants__pk")
        .values_list(
            "pk", "slug", "name", "category_id", "brand__name", *(f"variants__{name}" for name in VARIANT_FIELDS)
        )
    )
    products: dict[int, tuple] = {}
    variants: dict[int, list[tuple]] = defaultdict(list)
    for pk, slug, name, category_id, brand_name, variant_id, *variant in rows:
        products.setdefault(pk, (slug, name, category_id, brand_name))
        # A product without variants still comes back once, with the variant columns empty.
        if variant_id is not None:
            variants[pk].append((variant_id, *variant))
    return products, variants


# What a fill rendition's focal_point_key is made of (wagtail.images.models.Filter.get_cache_key).
FOCAL_POINT_FIELDS = ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")


def _card_images(product_ids: list[int]) -> dict[int, CardImage]:
    """Each product's first image as a card rendition, in one query of plain rows; Wagtail makes a missing one.

    A rendition belongs to the image's current focal point, so the stored one is matched on the key
    Wagtail derives from it, and an image whose focal point moved gets a new rendition, as with {% image %}.
    """
    card_filter = Filter(spec=CARD_RENDITION)
    rows = (
        ProductImage.objects.filter(product_id__in=product_ids)
        # Each image's stored card renditions (one per focal point it has had), joined beside it.
        .annotate(
            card=FilteredRelation("image__renditions", condition=Q(image__renditions__filter_spec=card_filter.spec))
        )
        .order_by("sort_order", "pk")
        .values_list(
            "product_id",
            "image_id",
            *(f"image__{field}" for field in FOCAL_POINT_FIELDS),
            "card__focal_point_key",
            "card__file",
            "card__width",
            "card__height",
        )
    )
    first: dict[int, int] = {}
    found: dict[int, tuple[str, int, int]] = {}
    for product_id, image_id, *focal_point, focal_point_key, name, width, height in rows:
        if first.setdefault(product_id, image_id) != image_id:
            continue  # a later image of a product already seen
        key = card_filter.get_cache_key(SimpleNamespace(**dict(zip(FOCAL_POINT_FIELDS, focal_point, strict=True))))
        if name and focal_point_key == key:
            found[product_id] = (name, width, height)
    storage = get_image_model().get_rendition_model()._meta.get_field("file").storage
    images = {
        product_id: CardImage(url=storage.url(name), width=width, height=height)
        for product_id, (name, width, height) in found.items()
    }
    missing = {product_id: image_id for product_id, image_id in first.items() if product_id not in found}
    if missing:
        originals = get_image_model().objects.in_bulk(set(missing.values()))
        for product_id, image_id in missing.items():
            rendition = _create_card_rendition(originals[image_id], card_filter)
            if rendition is not None:
                images[product_id] = CardImage(url=rendition.url, width=rendition.width, height=rendition.height)
    return images


def _create_card_rendition(image, card_filter: Filter):
    """Wagtail makes (and stores) the rendition now; the next page finds it with the others."""
    try:
        return image.get_rendition(card_filter)
    except SourceImageIOError:
        # The original file is gone: the card shows its lettered placeholder rather than a broken picture.
        return None
