"""Reading listing filters from the query string: plain code, no database."""

from decimal import Decimal

import pytest

from shop.catalogue_query import ListingQuery, Sort, parse_listing_query, query_params

LONG = "x" * 3000


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ListingQuery()),
        ({"page": ["abc"]}, ListingQuery()),
        ({"page": ["-3"]}, ListingQuery()),
        ({"page": ["0"]}, ListingQuery()),
        ({"page": ["99999"]}, ListingQuery(page=99999)),
        ({"page": ["9" * 50]}, ListingQuery()),
        ({"page": [LONG]}, ListingQuery()),
        ({"sort": ["evil"]}, ListingQuery()),
        ({"sort": ["price-desc"]}, ListingQuery(sort=Sort.PRICE_DESC)),
        ({"min_price": ["-5"]}, ListingQuery()),
        ({"min_price": ["NaN"], "max_price": ["Infinity"]}, ListingQuery()),
        ({"min_price": ["1e999999"]}, ListingQuery()),
        ({"min_price": ["12.345"]}, ListingQuery(min_price=Decimal("12.35"))),
        ({"min_price": ["$1,000"]}, ListingQuery(min_price=Decimal("1000.00"))),
        ({"min_price": ["200"], "max_price": ["50"]}, ListingQuery(min_price=Decimal("50.00"), max_price=Decimal("200.00"))),
        ({"price": ["cheap"]}, ListingQuery()),
        ({"price": ["50-100"]}, ListingQuery(price_band="50-100")),
        ({"brand": ["pulse", "<script>", LONG, "pulse", "arc"]}, ListingQuery(brands=("arc", "pulse"))),
        ({"in_stock": ["1"]}, ListingQuery(in_stock=True)),
        ({"in_stock": ["maybe"]}, ListingQuery()),
        ({"sort": [LONG], "price": [LONG], "min_price": [LONG], "q": [LONG]}, ListingQuery()),
    ],
)
def test_nonsense_is_dropped_and_sense_is_kept(params, expected):
    assert parse_listing_query(params) == expected


def test_links_keep_understood_filters_but_not_the_page_or_junk():
    query = parse_listing_query(
        {"brand": ["arc"], "price": ["50-100"], "in_stock": ["on"], "sort": ["newest"], "page": ["3"], "junk": ["1"]}
    )

    assert query_params(query) == [("brand", "arc"), ("price", "50-100"), ("in_stock", "1"), ("sort", "newest")]


@pytest.mark.parametrize(
    ("price", "band"),
    [("49.99", "under-50"), ("50.00", "50-100"), ("99.99", "50-100"), ("100.00", "100-250"), ("249.99", "100-250"), ("250.00", "250-plus")],
)
def test_price_band_edges_belong_to_the_higher_band(price, band):
    query = parse_listing_query({"price": [band]})
    assert query.band.contains(Decimal(price))


def test_a_plain_dict_of_strings_reads_the_same_as_lists():
    assert parse_listing_query({"page": "12", "brand": "arc", "sort": "newest"}) == ListingQuery(
        page=12, brands=("arc",), sort=Sort.NEWEST
    )
