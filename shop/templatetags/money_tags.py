"""How amounts and rates read on every page and in every email: `{% load money_tags %}`.

The one template filter for money (`money`) and the one for tax rates (`percent`). Both work on exact
values only (Decimal, int, numeric text, or a shop.money.Money) and print nothing rather than a wrong
figure for anything else, floats included.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from shop.money import Money, format_cad, format_percent, to_decimal
from shop.tax import tax_label as format_tax_label

register = template.Library()


def _exact(value: object) -> Decimal | None:
    if isinstance(value, Money):
        return value.amount
    try:
        return to_decimal(value)
    except (TypeError, ValueError):  # None, floats, bools and text that is not a number
        return None


@register.filter
def money(value: object) -> str:
    """An amount as Canadian dollars in the active language: "$1,234.50" / "1 234,50 $", "-$5.00"."""
    amount = _exact(value)
    return "" if amount is None else format_cad(amount)


@register.filter
def percent(rate: object) -> str:
    """A rate fraction as a percentage in the active language: 0.13 -> "13%" ("13 %"), 0.09975 -> "9.975%"."""
    fraction = _exact(rate)
    return "" if fraction is None else format_percent(fraction)


@register.filter
def tax_label(tax: object) -> str:
    """A tax line (a quote's TaxLine or an order's tax row) as shoppers read it: "QST 9.975%", "TVQ 9,975 %"."""
    rate = _exact(getattr(tax, "rate", None))
    name = getattr(tax, "name", None)
    return "" if rate is None or not isinstance(name, str) else format_tax_label(name, rate)
