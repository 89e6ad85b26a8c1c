"""Reading what the compare pages need: products by slug (in a fixed number of queries) and the session selection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from wagtail.images import get_image_model

from compare.comparison import ComparisonTable, ProductFacts, build_comparison
from compare.services import MIN_TO_COMPARE, SESSION_KEY, CompareSelection, compare_query, reconcile
from shop.models import Product, ProductImage, ProductVariant
from shop.selectors.offers import ShelfTerms, offers_of_product, shelf_terms, terms_for_products
from shop.selectors.translations import show_product_text, with_product_text

# Square renditions: the comparison column's picture, and the tray's 48 px thumbnail at twice its size.
THUMBNAIL_FILTER = "fill-320x320"
TRAY_FILTER = "fill-96x96"


def selection_from_session(session: Mapping) -> CompareSelection:
    return CompareSelection.from_stored(session.get(SESSION_KEY))


def _images_prefetch(filter_spec: str) -> Prefetch:
    images = ProductImage.objects.order_by("sort_order", "pk").prefetch_related(
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(filter_spec))
    )
    return Prefetch("images", queryset=images)


def _comparison_queryset():
    """Products with brand, variants and image renditions, their text in the active language: five queries
    whatever the count."""
    return (
        with_product_text(Product.objects.all())
        .select_related("brand")
        .prefetch_related(
            Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order", "pk")),
            _images_prefetch(THUMBNAIL_FILTER),
        )
    )


def _tray_queryset():
    """The tray shows a name and a thumbnail only."""
    return with_product_text(Product.objects.only("slug", "name", "is_active"), fields=("name",)).prefetch_related(
        _images_prefetch(TRAY_FILTER)
    )


def products_by_slugs(slugs: Sequence[str], *, active_only: bool = True, queryset=None) -> list[Product]:
    """The products named, in the order named; slugs that match nothing are simply absent."""
    if not slugs:
        return []
    queryset = (queryset if queryset is not None else _comparison_queryset()).filter(slug__in=list(slugs))
    if active_only:
        queryset = queryset.active()
    by_slug = {product.slug: product for product in queryset}
    for product in by_slug.values():
        show_product_text(product)
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def first_image(product: Product):
    images = list(product.images.all())  # prefetched, ordered
    return images[0] if images else None


def thumbnail_url(product: Product, filter_spec: str = THUMBNAIL_FILTER) -> str:
    product_image = first_image(product)
    if product_image is None:
        return ""
    return product_image.image.get_rendition(filter_spec).url


def product_facts(product: Product, *, terms: ShelfTerms | None = None) -> ProductFacts:
    """The comparison's view of one loaded product (relations must already be prefetched), priced by its offer."""
    product_image = first_image(product)
    return ProductFacts(
        slug=product.slug,
        name=product.name,
        product_type=product.product_type,
        url=product.get_absolute_url(),
        brand_name=product.brand.name if product.brand else "",
        image_url=thumbnail_url(product),
        image_alt=(product_image.caption or product.name) if product_image else "",
        offer=offers_of_product(product, terms=terms)[1],
        specs=tuple(product.specifications),
    )


@dataclass(frozen=True)
class TrayItem:
    slug: str
    name: str
    image_url: str

    def as_json(self) -> dict[str, str]:
        return {"slug": self.slug, "name": self.name, "image_url": self.image_url}


@dataclass(frozen=True)
class TrayState:
    """The session selection checked against the catalogue, ready for the tray and the JSON answers."""

    selection: CompareSelection
    items: tuple[TrayItem, ...]
    dropped_note: str = ""

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def compare_query(self) -> str:
        return compare_query(item.slug for item in self.items)


def tray_state(selection: CompareSelection) -> TrayState:
    """Load the picked products for the tray; any taken off sale or deleted since drop out, with a note."""
    if not selection.slugs:
        return TrayState(selection, ())
    products = products_by_slugs(selection.slugs, active_only=False, queryset=_tray_queryset())
    active = [product for product in products if product.is_active]
    kept, dropped = reconcile(selection, (product.slug for product in active))
    note = (
        reconcile(selection, kept.slugs).note({product.slug: product.name for product in products}) if dropped else ""
    )
    items = tuple(TrayItem(p.slug, p.name, thumbnail_url(p, TRAY_FILTER)) for p in active)
    return TrayState(kept, items, note)


@dataclass(frozen=True)
class ComparisonPage:
    """The products asked for, in order, with their facts, and the table once there are enough of them."""

    columns: tuple[tuple[Product, ProductFacts], ...]
    table: ComparisonTable | None
    not_found: tuple[str, ...]

    @property
    def found(self) -> list[str]:
        return [product.slug for product, _facts in self.columns]


def comparison_page(slugs: Sequence[str], *, only_differences: bool) -> ComparisonPage:
    """Everything /compare/ shows for `slugs`: every price read through the one offers path."""
    products = products_by_slugs(slugs)
    terms = terms_for_products(shelf_terms(), products)
    facts = [product_facts(product, terms=terms) for product in products]
    found = {product.slug for product in products}
    enough = len(facts) >= MIN_TO_COMPARE
    return ComparisonPage(
        columns=tuple(zip(products, facts, strict=True)),
        table=build_comparison(facts, only_differences=only_differences) if enough else None,
        not_found=tuple(slug for slug in slugs if slug not in found),
    )


def active_slugs(slugs: Sequence[str]) -> list[str]:
    """Which of `slugs` are products still for sale (one query)."""
    return list(Product.objects.active().filter(slug__in=list(slugs)).values_list("slug", flat=True))


def product_names(slugs: Sequence[str]) -> dict[str, str]:
    """The names of the products `slugs` name, on sale or not, by slug (one query)."""
    products = with_product_text(Product.objects.filter(slug__in=list(slugs)), fields=("name",))
    return dict(products.values_list("slug", "shown_name"))


def active_product_name(slug: str) -> str | None:
    """The name of the product `slug` if it is for sale, else None (one query)."""
    products = with_product_text(Product.objects.active().filter(slug=slug), fields=("name",))
    return products.values_list("shown_name", flat=True).first()
