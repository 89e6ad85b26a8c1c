"""The offer rules: a variant's shelf price, struck price, sale and "ships free"; a product's lead variant. No database."""

from datetime import timedelta
from decimal import Decimal

import pytest

from shop.discounts import PromotionRule
from shop.money import Money
from shop.offers import lead_price, product_offer, variant_offer
from tests.shop.pricing_data import NOW, THRESHOLD, line


def sale(value="15", *, categories=(1,), ends=NOW + timedelta(days=1)):
    return PromotionRule(
        name="Anniversary sale",
        kind="percent",
        value=Decimal(value),
        starts_at=NOW - timedelta(days=1),
        ends_at=ends,
        category_ids=frozenset(categories),
    )


def offer(price, *, compare_at=None, stock=3, sales=(), variant_id=1):
    return variant_offer(
        line(price, compare_at=compare_at, variant_id=variant_id),
        stock=stock,
        sales=sales,
        now=NOW,
        free_shipping_threshold=THRESHOLD,
    )


def test_without_a_sale_a_variant_sells_at_its_price_against_a_higher_compare_at_price():
    plain = offer("129.00", compare_at="149.00")
    assert (plain.price, plain.was, plain.sale_name) == (Money("129.00"), Money("149.00"), None)
    assert plain.on_sale and plain.in_stock


@pytest.mark.parametrize("compare_at", [None, "129.00", "99.00"])
def test_a_compare_at_price_not_above_the_price_is_not_struck_through(compare_at):
    plain = offer("129.00", compare_at=compare_at)
    assert plain.was is None and not plain.on_sale


def test_a_running_sale_lowers_the_price_and_strikes_through_the_higher_of_list_and_compare_at():
    assert offer("129.00", compare_at="149.00", sales=[sale()]).was == Money("149.00")
    on_sale = offer("139.00", sales=[sale()])
    assert (on_sale.price, on_sale.was, on_sale.sale_name) == (Money("118.15"), Money("139.00"), "Anniversary sale")


def test_a_sale_for_another_category_or_one_that_has_ended_changes_nothing():
    assert offer("139.00", sales=[sale(categories=(2,))]).price == Money("139.00")
    assert offer("139.00", sales=[sale(ends=NOW - timedelta(seconds=1))]).price == Money("139.00")


@pytest.mark.parametrize(("price", "ships_free"), [("249.99", False), ("250.00", True), ("250.01", True)])
def test_a_variant_ships_free_on_its_own_from_the_threshold(price, ships_free):
    assert offer(price).ships_free is ships_free


def test_ships_free_is_measured_at_the_sale_price():
    assert offer("280.00").ships_free
    assert not offer("280.00", sales=[sale()]).ships_free  # $238.00 on sale


def test_a_variant_with_no_stock_is_sold_out():
    assert not offer("10.00", stock=0).in_stock


def test_a_product_is_priced_by_its_cheapest_variant_even_when_that_one_is_sold_out():
    variants = [offer("139.00", variant_id=1), offer("99.00", stock=0, variant_id=2), offer("129.00", variant_id=3)]
    product = product_offer(variants)
    assert product.lead.variant_id == 2 and product.price == Money("99.00")
    assert product.has_price_range and product.in_stock and product.available


def test_on_a_tie_the_first_variant_in_shop_order_leads():
    product = product_offer([offer("50.00", variant_id=7), offer("50.00", variant_id=8)])
    assert product.lead.variant_id == 7 and not product.has_price_range


def test_the_product_carries_its_lead_variants_struck_price_and_shipping():
    product = product_offer([offer("260.00", compare_at="300.00"), offer("280.00", variant_id=2)])
    assert (product.price, product.was, product.on_sale, product.ships_free) == (
        Money("260.00"),
        Money("300.00"),
        True,
        True,
    )


def test_a_product_whose_variants_are_all_sold_out_is_out_of_stock_and_still_priced():
    product = product_offer([offer("40.00", stock=0), offer("30.00", stock=0, variant_id=2)])
    assert not product.in_stock and product.price == Money("30.00")


def test_a_product_without_variants_has_no_offer_to_show():
    product = product_offer([])
    assert not product.available and product.price is None and product.was is None
    assert not (product.in_stock or product.on_sale or product.ships_free or product.has_price_range)


@pytest.mark.parametrize(
    "sales",
    [(), (sale(),), (PromotionRule(name="Ten off", kind="fixed", value=Decimal("10"), category_ids=frozenset({1})),)],
)
def test_a_listing_row_is_priced_like_the_products_lead_variant(sales):
    # given variants whose sale prices could only reorder them if a sale treated them differently
    variants = [offer(price, variant_id=n, sales=sales) for n, price in enumerate(["139.00", "99.00", "5.00"])]
    # the listing works from the cheapest list price alone, and lands on the lead variant's price
    cheapest = lead_price(Money("5.00"), product_id=1, category_id=1, sales=sales, now=NOW)
    assert cheapest == product_offer(variants).price
