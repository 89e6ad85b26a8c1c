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
from types import SimpleNamespace

from django.db.models import FilteredRelation, Q
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError

from shop.models import Product, ProductImage
from shop.offers import ProductOffer, product_offer
from shop.selectors.links import product_url
from shop.selectors.offers import ShelfTerms, offer_for_line, row_line_in, shelf_terms, terms_with_facts
from shop.selectors.translations import with_option_text, with_product_text

CARD_RENDITION = "fill-400x400"
# The card's picture on the page: WebP at two widths for `srcset`; CARD_RENDITION (the original's format) stays
# the `src` for anything that reads no srcset, and the picture in emails, where WebP is not safe.
CARD_SRCSET_RENDITIONS = ("fill-240x240|format-webp", "fill-480x480|format-webp")
CARD_RENDITIONS = (CARD_RENDITION, *CARD_SRCSET_RENDITIONS)


@dataclass(frozen=True)
class CardVariant:
    """One variant as the card's add-to-cart form offers it."""

    pk: int
    sku: str
    title: str
    in_stock: bool


@dataclass(frozen=True)
class CardImage:
    """The card's square picture: ready renditions of the product's first image (`srcset`: WebP by width)."""

    url: str
    width: int
    height: int
    srcset: str


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


# Each variant's columns, its colour and size as shown in the active language (shop.selectors.translations).
VARIANT_FIELDS = (
    "variants__id",
    "variants__sku",
    "variant_shown_colour",
    "variant_shown_size",
    "variants__price",
    "variants__compare_at_price",
    "variants__stock_quantity",
)


def _products_and_variants(ids: list[int]) -> tuple[dict[int, tuple], dict[int, list[tuple]]]:
    """The active products among `ids` and their variants in shop order, in one query (a row per variant),
    their names and options in the active language."""
    products = with_product_text(Product.objects.active().filter(pk__in=ids), fields=("name",))
    rows = (
        with_option_text(products, via="variants__", prefix="variant_shown")
        .order_by("variants__sort_order", "variants__pk")
        .values_list("pk", "slug", "shown_name", "category_id", "brand__name", *VARIANT_FIELDS)
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
    """Each product's first image as its card renditions, in one query of plain rows; Wagtail makes a missing one.

    A rendition belongs to the image's current focal point, so a stored one is matched on the key Wagtail
    derives from it, and an image whose focal point moved gets new renditions, as with {% image %}.
    """
    filters = [Filter(spec=spec) for spec in CARD_RENDITIONS]
    # Each image's stored renditions of each spec (one per focal point it has had), joined beside it.
    joins = {
        f"r{index}": FilteredRelation("image__renditions", condition=Q(image__renditions__filter_spec=card_filter.spec))
        for index, card_filter in enumerate(filters)
    }
    columns = [f"{join}__{field}" for join in joins for field in ("focal_point_key", "file", "width", "height")]
    rows = (
        ProductImage.objects.filter(product_id__in=product_ids)
        .annotate(**joins)
        .order_by("sort_order", "pk")
        .values_list("product_id", "image_id", *(f"image__{field}" for field in FOCAL_POINT_FIELDS), *columns)
    )
    first: dict[int, int] = {}
    found: dict[int, dict[int, tuple[str, int, int]]] = defaultdict(dict)
    for product_id, image_id, *values in rows:
        if first.setdefault(product_id, image_id) != image_id:
            continue  # a later image of a product already seen
        focal_point = SimpleNamespace(**dict(zip(FOCAL_POINT_FIELDS, values[:4], strict=True)))
        renditions = values[4:]
        for index, card_filter in enumerate(filters):
            focal_point_key, name, width, height = renditions[index * 4 : index * 4 + 4]
            if name and focal_point_key == card_filter.get_cache_key(focal_point):
                found[product_id][index] = (name, width, height)
    storage = get_image_model().get_rendition_model()._meta.get_field("file").storage
    incomplete = {product_id for product_id in first if len(found[product_id]) < len(filters)}
    originals = (
        get_image_model().objects.in_bulk({first[product_id] for product_id in incomplete}) if incomplete else {}
    )
    images = {}
    for product_id, image_id in first.items():
        stored = found[product_id]
        if product_id in incomplete:
            stored = _create_card_renditions(originals[image_id], filters)
            if stored is None:
                continue
        url = {index: storage.url(name) for index, (name, _width, _height) in stored.items()}
        _name, width, height = stored[0]
        # One candidate per width: a small original gives every spec the same size.
        widths = {stored[index][1]: url[index] for index in range(1, len(filters))}
        images[product_id] = CardImage(
            url=url[0],
            width=width,
            height=height,
            srcset=", ".join(f"{candidate} {size}w" for size, candidate in sorted(widths.items())),
        )
    return images


def _create_card_renditions(image, filters: list[Filter]) -> dict[int, tuple[str, int, int]] | None:
    """Wagtail makes (and stores) the missing renditions now; the next page finds them with the others."""
    try:
        renditions = image.get_renditions(*filters)
    except SourceImageIOError:
        # The original file is gone: the card shows its lettered placeholder rather than a broken picture.
        return None
    made = [renditions[card_filter.spec] for card_filter in filters]
    return {index: (rendition.file.name, rendition.width, rendition.height) for index, rendition in enumerate(made)}
