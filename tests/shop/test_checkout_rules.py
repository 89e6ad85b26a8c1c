"""Postal codes against provinces: a plain rule, no database."""

import pytest

from shop.addresses import POSTAL_CODE_FIRST_LETTERS, PostalCodeError, normalize_postal_code, validate_postal_code


@pytest.mark.parametrize(
    ("province", "postal_code"),
    [
        ("NL", "A1A 1A1"),
        ("NS", "B3H 4R2"),
        ("PE", "C1A 7N8"),
        ("NB", "E1C 4M3"),
        ("QC", "H2X 1Y4"),
        ("QC", "G1R 4P5"),
        ("QC", "J4K 1A1"),
        ("ON", "K1A 0B1"),
        ("ON", "M5H 2N2"),
        ("ON", "P3A 1B2"),
        ("MB", "R3C 4T3"),
        ("SK", "S4P 3Y2"),
        ("AB", "T2P 1J9"),
        ("BC", "V6B 1A1"),
        ("NT", "X1A 2L9"),
        ("NU", "X0A 0H0"),
        ("YT", "Y1A 1B1"),
    ],
)
def test_every_province_accepts_its_own_postal_codes(province, postal_code):
    assert validate_postal_code(postal_code.lower().replace(" ", ""), province) == postal_code


@pytest.mark.parametrize(
    ("province", "postal_code"), [("ON", "V6B 1A1"), ("BC", "M5H 2N2"), ("QC", "K1A 0B1"), ("YT", "X1A 2L9")]
)
def test_a_postal_code_from_another_province_is_refused_with_the_province_named(province, postal_code):
    with pytest.raises(PostalCodeError, match="is not a postal code in"):
        validate_postal_code(postal_code, province)


@pytest.mark.parametrize(
    "postal_code", ["", "K1A", "K1A 0B", "12345", "KKA 0B1", "D1A 0B1", "K1A 0O1", "W1A 0B1", "K1A 0B1 9"]
)
def test_malformed_postal_codes_are_refused(postal_code):
    with pytest.raises(PostalCodeError, match="like K1A 0B1"):
        validate_postal_code(postal_code, "ON")


def test_postal_codes_are_printed_the_canada_post_way():
    assert normalize_postal_code(" m5h-2n2 ") == "M5H 2N2"


def test_the_first_letter_table_covers_all_thirteen_provinces_and_territories():
    assert len(POSTAL_CODE_FIRST_LETTERS) == 13
