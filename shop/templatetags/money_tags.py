"""How amounts and rates read on every page and in every email: `{% load money_tags %}`.

The one template filter for money (`money`) and the one for tax rates (`percent`). Both work on exact
values only (Decimal, int, numeric text, or a shop.money.Money) and print nothing rather than a wrong
figure for anything else, floats included.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from shop.money import Money, format_cad, to_decimal

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
    """An amount as Canadian dollars, rounded half-up to cents: Decimal("1234.5") -> "$1,234.50", "-$5.00"."""
    amount = _exact(value)
    return "" if amount is None else format_cad(amount)


@register.filter
def percent(rate: object) -> str:
    """A tax rate fraction as a percentage without trailing zeros: 0.13 -> "13", 0.09975 -> "9.975"."""
    fraction = _exact(rate)
    return "" if fraction is None else f"{(fraction * 100).normalize():f}"
