from decimal import Decimal

import pytest

from shop.templatetags.catalogue_tags import money


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.5"), "$1,234.50"),
        (Decimal("0"), "$0.00"),
        (Decimal("0.005"), "$0.01"),
        (Decimal("1234567.891"), "$1,234,567.89"),
        (Decimal("-5"), "-$5.00"),
        ("49.99", "$49.99"),
        (12, "$12.00"),
        (None, ""),
        ("", ""),
        ("not money", ""),
        (Decimal("NaN"), ""),
        (19.99, ""),
    ],
)
def test_prices_read_as_canadian_dollars_rounded_half_up_to_cents(amount, shown):
    assert money(amount) == shown
