"""Shelf prices from sale events, compare-at display, and how sales and codes combine."""

from datetime import timedelta
from decimal import Decimal

import pytest

from shop.discounts import CodeRequest, DiscountCodeRule, PromotionRule
from shop.money import Money
from tests.shop.pricing_data import NOW, line, quote


def sale(value, kind="percent", *, products=(), categories=(), starts=None, ends=None, name="Sale"):
    return PromotionRule(
        name=name,
        kind=kind,
        value=Decimal(value),
        starts_at=starts if starts is not None else NOW - timedelta(days=1),
        ends_at=ends if ends is not None else NOW + timedelta(days=1),
        product_ids=frozenset(products),
        category_ids=frozenset(categories),
    )


def code(kind, value="0", **fields):
    return CodeRequest(
        fields.pop("entered", "THECODE"), DiscountCodeRule(code="THECODE", kind=kind, value=Decimal(value), **fields)
    )


def test_a_line_without_a_sale_is_at_list_price():
    priced = quote([line("49.99", 2)]).lines[0]
    assert priced.unit_shelf_price == Money("49.99")
    assert priced.line_shelf_total == Money("99.98")
    assert priced.compare_at is None
    assert not priced.on_sale


def test_a_category_sale_lowers_the_shelf_price():
    priced = quote([line("80.00", category_id=7)], promotions=[sale("15", categories=[7])]).lines[0]
    assert priced.unit_shelf_price == Money("68.00")
    assert priced.compare_at == Money("80.00")
    assert priced.sale_name == "Sale"


def test_a_product_sale_lowers_the_shelf_price_by_a_fixed_amount():
    priced = quote([line("80.00", product_id=3)], promotions=[sale("12.50", "fixed", products=[3])]).lines[0]
    assert priced.unit_shelf_price == Money("67.50")


def test_a_sale_on_other_products_leaves_the_line_alone():
    priced = quote(
        [line("80.00", product_id=3, category_id=1)], promotions=[sale("50", products=[4], categories=[2])]
    ).lines[0]
    assert priced.unit_shelf_price == Money("80.00")


def test_the_best_single_sale_wins_and_sales_do_not_stack():
    sales = [sale("10", categories=[1], name="Ten"), sale("15", "fixed", products=[1], name="Fifteen dollars")]
    priced = quote([line("100.00")], promotions=sales).lines[0]
    assert priced.unit_shelf_price == Money("85.00")
    assert priced.sale_name == "Fifteen dollars"


def test_a_sale_never_takes_a_price_below_zero():
    priced = quote([line("8.00")], promotions=[sale("20", "fixed", products=[1])]).lines[0]
    assert priced.unit_shelf_price == Money.zero()


@pytest.mark.parametrize(
    ("starts", "ends", "applies"),
    [
        (NOW, NOW + timedelta(hours=1), True),  # starts inclusive
        (NOW - timedelta(hours=1), NOW, False),  # ends exclusive
        (NOW + timedelta(seconds=1), NOW + timedelta(days=1), False),  # not yet
    ],
)
def test_a_sale_runs_from_its_start_until_its_end(starts, ends, applies):
    priced = quote([line("100.00")], promotions=[sale("10", products=[1], starts=starts, ends=ends)]).lines[0]
    assert priced.on_sale is applies


@pytest.mark.parametrize(
    ("compare_at", "was"),
    [
        (None, "100.00"),  # on sale: the list price is the "was" price
        ("120.00", "120.00"),  # a higher compare-at wins
        ("90.00", "100.00"),  # a lower compare-at does not
    ],
)
def test_on_sale_the_was_price_is_the_higher_of_compare_at_and_list_price(compare_at, was):
    priced = quote([line("100.00", compare_at=compare_at)], promotions=[sale("20", products=[1])]).lines[0]
    assert priced.compare_at == Money(was)


@pytest.mark.parametrize(("compare_at", "was"), [("120.00", "120.00"), ("100.00", None), ("80.00", None)])
def test_off_sale_compare_at_shows_only_when_higher(compare_at, was):
    priced = quote([line("100.00", compare_at=compare_at)]).lines[0]
    assert priced.compare_at == (Money(was) if was else None)


def test_a_percent_code_applies_after_the_sale():
    # $100 on a 15% sale -> $85 shelf; 10% code -> $8.50 off
    result = quote([line("100.00")], promotions=[sale("15", products=[1])], code=code("percent", "10"))
    assert result.subtotal == Money("85.00")
    assert result.discounts == Money("8.50")
    assert result.lines[0].line_total == Money("76.50")


def test_a_fixed_code_is_spread_over_lines_in_proportion():
    result = quote([line("30.00", variant_id=1), line("70.00", variant_id=2)], code=code("fixed", "20"))
    assert [priced.discount for priced in result.lines] == [Money("6.00"), Money("14.00")]
    assert result.discounts == Money("20.00")


def test_leftover_cents_of_a_fixed_code_go_on_the_last_line():
    lines = [line("10.00", variant_id=n) for n in (1, 2, 3)]
    result = quote(lines, code=code("fixed", "10"))
    assert [priced.discount for priced in result.lines] == [Money("3.33"), Money("3.33"), Money("3.34")]


def test_a_fixed_code_larger_than_the_order_stops_at_zero():
    result = quote([line("15.00", variant_id=1), line("5.00", variant_id=2)], code=code("fixed", "50"))
    assert result.discounts == Money("20.00")
    assert all(priced.line_total == Money.zero() for priced in result.lines)


def test_a_fixed_code_with_a_minimum_applies_from_the_minimum():
    stones20 = code("fixed", "20", minimum_subtotal=Money("100.00"))
    assert quote([line("99.99")], code=stones20).code_error
    assert quote([line("100.00")], code=stones20).discounts == Money("20.00")


def test_the_minimum_is_measured_at_shelf_prices():
    # $110 list on a 15% sale is $93.50 at shelf: below STONES20's $100 minimum.
    stones20 = code("fixed", "20", minimum_subtotal=Money("100.00"))
    result = quote([line("110.00")], promotions=[sale("15", products=[1])], code=stones20)
    assert result.code is None
    assert "100.00" in result.code_error


def test_an_unknown_code_is_reported_and_changes_nothing():
    plain = quote([line("50.00")])
    result = quote([line("50.00")], code=CodeRequest("NOPE", None))
    assert result.code is None
    assert result.code_error == "“NOPE” is not a valid discount code."
    assert result.total == plain.total


def test_a_blank_code_is_no_code():
    result = quote([line("50.00")], code=CodeRequest("   ", None))
    assert result.code_error is None


def test_totals_add_up():
    result = quote(
        [line("19.99", 3, variant_id=1), line("5.25", 2, variant_id=2)], province="BC", code=code("percent", "10")
    )
    assert result.subtotal == Money("70.47")
    assert result.discounts == sum((priced.discount for priced in result.lines), Money.zero())
    assert result.total == result.subtotal - result.discounts + result.shipping + result.tax_total
    assert result.item_count == 5
