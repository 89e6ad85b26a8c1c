"""Sales tax by ship-to province: each component on goods after discounts plus shipping, rounded on its own."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shop.discounts import CodeRequest, DiscountCodeRule
from shop.money import Money
from shop.provinces import Province, UnknownProvince, province_code
from shop.tax import TaxLine, TaxRateRule, rates_in_force, tax_lines
from tests.shop.pricing_data import TAX_RATES, line, quote

# $300.00 of goods ships free, so the tax base is exactly $300.00.
EXPECTED_ON_300 = {
    "AB": [("GST", "0.05", "15.00")],
    "BC": [("GST", "0.05", "15.00"), ("PST", "0.07", "21.00")],
    "MB": [("GST", "0.05", "15.00"), ("RST", "0.07", "21.00")],
    "NB": [("HST", "0.15", "45.00")],
    "NL": [("HST", "0.15", "45.00")],
    "NS": [("HST", "0.14", "42.00")],
    "NT": [("GST", "0.05", "15.00")],
    "NU": [("GST", "0.05", "15.00")],
    "ON": [("HST", "0.13", "39.00")],
    "PE": [("HST", "0.15", "45.00")],
    "QC": [("GST", "0.05", "15.00"), ("QST", "0.09975", "29.93")],  # 29.925 rounds half-up
    "SK": [("GST", "0.05", "15.00"), ("PST", "0.06", "18.00")],
    "YT": [("GST", "0.05", "15.00")],
}


def test_the_table_covers_every_province_and_territory():
    assert set(EXPECTED_ON_300) == set(Province.values)


@pytest.mark.parametrize("province", sorted(EXPECTED_ON_300))
def test_each_province_charges_its_own_components(province):
    result = quote([line("300.00")], province=province)
    expected = [(name, Decimal(rate), Money(amount)) for name, rate, amount in EXPECTED_ON_300[province]]
    assert [(tax.name, tax.rate, tax.amount) for tax in result.taxes] == expected
    assert result.tax_total == sum((amount for _name, _rate, amount in expected), Money.zero())
    assert result.total == Money("300.00") + result.tax_total


def test_shipping_is_taxed_with_the_goods():
    # $100 of goods + $11.00 Ontario shipping = $111.00 at 13%
    result = quote([line("100.00")], province="ON")
    assert result.shipping == Money("11.00")
    assert result.taxes == (TaxLine("HST", Decimal("0.13"), Money("14.43")),)
    assert result.total == Money("125.43")


def test_each_component_is_rounded_on_its_own():
    # Quebec on $111.00: GST 5.55; QST 11.07225 -> 11.07
    result = quote([line("100.00")], province="QC")
    assert [(tax.name, tax.amount) for tax in result.taxes] == [("GST", Money("5.55")), ("QST", Money("11.07"))]
    assert result.tax_total == Money("16.62")


def test_tax_is_charged_on_goods_after_the_code():
    welcome = CodeRequest("WELCOME10", DiscountCodeRule(code="WELCOME10", kind="percent", value=Decimal("10")))
    result = quote([line("100.00")], province="ON", code=welcome)
    # ($100 - $10) + $11 shipping = $101 at 13%
    assert result.tax_total == Money("13.13")
    assert result.total == Money("114.13")


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (datetime(2025, 3, 31, 16, 0, tzinfo=UTC), Decimal("0.15")),
        (datetime(2025, 4, 1, 16, 0, tzinfo=UTC), Decimal("0.14")),
        (datetime(2026, 11, 28, 16, 0, tzinfo=UTC), Decimal("0.14")),
    ],
)
def test_nova_scotia_hst_dropped_to_14_on_2025_04_01(day, rate):
    result = quote([line("300.00")], province="NS", now=day)
    assert [tax.rate for tax in result.taxes] == [rate]


def test_the_order_day_is_the_shops_local_day():
    # 02:00 UTC on April 1 is still March 31 in Ontario, where the shop is: the old rate applies.
    result = quote([line("300.00")], province="NS", now=datetime(2025, 4, 1, 2, 0, tzinfo=UTC))
    assert result.taxes[0].rate == Decimal("0.15")


def test_a_newer_overlapping_row_wins():
    rows = [
        TaxRateRule("ON", "HST", Decimal("0.13"), datetime(2010, 7, 1).date()),
        TaxRateRule("ON", "HST", Decimal("0.12"), datetime(2030, 1, 1).date()),
    ]
    assert [row.rate for row in rates_in_force(rows, province="ON", day=datetime(2031, 1, 1).date())] == [
        Decimal("0.12")
    ]
    assert [row.rate for row in rates_in_force(rows, province="ON", day=datetime(2029, 1, 1).date())] == [
        Decimal("0.13")
    ]


def test_a_province_without_rows_charges_no_tax():
    assert tax_lines([], province="ON", day=datetime(2026, 1, 1).date(), taxable=Money("10")) == ()


@pytest.mark.parametrize("code", ["XX", "ONT", "", "  ", "Q C", None, "US"])
def test_unknown_province_codes_are_refused_clearly(code):
    with pytest.raises(UnknownProvince) as raised:
        province_code(code)
    assert "not a Canadian province or territory" in raised.value.message


def test_quote_refuses_an_unknown_province():
    with pytest.raises(UnknownProvince):
        quote([line("10.00")], province="ZZ")


def test_province_codes_are_read_in_any_case():
    assert quote([line("10.00")], province=" qc ").province == "QC"


@pytest.mark.parametrize(("rate", "label"), [("0.13", "HST 13%"), ("0.09975", "QST 9.975%"), ("0.05", "GST 5%")])
def test_tax_line_labels(rate, label):
    assert TaxLine(label.split()[0], Decimal(rate), Money("1")).label == label


def test_seeded_rows_match_the_2026_rates():
    rows = rates_in_force(TAX_RATES, province="BC", day=datetime(2026, 6, 1).date())
    assert [(row.name, row.rate) for row in rows] == [("GST", Decimal("0.05")), ("PST", Decimal("0.07"))]


@pytest.mark.django_db
def test_the_data_migration_seeds_the_tax_table_and_shipping_zones():
    from shop.models import ShippingRate, ShippingZone, TaxRate
    from shop.selectors.pricing import tax_rates_for

    assert TaxRate.objects.count() == len(TAX_RATES)
    assert {row.rate for row in tax_rates_for("NS")} == {Decimal("0.15"), Decimal("0.14")}
    covered = set()
    for zone in ShippingZone.objects.all():
        covered |= set(zone.provinces)
    assert covered == set(Province.values)
    assert ShippingRate.objects.filter(method="expedited").count() == ShippingZone.objects.count()
