"""Money: exact Decimal amounts, one rounding rule, no mixing of currencies."""

from decimal import Decimal

import pytest

from shop.money import Money, format_cad, money, quantize_cents, sum_money


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("12.345", "12.35"),  # halves go up
        ("12.344", "12.34"),
        ("0.005", "0.01"),
        ("-0.005", "-0.01"),  # and away from zero below it
        ("2.675", "2.68"),  # the classic float trap: 2.675 is 2.67499... as a float
        ("10", "10.00"),
    ],
)
def test_quantize_cents_rounds_half_up(amount, rounded):
    assert quantize_cents(Decimal(amount)) == Decimal(rounded)


def test_money_is_built_from_strings_decimals_and_ints():
    assert Money("12.50") == Money(Decimal("12.50")) == money("12.5")
    assert Money(3).amount == Decimal("3")
    assert money("$1,234.50") == Money("1234.50")


@pytest.mark.parametrize("value", [1.5, 0.1, True])
def test_money_refuses_floats_and_bools(value):
    with pytest.raises(TypeError):
        Money(value)


@pytest.mark.parametrize("value", ["twelve", "NaN", "Infinity", ""])
def test_money_refuses_text_that_is_not_an_amount(value):
    with pytest.raises(ValueError):
        Money(value)


def test_arithmetic_stays_exact():
    assert Money("0.10") + Money("0.20") == Money("0.30")
    assert Money("10.00") - Money("2.50") == Money("7.50")
    assert Money("19.99") * 3 == Money("59.97")
    assert 2 * Money("1.25") == Money("2.50")
    assert Money("100.00") * Decimal("0.13") == Money("13.00")


def test_multiplying_by_a_float_raises():
    with pytest.raises(TypeError):
        Money("1.00") * 1.5


def test_mixing_currencies_raises():
    with pytest.raises(ValueError):
        Money("1.00", "CAD") + Money("1.00", "USD")
    with pytest.raises(ValueError):
        assert Money("1.00", "CAD") < Money("2.00", "USD")


def test_comparisons_ignore_trailing_zeros():
    assert Money("10") == Money("10.00")
    assert Money("9.99") < Money("10.00") <= Money("10") < Money("10.01")
    assert Money("10.01") > Money("10.00") >= Money("10")
    assert Money("1.00", "CAD") != Money("1.00", "USD")


def test_cents_and_display():
    assert Money("1234.5").cents == 123450
    assert Money("0.005").cents == 1
    assert str(Money("1234.5")) == "$1,234.50"
    assert str(Money("-5")) == "-$5.00"
    assert Money("3.1").decimal_string() == "3.10"


@pytest.mark.parametrize(
    ("amount", "drop_zero_cents", "shown"),
    [
        (Decimal("1249.5"), False, "$1,249.50"),
        (Decimal("-5"), False, "-$5.00"),
        (Decimal("250.00"), True, "$250"),
        (Decimal("249.50"), True, "$249.50"),
        (Decimal("1250"), True, "$1,250"),
        (Decimal("250.00"), False, "$250.00"),
        (Decimal("99.9"), False, "$99.90"),
    ],
)
def test_format_cad(amount, drop_zero_cents, shown):
    assert format_cad(amount, drop_zero_cents=drop_zero_cents, language="en") == shown


@pytest.mark.parametrize(
    ("amount", "drop_zero_cents", "shown"),
    [
        (Decimal("109.65"), False, "109,65\xa0$"),
        (Decimal("1249.5"), False, "1\xa0249,50\xa0$"),
        (Decimal("-5"), False, "-5,00\xa0$"),
        (Decimal("250.00"), True, "250\xa0$"),
        (Decimal("249.50"), True, "249,50\xa0$"),
    ],
)
def test_format_cad_in_french_puts_the_sign_after_with_a_decimal_comma(amount, drop_zero_cents, shown):
    assert format_cad(amount, drop_zero_cents=drop_zero_cents, language="fr") == shown


def test_format_cad_reads_the_active_language_when_none_is_given():
    from django.utils import translation

    with translation.override("fr"):
        assert format_cad(Decimal("109.65")) == "109,65\xa0$"
    with translation.override("en"):
        assert format_cad(Decimal("109.65")) == "$109.65"


def test_zero_and_sums():
    assert Money.zero() == Money("0")
    assert not Money.zero()
    assert sum_money([]) == Money.zero()
    assert sum_money([Money("1.10"), Money("2.20")]) == Money("3.30")


def test_money_is_immutable():
    price = Money("1.00")
    with pytest.raises(AttributeError):
        price.amount = Decimal("2.00")
