"""Listing selector: facets and their counts, sorts, price bands, stock and pagination."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.catalogue_query import ListingQuery, Sort, parse_listing_query
from shop.models import Product
from shop.money import Money
from shop.selectors.listing import catalogue_listing
from shop.selectors.offers import offers_of_product, variant_offers
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, ProductVariantFactory, price_history

pytestmark = pytest.mark.django_db


def _names(listing) -> list[str]:
    return [product.name for product in listing.page.object_list]


@pytest.fixture
def shelf():
    """Four products over two categories and two brands, at prices in different bands."""
    stones = CategoryFactory(name="Stones", slug="stones")
    guns = CategoryFactory(name="Guns", slug="guns")
    arc = BrandFactory(name="Arc", slug="arc")
    pulse = BrandFactory(name="Pulse", slug="pulse")
    made = {}
    for name, category, brand, price, stock, featured in [
        ("Basalt set", stones, arc, "45.00", 3, False),
        ("Jade set", stones, pulse, "120.00", 0, True),
        ("Pulse Mini", guns, pulse, "99.99", 5, False),
        ("Pulse Pro", guns, pulse, "399.00", 1, True),
    ]:
        made[name] = ProductFactory(
            name=name,
            category=category,
            brand=brand,
            is_featured=featured,
            variant__price=Decimal(price),
            variant__stock_quantity=stock,
        )
    return made


def test_featured_products_come_first_then_by_name(shelf):
    listing = catalogue_listing(ListingQuery())
    assert _names(listing) == ["Jade set", "Pulse Pro", "Basalt set", "Pulse Mini"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.PRICE_ASC, ["Basalt set", "Pulse Mini", "Jade set", "Pulse Pro"]),
        (Sort.PRICE_DESC, ["Pulse Pro", "Jade set", "Pulse Mini", "Basalt set"]),
    ],
)
def test_sorting_by_price_uses_the_cheapest_variant(shelf, sort, expected):
    assert _names(catalogue_listing(ListingQuery(sort=sort))) == expected


def test_newest_sort_shows_the_latest_product_first(shelf):
    Product.objects.filter(name="Basalt set").update(created_at=timezone.now() + timedelta(days=1))
    assert _names(catalogue_listing(ListingQuery(sort=Sort.NEWEST)))[0] == "Basalt set"


def test_a_cheaper_second_variant_sets_the_from_price(shelf):
    ProductVariantFactory(product=shelf["Pulse Pro"], price=Decimal("10.00"))
    assert _names(catalogue_listing(ListingQuery(sort=Sort.PRICE_ASC)))[0] == "Pulse Pro"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"price": ["under-50"]}, ["Basalt set"]),
        ({"price": ["50-100"]}, ["Pulse Mini"]),
        ({"price": ["100-250"]}, ["Jade set"]),
        ({"price": ["250-plus"]}, ["Pulse Pro"]),
        ({"min_price": ["99.99"], "max_price": ["120"]}, ["Jade set", "Pulse Mini"]),
        ({"brand": ["arc"]}, ["Basalt set"]),
        ({"brand": ["arc", "pulse"], "in_stock": ["1"]}, ["Pulse Pro", "Basalt set", "Pulse Mini"]),
        ({"in_stock": ["1"], "price": ["100-250"]}, []),
    ],
)
def test_facets_narrow_the_listing(shelf, params, expected):
    assert _names(catalogue_listing(parse_listing_query(params))) == expected


def test_a_category_listing_holds_only_its_products(shelf):
    listing = catalogue_listing(ListingQuery(), category=shelf["Basalt set"].category)
    assert _names(listing) == ["Jade set", "Basalt set"]


def test_facet_counts_show_what_each_option_would_give(shelf):
    # Given a shopper already filtering to Pulse, in stock
    listing = catalogue_listing(parse_listing_query({"brand": ["pulse"], "in_stock": ["1"]}))

    # Then brand counts ignore the brand filter but keep the stock filter
    assert {option.value: option.count for option in listing.brands} == {"arc": 1, "pulse": 2}
    assert [option.selected for option in listing.brands] == [False, True]
    # And category and price counts keep both filters
    assert {option.value: option.count for option in listing.categories} == {"guns": 2}
    assert {option.value: option.count for option in listing.price_bands} == {
        "under-50": 0,
        "50-100": 1,
        "100-250": 0,
        "250-plus": 1,
    }
    # And the in-stock count ignores the stock filter
    assert listing.in_stock_count == 2
    assert listing.total == 2


def test_a_chosen_brand_with_no_matches_stays_on_the_list_to_untick(shelf):
    listing = catalogue_listing(parse_listing_query({"brand": ["arc"], "price": ["250-plus"]}))
    assert [(option.value, option.count, option.selected) for option in listing.brands] == [
        ("arc", 0, True),
        ("pulse", 1, False),
    ]


def test_inactive_products_and_products_without_variants_are_not_listed(shelf):
    ProductFactory(name="Retired", is_active=False)
    ProductFactory(name="No variants yet", variant=False)
    assert "Retired" not in _names(catalogue_listing(ListingQuery()))
    assert "No variants yet" not in _names(catalogue_listing(ListingQuery()))


@pytest.mark.parametrize(("page", "shown_page", "count"), [(1, 1, 24), (2, 2, 6), (99999, 2, 6)])
def test_listings_show_24_per_page_and_clamp_past_the_end(page, shown_page, count):
    category = CategoryFactory()
    for _ in range(30):
        ProductFactory(category=category)

    listing = catalogue_listing(ListingQuery(page=page))

    assert listing.total == 30
    assert listing.page.number == shown_page
    assert len(listing.page.object_list) == count


def test_an_empty_result_is_an_empty_first_page(shelf):
    listing = catalogue_listing(parse_listing_query({"min_price": ["5000"], "page": ["7"]}))
    assert listing.total == 0
    assert listing.page.number == 1
    assert list(listing.page.object_list) == []


@pytest.mark.parametrize(
    ("price", "compare_at", "on_sale", "shown_compare_at"),
    [
        ("80.00", "100.00", True, Decimal("100.00")),
        ("80.00", "80.00", False, None),
        ("80.00", "60.00", False, None),
        ("80.00", None, False, None),
    ],
)
def test_a_variant_is_on_sale_only_when_its_compare_at_price_is_higher(price, compare_at, on_sale, shown_compare_at):
    variant = ProductVariantFactory(price=Decimal(price), compare_at_price=compare_at and Decimal(compare_at))
    if compare_at is not None:
        price_history(variant, (200, compare_at), (20, price))  # a genuine compare-at price, where it is higher
    (offer,) = variant_offers([variant])
    assert offer.on_sale is on_sale
    assert offer.was == (Money(shown_compare_at) if shown_compare_at is not None else None)


def test_a_product_is_in_stock_when_any_variant_is():
    product = ProductFactory(variant__stock_quantity=0, variant__price=Decimal("30.00"))
    ProductVariantFactory(product=product, stock_quantity=2, price=Decimal("35.00"))

    _variant_offers, offer = offers_of_product(product)

    assert offer.in_stock is True
    assert offer.price == Money("30.00")
    assert offer.has_price_range is True
