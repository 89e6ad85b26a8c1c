"""Discount codes: when they may be used, what they take off, and that they never raise a total."""

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shop.discounts import CodeRequest, DiscountCodeRule, PromotionRule, code_refusal, spread
from shop.money import Money
from shop.provinces import Province
from tests.shop.pricing_data import NOW, line, quote


def rule(**fields):
    fields.setdefault("code", "SAVE")
    fields.setdefault("kind", "percent")
    fields.setdefault("value", Decimal("10"))
    return DiscountCodeRule(**fields)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"is_active": False}, "not a valid discount code"),
        ({"starts_at": NOW + timedelta(minutes=1)}, "not active yet"),
        ({"ends_at": NOW}, "has expired"),
        ({"usage_limit": 5, "times_used": 5}, "fully redeemed"),
        ({"per_customer_limit": 1, "times_used_by_customer": 1}, "already used"),
        ({"usage_limit": 1, "times_reserved": 1}, "held by other orders awaiting payment"),
        ({"usage_limit": 3, "times_used": 2, "times_reserved": 1}, "held by other orders awaiting payment"),
        (
            {"usage_limit": 1, "times_reserved": 1, "times_reserved_by_customer": 1},
            "already on one of your orders awaiting payment",
        ),
        (
            {"per_customer_limit": 1, "times_reserved": 1, "times_reserved_by_customer": 1},
            "already on one of your orders awaiting payment",
        ),
        ({"usage_limit": 1, "times_used": 1, "times_reserved": 1}, "fully redeemed"),
        ({"minimum_subtotal": Money("50.01")}, "needs a subtotal of $50.01"),
    ],
)
def test_a_code_is_refused_with_a_reason(fields, reason):
    assert reason in code_refusal(rule(**fields), entered="save", subtotal=Money("50.00"), now=NOW)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"starts_at": NOW, "ends_at": NOW + timedelta(seconds=1)},
        {"usage_limit": 5, "times_used": 4},
        {"per_customer_limit": 2, "times_used_by_customer": 1},
        {"usage_limit": 3, "times_used": 1, "times_reserved": 1},
        {"per_customer_limit": 1, "times_reserved": 4},  # other customers' held uses
        {"minimum_subtotal": Money("50.00")},
    ],
)
def test_a_code_within_its_limits_is_accepted(fields):
    assert code_refusal(rule(**fields), entered="save", subtotal=Money("50.00"), now=NOW) is None


def test_a_code_that_matched_nothing_is_refused():
    assert "“WHAT” is not a valid" in code_refusal(None, entered="WHAT", subtotal=Money("1"), now=NOW)


def test_only_one_code_per_order():
    # The quote takes a single CodeRequest; applying a second means replacing the first.
    first = quote([line("100.00")], code=CodeRequest("A", rule(code="A", value=Decimal("10"))))
    second = quote([line("100.00")], code=CodeRequest("B", rule(code="B", value=Decimal("20"))))
    assert (first.code, first.discounts) == ("A", Money("10.00"))
    assert (second.code, second.discounts) == ("B", Money("20.00"))


@pytest.mark.parametrize(
    ("amount", "totals", "shares"),
    [
        ("10.00", ["10.00", "10.00", "10.00"], ["3.33", "3.33", "3.34"]),
        ("0.01", ["5.00", "5.00"], ["0.00", "0.01"]),
        ("100.00", ["1.00", "2.00"], ["1.00", "2.00"]),  # capped at the lines
        ("5.00", ["0.00", "10.00"], ["0.00", "5.00"]),
        ("5.00", ["0.01", "0.01", "9.98"], ["0.00", "0.00", "5.00"]),
    ],
)
def test_spread_splits_in_whole_cents_without_exceeding_any_line(amount, totals, shares):
    result = spread(Money(amount), [Money(total) for total in totals])
    assert result == [Money(share) for share in shares]


def test_a_percent_code_over_100_takes_at_most_the_line():
    result = quote([line("40.00")], code=CodeRequest("X", rule(value=Decimal("150"))))
    assert result.lines[0].line_total == Money.zero()


# --- property: no code ever raises a total, no line goes negative ---------------------------------

prices = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("999.99"), places=2)
lines_strategy = st.lists(
    st.tuples(prices, st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=3)),
    min_size=0,
    max_size=6,
)
codes = st.one_of(
    st.builds(
        lambda value: rule(kind="percent", value=value),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2),
    ),
    st.builds(lambda value: rule(kind="fixed", value=value), prices),
    st.just(rule(kind="free_shipping", value=Decimal("0"))),
    st.builds(
        lambda value, minimum: rule(kind="fixed", value=value, minimum_subtotal=minimum),
        prices,
        prices.map(Money),
    ),
)
sales = st.lists(
    st.builds(
        lambda kind, value, categories: PromotionRule(
            name="Sale", kind=kind, value=value, category_ids=frozenset(categories)
        ),
        st.sampled_from(["percent", "fixed"]),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2),
        st.sets(st.integers(min_value=1, max_value=3), max_size=3),
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(
    lines_strategy,
    codes,
    sales,
    st.sampled_from(Province.values),
    st.sampled_from(["standard", "expedited"]),
)
def test_no_code_ever_raises_a_total_and_no_line_goes_negative(items, code_rule, promotions, province, method):
    cart = [
        line(str(price), quantity, variant_id=n, product_id=n, category_id=category)
        for n, (price, quantity, category) in enumerate(items)
    ]
    without = quote(cart, province=province, shipping_method=method, promotions=promotions)
    with_code = quote(
        cart,
        province=province,
        shipping_method=method,
        promotions=promotions,
        code=CodeRequest(code_rule.code, code_rule),
    )

    assert with_code.total <= without.total
    assert with_code.tax_total <= without.tax_total
    assert with_code.shipping <= without.shipping
    assert with_code.subtotal == without.subtotal
    for priced in with_code.lines:
        assert priced.unit_shelf_price >= Money.zero()
        assert Money.zero() <= priced.discount <= priced.line_shelf_total
        assert priced.line_total >= Money.zero()
    assert with_code.discounts <= with_code.subtotal
    assert with_code.total == with_code.subtotal - with_code.discounts + with_code.shipping + with_code.tax_total


@settings(max_examples=200, deadline=None)
@given(prices, st.lists(prices, min_size=1, max_size=8))
def test_spread_hands_out_exactly_the_amount_up_to_the_order_total(amount, totals):
    lines = [Money(total) for total in totals]
    shares = spread(Money(amount), lines)
    assert sum(shares, Money.zero()) == min(Money(amount), sum(lines, Money.zero()))
    assert all(Money.zero() <= share <= line_total for share, line_total in zip(shares, lines, strict=True))
