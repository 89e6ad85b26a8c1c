"""Reading listing filters from the query string, and the facet rules over listing rows: plain code, no database."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shop.catalogue_query import ListingQuery, Sort, parse_listing_query, query_params
from shop.selectors.listing import ListingRow, row_matches, sort_rows

LONG = "x" * 3000


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ListingQuery()),
        ({"page": ["abc"]}, ListingQuery()),
        ({"page": ["²"]}, ListingQuery()),
        ({"page": ["¹²"]}, ListingQuery()),
        ({"page": ["٣"]}, ListingQuery()),
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
        (
            {"min_price": ["200"], "max_price": ["50"]},
            ListingQuery(min_price=Decimal("50.00"), max_price=Decimal("200.00")),
        ),
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
    [
        ("49.99", "under-50"),
        ("50.00", "50-100"),
        ("99.99", "50-100"),
        ("100.00", "100-250"),
        ("249.99", "100-250"),
        ("250.00", "250-plus"),
    ],
)
def test_price_band_edges_belong_to_the_higher_band(price, band):
    query = parse_listing_query({"price": [band]})
    assert query.band.contains(Decimal(price))


def test_a_plain_dict_of_strings_reads_the_same_as_lists():
    assert parse_listing_query({"page": "12", "brand": "arc", "sort": "newest"}) == ListingQuery(
        page=12, brands=("arc",), sort=Sort.NEWEST
    )


# --- facet rules over listing rows (no database) ----------------------------------------------


def _row(pk, name, *, price="50.00", category=1, brand="arc", stock=True, featured=False, day=1) -> ListingRow:
    return ListingRow(pk, name, category, brand, Decimal(price), stock, featured, datetime(2026, 1, day, tzinfo=UTC))


@pytest.mark.parametrize(
    ("params", "category_id", "skip", "matches"),
    [
        ({}, None, "", True),
        ({}, 2, "", False),
        ({}, 2, "category", True),
        ({"brand": ["pulse"]}, None, "", False),
        ({"brand": ["pulse"]}, None, "brand", True),
        ({"price": ["50-100"]}, None, "", True),
        ({"price": ["under-50"]}, None, "", False),
        ({"price": ["under-50"]}, None, "price", True),
        ({"max_price": ["49.99"]}, None, "", False),
        ({"min_price": ["50"], "max_price": ["50"]}, None, "", True),
        ({"in_stock": ["1"]}, None, "", True),
    ],
)
def test_a_row_passes_every_chosen_facet_except_the_one_being_counted(params, category_id, skip, matches):
    row = _row(1, "Basalt set")
    assert row_matches(row, parse_listing_query(params), category_id, skip=skip) is matches


def test_an_out_of_stock_row_fails_the_in_stock_facet_unless_it_is_being_counted():
    row = _row(1, "Basalt set", stock=False)
    query = parse_listing_query({"in_stock": ["1"]})
    assert row_matches(row, query, None) is False
    assert row_matches(row, query, None, skip="stock") is True


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.FEATURED, ["Zen gun", "apple oil", "Basalt set"]),
        (Sort.PRICE_ASC, ["apple oil", "Basalt set", "Zen gun"]),
        (Sort.PRICE_DESC, ["Zen gun", "apple oil", "Basalt set"]),
        (Sort.NEWEST, ["Basalt set", "Zen gun", "apple oil"]),
    ],
)
def test_rows_sort_by_featured_price_or_newest_with_ties_alphabetical(sort, expected):
    rows = [
        _row(1, "Basalt set", price="40.00", day=3),
        _row(2, "apple oil", price="40.00", day=1),
        _row(3, "Zen gun", price="300.00", featured=True, day=2),
    ]
    assert [row.name for row in sort_rows(rows, sort)] == expected
