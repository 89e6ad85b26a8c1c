"""Free shipping from $250.00 of merchandise at shelf prices; zone rates below it; the cart's nudge."""

from decimal import Decimal

import pytest

from shop.discounts import CodeRequest, DiscountCodeRule, PromotionRule
from shop.money import Money
from shop.provinces import Province
from shop.shipping import (
    ShippingUnavailable,
    amount_to_free_shipping,
    free_shipping_message,
    free_shipping_progress,
    qualifies_for_free_shipping,
    shipping_rate,
)
from tests.shop.pricing_data import SHIPPING_RATES, THRESHOLD, line, quote


@pytest.mark.parametrize(
    ("subtotal", "free"),
    [("249.99", False), ("250.00", True), ("250.01", True), ("0.00", False), ("1000.00", True)],
)
def test_free_shipping_starts_at_250(subtotal, free):
    assert qualifies_for_free_shipping(Money(subtotal), THRESHOLD) is free


@pytest.mark.parametrize(
    ("subtotal", "free", "shipping"),
    [("249.99", False, "11.00"), ("250.00", True, "0.00"), ("250.01", True, "0.00")],
)
def test_quote_ships_free_from_the_threshold(subtotal, free, shipping):
    result = quote([line(subtotal)], province="ON")
    assert result.free_shipping is free
    assert result.shipping == Money(shipping)


@pytest.mark.parametrize("province", Province.values)
def test_standard_shipping_is_free_everywhere_in_canada_at_250(province):
    result = quote([line("250.00")], province=province)
    assert result.shipping == Money.zero()
    assert result.free_shipping


@pytest.mark.parametrize("province", Province.values)
def test_every_province_and_territory_has_both_methods_below_the_threshold(province):
    for method in ("standard", "expedited"):
        assert shipping_rate(SHIPPING_RATES, province=province, method=method) > Money.zero()


def test_territories_cost_more_to_ship_to_than_any_province():
    TERRITORIES = (Province.NT, Province.NU, Province.YT)

    def rates(codes):
        return [shipping_rate(SHIPPING_RATES, province=code, method="standard") for code in codes]

    provinces = [code for code in Province.values if code not in TERRITORIES]
    assert min(rates(TERRITORIES)) > max(rates(provinces))


def test_expedited_is_charged_even_above_the_threshold():
    result = quote([line("300.00")], province="ON", shipping_method="expedited")
    assert result.shipping == Money("22.00")
    assert not result.free_shipping


def test_threshold_is_measured_after_sale_prices_and_before_codes():
    # Given $280 of stones on a 15% sale ($238 at shelf) and a 10% code
    sale = PromotionRule(name="Sale", kind="percent", value=Decimal("15"), product_ids=frozenset({1}))
    welcome = CodeRequest("WELCOME10", DiscountCodeRule(code="WELCOME10", kind="percent", value=Decimal("10")))
    # When quoted
    on_sale = quote([line("280.00")], promotions=[sale])
    # Then the sale takes it below the threshold...
    assert on_sale.subtotal == Money("238.00")
    assert not on_sale.free_shipping
    # ...and a code on $300 of goods does not take it back below: the threshold reads the shelf subtotal
    with_code = quote([line("300.00")], code=welcome)
    assert with_code.discounts == Money("30.00")
    assert with_code.free_shipping


def test_threshold_is_one_setting_the_rule_reads():
    assert quote([line("100.00")], free_shipping_threshold=Money("100.00")).free_shipping
    assert not quote([line("100.00")], free_shipping_threshold=Money("100.01")).free_shipping


@pytest.mark.parametrize(
    ("subtotal", "message"),
    [
        ("212.50", "You're $37.50 away from free shipping"),
        ("249.99", "You're $0.01 away from free shipping"),
        ("0.00", "You're $250.00 away from free shipping"),
        ("250.00", "Your order ships free anywhere in Canada."),
        ("250.01", "Your order ships free anywhere in Canada."),
    ],
)
def test_free_shipping_message(subtotal, message):
    assert free_shipping_message(Money(subtotal), THRESHOLD) == message


def test_amount_to_free_shipping_never_goes_negative():
    assert amount_to_free_shipping(Money("212.50"), THRESHOLD) == Money("37.50")
    assert amount_to_free_shipping(Money("400.00"), THRESHOLD) == Money.zero()


@pytest.mark.parametrize(
    ("subtotal", "percent"), [("0", 0), ("125.00", 50), ("249.99", 99), ("250.00", 100), ("999", 100)]
)
def test_free_shipping_progress(subtotal, percent):
    assert free_shipping_progress(Money(subtotal), THRESHOLD) == percent


def test_a_method_without_a_rate_is_a_clear_error():
    with pytest.raises(ShippingUnavailable) as raised:
        quote([line("10.00")], shipping_method="overnight")
    assert "overnight" in raised.value.message


def test_an_empty_cart_ships_nothing():
    result = quote([], province="NU")
    assert result.shipping == Money.zero()
    assert result.total == Money.zero()
    assert not result.free_shipping


def test_no_province_means_no_shipping_or_tax_yet():
    result = quote([line("40.00")], province=None)
    assert result.province is None
    assert result.shipping == Money.zero()
    assert result.taxes == ()
    assert result.total == Money("40.00")


def test_free_shipping_code_frees_standard_shipping_below_the_threshold():
    shipfree = CodeRequest("shipfree", DiscountCodeRule(code="SHIPFREE", kind="free_shipping"))
    result = quote([line("40.00")], province="NU", code=shipfree)
    assert result.shipping == Money.zero()
    assert result.free_shipping
    assert result.discounts == Money.zero()
    assert result.code == "SHIPFREE"


def test_free_shipping_code_does_not_apply_to_expedited():
    shipfree = CodeRequest("SHIPFREE", DiscountCodeRule(code="SHIPFREE", kind="free_shipping"))
    result = quote([line("40.00")], province="ON", code=shipfree, shipping_method="expedited")
    assert result.shipping == Money("22.00")
    assert result.code is None
    assert "standard shipping" in result.code_error
