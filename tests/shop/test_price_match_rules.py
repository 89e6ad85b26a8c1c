"""The price-match policy as plain rules: every rule on both sides of its boundary. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from shop.discounts import CodeRequest, DiscountCodeRule, DiscountKind, code_refusal, price_match_line_discounts
from shop.money import Money
from shop.price_match import (
    CompetitorOffer,
    PriceMatchPolicy,
    code_expires_at,
    is_marketplace,
    matched_units,
    max_discount_floor,
    paid_unit_price,
    parse_domains,
    policy_points,
    price_match_decision,
    price_match_refund,
    within_request_window,
)
from shop.pricing import LineIn, build_quote

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
POLICY = PriceMatchPolicy(max_discount_percent=Decimal("20"), marketplace_domains=("amazon.ca", "ebay.ca"))
SHELF = Money("100.00")


def offer(**changes) -> CompetitorOffer:
    found = CompetitorOffer(
        retailer="Physio Depot",
        url="https://www.physiodepot.ca/massage-gun-pro",
        price=Money("90.00"),
        in_stock=True,
        identical=True,
        canadian_retailer=True,
        special_price=False,
    )
    return replace(found, **changes)


def decide(**changes):
    return price_match_decision(offer(**changes), shelf_price=SHELF, policy=POLICY)


def test_an_identical_in_stock_item_at_a_canadian_retailer_for_less_is_matched_at_their_price():
    decision = decide()
    assert decision.eligible and decision.matched_price == Money("90.00") and not decision.capped
    assert decision.reasons == ("We can match $90.00 (our price is $100.00).",)
    assert decision.discount_from(SHELF) == Money("10.00")


@pytest.mark.parametrize(
    ("price", "eligible"),
    [("99.99", True), ("100.00", False), ("100.01", False)],
)
def test_the_price_must_be_lower_than_our_shelf_price(price, eligible):
    decision = decide(price=Money(price))
    assert decision.eligible is eligible
    if not eligible:
        assert any("is not lower than our price of $100.00" in reason for reason in decision.reasons)


@pytest.mark.parametrize(
    ("price", "matched", "capped"),
    [
        ("80.01", "80.01", False),  # 19.99% off: their price
        ("80.00", "80.00", False),  # exactly the maximum discount
        ("79.99", "80.00", True),  # one cent beyond it: capped at 20% off
        ("10.00", "80.00", True),
    ],
)
def test_a_match_never_takes_more_than_the_maximum_discount(price, matched, capped):
    decision = decide(price=Money(price))
    assert decision.eligible and decision.matched_price == Money(matched) and decision.capped is capped
    if capped:
        assert "up to 20% below our price" in decision.reasons[0]


def test_the_cap_follows_the_setting_and_rounds_half_up():
    assert max_discount_floor(Money("99.99"), replace(POLICY, max_discount_percent=Decimal("12.5"))) == Money("87.49")
    assert max_discount_floor(SHELF, replace(POLICY, max_discount_percent=Decimal("0"))) == SHELF


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"identical": False}, "identical item"),
        ({"in_stock": False}, "in stock at the other retailer"),
        ({"canadian_retailer": False}, "Canadian retailers"),
        ({"price": Money("90.00", "USD")}, "Canadian retailers"),
        ({"special_price": True}, "clearance, coupon, member or bundle"),
        ({"url": "https://www.amazon.ca/dp/B0XYZ"}, "amazon.ca is a marketplace or auction site"),
        ({"url": "https://pages.ebay.ca/item/1"}, "marketplace or auction site"),
        ({"price": Money("0.00")}, "more than $0"),
    ],
)
def test_each_rule_refuses_with_its_own_reason(changes, reason):
    decision = decide(**changes)
    assert not decision.eligible and decision.matched_price is None
    assert any(reason in text for text in decision.reasons), decision.reasons


@pytest.mark.parametrize(
    ("price", "eligible"),
    [("0.01", True), ("0.00", False), ("-0.01", False)],
)
def test_the_other_retailers_price_must_be_more_than_zero(price, eligible):
    # With no cap at all, a cent is matched at a cent; nothing is ever matched at $0.
    decision = price_match_decision(
        offer(price=Money(price)), shelf_price=SHELF, policy=replace(POLICY, max_discount_percent=Decimal("100"))
    )
    assert decision.eligible is eligible
    if eligible:
        assert decision.matched_price == Money("0.01")
    else:
        assert decision.matched_price is None and any("more than $0" in reason for reason in decision.reasons)


def test_a_one_cent_price_is_matched_only_down_to_the_cap():
    decision = decide(price=Money("0.01"))
    assert decision.eligible and decision.capped and decision.matched_price == Money("80.00")


def test_every_broken_rule_is_listed_at_once():
    decision = decide(identical=False, in_stock=False, special_price=True)
    assert len(decision.reasons) == 3


def test_nothing_is_matched_while_price_matching_is_switched_off():
    decision = price_match_decision(offer(), shelf_price=SHELF, policy=replace(POLICY, enabled=False))
    assert not decision.eligible and "not offered" in decision.reasons[0]


@pytest.mark.parametrize(
    ("url", "marketplace"),
    [
        ("https://amazon.ca/dp/1", True),
        ("https://www.amazon.ca/dp/1", True),
        ("https://smile.amazon.ca/dp/1", True),
        ("https://AMAZON.CA/dp/1", True),
        ("https://notamazon.ca/item", False),  # a different shop whose name ends the same way
        ("https://amazon.ca.evil.example/dp/1", False),
        ("https://www.physiodepot.ca/", False),
        ("not a url", False),
    ],
)
def test_marketplace_domains_match_the_host_and_its_subdomains_only(url, marketplace):
    assert is_marketplace(url, ("amazon.ca",)) is marketplace


def test_staff_may_type_marketplace_domains_any_way():
    assert parse_domains("www.Amazon.ca/\nhttps://ebay.ca/shop, kijiji.ca\n\namazon.ca") == (
        "amazon.ca",
        "ebay.ca",
        "kijiji.ca",
    )


@pytest.mark.parametrize(
    ("age", "inside"),
    [
        (timedelta(days=13, hours=23), True),
        (timedelta(days=14), True),
        (timedelta(days=14, seconds=1), False),
    ],
)
def test_an_order_can_be_price_matched_for_14_days(age, inside):
    assert within_request_window(ordered_at=NOW - age, now=NOW, policy=POLICY) is inside


def test_a_code_is_valid_for_the_policys_days():
    assert code_expires_at(approved_at=NOW, policy=POLICY) == NOW + timedelta(days=7)
    assert code_expires_at(approved_at=NOW, policy=replace(POLICY, code_validity_days=3)) == NOW + timedelta(days=3)


def test_what_a_shopper_paid_per_unit_is_rounded_half_up():
    assert paid_unit_price(line_total=Money("100.01"), quantity=2) == Money("50.01")


def test_the_published_policy_is_worded_from_the_settings():
    text = " ".join(f"{point.heading} {point.text}" for point in policy_points(POLICY))
    assert "Up to 20% off" in text and "amazon.ca, ebay.ca" in text and "valid for 7 days" in text
    changed = replace(POLICY, max_discount_percent=Decimal("12.5"), request_window_days=30)
    text = " ".join(f"{point.heading} {point.text}" for point in policy_points(changed))
    assert "Up to 12.5% off" in text and "last 30 days" in text


# --- the price-match code, as checkout prices it -------------------------------------------------------


def pm_rule(**changes) -> DiscountCodeRule:
    rule = DiscountCodeRule(
        code="PM-ABC",
        kind=DiscountKind.PRICE_MATCH,
        usage_limit=1,
        per_customer_limit=1,
        variant_id=7,
        bound_email="ada@example.com",
        matched_price=Money("90.00"),
    )
    return replace(rule, **changes)


def line(variant_id: int, price: str, quantity: int = 1) -> LineIn:
    return LineIn(
        variant_id=variant_id,
        product_id=variant_id,
        category_id=None,
        title=f"Item {variant_id}",
        sku=f"SKU-{variant_id}",
        quantity=quantity,
        list_price=Money(price),
    )


def quote(lines, rule, email="ada@example.com"):
    return build_quote(
        lines, code=CodeRequest(rule.code, rule, email=email), free_shipping_threshold=Money("250.00"), now=NOW
    )


def test_a_price_match_code_takes_one_unit_down_to_the_matched_price():
    result = quote([line(7, "100.00", quantity=2), line(8, "30.00")], pm_rule())
    assert result.code_error is None and result.discounts == Money("10.00")
    matched, other = result.lines
    assert matched.discount == Money("10.00") and other.discount == Money("0.00")


@pytest.mark.parametrize(
    ("shelf", "discount"),
    [("90.01", "0.01"), ("90.00", "0.00"), ("89.99", "0.00"), ("50.00", "0.00")],
)
def test_a_price_match_code_never_takes_a_price_below_the_matched_price(shelf, discount):
    result = quote([line(7, shelf)], pm_rule())
    assert result.lines[0].discount == Money(discount)
    assert result.lines[0].line_total >= min(Money(shelf), Money("90.00"))


def test_a_price_match_code_is_refused_for_another_email_in_any_case():
    assert "issued to another email" in quote([line(7, "100.00")], pm_rule(), email="eve@example.com").code_error
    assert quote([line(7, "100.00")], pm_rule(), email="ADA@Example.com ").code_error is None


def test_a_price_match_code_is_refused_without_its_item_in_the_cart():
    result = quote([line(8, "100.00")], pm_rule())
    assert "not in your cart" in result.code_error and result.discounts == Money("0.00")


def pm_refusal(rule: DiscountCodeRule, now: datetime = NOW) -> str | None:
    return code_refusal(
        rule, entered="PM-ABC", subtotal=Money("100"), now=now, email="ada@example.com", variant_ids={7}
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"times_used": 1, "times_used_by_customer": 1}, "fully redeemed"),
        ({"times_reserved": 1}, "held by other orders"),
        ({"ends_at": NOW}, "has expired"),
        ({"ends_at": NOW - timedelta(microseconds=1)}, "has expired"),
    ],
)
def test_a_price_match_code_is_single_use_and_expires(changes, reason):
    assert reason in pm_refusal(pm_rule(**changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"times_used": 0, "times_used_by_customer": 0, "times_reserved": 0},
        {"ends_at": NOW + timedelta(microseconds=1)},  # the last moment before it ends
        {"ends_at": NOW + timedelta(days=7)},
        {"starts_at": NOW},  # from the moment staff approve it
        {"starts_at": NOW - timedelta(microseconds=1), "ends_at": NOW + timedelta(microseconds=1)},
    ],
)
def test_an_unused_price_match_code_works_from_its_start_until_just_before_it_ends(changes):
    assert pm_refusal(pm_rule(**changes)) is None


def test_a_price_match_code_does_not_work_before_it_starts():
    refusal = pm_refusal(pm_rule(starts_at=NOW + timedelta(microseconds=1)))
    assert refusal is not None and "expired" not in refusal


def test_price_match_discounts_ignore_other_kinds_of_code():
    rule = DiscountCodeRule(code="X", kind=DiscountKind.PERCENT, value=Decimal("10"))
    assert price_match_line_discounts(rule, [(7, Money("100"), Money("100"), 1)]) == [Money("0")]


@pytest.mark.parametrize(
    ("quantity", "units", "discount"),
    [(1, 2, "10.00"), (2, 2, "20.00"), (3, 2, "20.00"), (3, 1, "10.00"), (5, 5, "50.00")],
)
def test_a_price_match_code_covers_its_units_and_no_more(quantity, units, discount):
    rule = DiscountCodeRule(
        code="PM", kind=DiscountKind.PRICE_MATCH, variant_id=7, matched_price=Money("90.00"), matched_units=units
    )
    lines = [(3, Money("50.00"), Money("50.00"), 1), (7, Money("100.00"), Money(100 * quantity), quantity)]

    assert price_match_line_discounts(rule, lines) == [Money("0"), Money(discount)]


@pytest.mark.parametrize(("bought", "units"), [(0, 0), (1, 1), (2, 2), (3, 2), (-1, 0)])
def test_a_match_covers_the_units_bought_up_to_the_policys_number(bought, units):
    assert matched_units(bought=bought, policy=PriceMatchPolicy(units_per_match=2)) == units


def test_the_policy_page_says_how_many_units_a_match_covers():
    headings = [point.heading for point in policy_points(PriceMatchPolicy(units_per_match=3))]
    assert "Up to 3 units per match" in headings
    assert "One unit per match" in [point.heading for point in policy_points(PriceMatchPolicy(units_per_match=1))]


# --- after purchase: the refund of the difference ----------------------------------------------------------

ON_HST = (Decimal("0.13"),)
QC_GST_QST = (Decimal("0.05"), Decimal("0.09975"))
AB_GST = (Decimal("0.05"),)


def refund(price="90.00", *, paid="100.00", units=1, rates=ON_HST, refundable="1000.00"):
    decision = price_match_decision(offer(price=Money(price)), shelf_price=Money(paid), policy=POLICY)
    return price_match_refund(
        decision, paid_unit_price=Money(paid), units=units, tax_rates=rates, refundable=Money(refundable)
    )


@pytest.mark.parametrize(
    ("units", "rates", "goods", "tax", "total"),
    [
        (1, ON_HST, "10.00", "1.30", "11.30"),  # what a code at checkout would have taken off in Ontario
        (2, ON_HST, "20.00", "2.60", "22.60"),  # every unit on the line, not one
        (1, QC_GST_QST, "10.00", "1.50", "11.50"),  # GST 0.50 + QST 0.9975 -> 1.00, each rounded on its own
        (3, QC_GST_QST, "30.00", "4.49", "34.49"),  # GST 1.50 + QST 2.9925 -> 2.99
        (1, AB_GST, "10.00", "0.50", "10.50"),
        (1, (), "10.00", "0.00", "10.00"),
    ],
)
def test_after_purchase_the_difference_on_every_unit_is_refunded_with_its_tax(units, rates, goods, tax, total):
    result = refund(units=units, rates=rates)
    assert result.unit_difference == Money("10.00") and result.units == units
    assert (result.goods, result.tax, result.total) == (Money(goods), Money(tax), Money(total))
    assert not result.limited


def test_the_refund_follows_the_maximum_discount():
    # $50.00 found; we match down to $80.00 at most: $20.00 a unit, plus HST
    result = refund("50.00", units=2)
    assert result.unit_difference == Money("20.00") and result.total == Money("45.20")


@pytest.mark.parametrize(
    ("refundable", "total", "limited"),
    [("11.31", "11.30", False), ("11.30", "11.30", False), ("11.29", "11.29", True), ("0.00", "0.00", True)],
)
def test_the_refund_is_never_more_than_is_left_to_refund(refundable, total, limited):
    result = refund(refundable=refundable)
    assert result.total == Money(total) and result.limited is limited


def test_nothing_is_refunded_when_the_match_takes_nothing_off():
    assert refund("100.00").total == Money("0.00")
    assert refund(units=0).total == Money("0.00")
