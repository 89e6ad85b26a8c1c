"""`{% load money_tags %}`: the one way a template prints an amount or a tax rate."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from shop.money import Money
from shop.tax import TaxLine
from shop.templatetags.money_tags import money, percent, tax_label


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.5"), "$1,234.50"),
        (Decimal("0"), "$0.00"),
        (Decimal("0.005"), "$0.01"),
        (Decimal("1234567.891"), "$1,234,567.89"),
        (Decimal("-5"), "-$5.00"),
        ("49.99", "$49.99"),
        ("99.9", "$99.90"),
        (12, "$12.00"),
        (Money("1234.5"), "$1,234.50"),
        (Money("-5"), "-$5.00"),
        (None, ""),
        ("", ""),
        ("not money", ""),
        (Decimal("NaN"), ""),
        (19.99, ""),
        (True, ""),
    ],
)
def test_prices_read_as_canadian_dollars_rounded_half_up_to_cents(amount, shown):
    assert money(amount) == shown


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        (Decimal("0.13"), "13%"),
        (Decimal("0.09975"), "9.975%"),
        (Decimal("0.050"), "5%"),
        ("0.15", "15%"),
        (0, "0%"),
        (None, ""),
        ("not a rate", ""),
        (0.13, ""),
    ],
)
def test_tax_rates_read_as_percentages_without_trailing_zeros(rate, shown):
    assert percent(rate) == shown


def test_templates_load_the_filters_from_one_library():
    rendered = Template("{% load money_tags %}{{ total|money }} at {{ rate|percent }}").render(
        Context({"total": Money("1249.5"), "rate": Decimal("0.13")})
    )
    assert rendered == "$1,249.50 at 13%"


@pytest.mark.parametrize(
    ("amount", "english", "french"),
    [
        (Decimal("109.65"), "$109.65", "109,65\xa0$"),
        (Decimal("1234.5"), "$1,234.50", "1\xa0234,50\xa0$"),
        (Decimal("-5"), "-$5.00", "-5,00\xa0$"),
        (Decimal("0.005"), "$0.01", "0,01\xa0$"),
    ],
)
def test_amounts_follow_cldr_in_the_active_language(amount, english, french):
    with translation.override("en"):
        assert money(amount) == english
        assert str(Money(amount)) == english
    with translation.override("fr"):
        assert money(amount) == french
        assert str(Money(amount)) == french


def test_rates_and_tax_lines_use_the_french_decimal_comma_and_spaced_percent_sign():
    quebec = TaxLine(name="QST", rate=Decimal("0.09975"), amount=Money("9.98"))
    with translation.override("en"):
        assert percent(Decimal("0.09975")) == "9.975%"
        assert tax_label(quebec) == "QST 9.975%"
    with translation.override("fr"):
        assert percent(Decimal("0.09975")) == "9,975\xa0%"
        assert tax_label(quebec).endswith(" 9,975\xa0%")


@pytest.mark.parametrize("tax", [None, "QST", object()])
def test_tax_label_prints_nothing_for_what_is_not_a_tax_line(tax):
    assert tax_label(tax) == ""
