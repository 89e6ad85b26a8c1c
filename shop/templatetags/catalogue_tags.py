"""Template helpers for the catalogue: price formatting and product card data."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from shop.money import format_cad
from shop.selectors.catalogue import ProductOffer, product_offer

register = template.Library()



@register.filter
def money(amount: object) -> str:
    """A Decimal amount as Canadian dollars: Decimal("1234.5") -> "$1,234.50", negatives as "-$5.00".

    Works on Decimal (or int/str) only, never through float; anything else renders as "".
    """
    if amount is None or amount == "" or isinstance(amount, (float, bool)):
        return ""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        if not value.is_finite():
            return ""
    except (InvalidOperation, ValueError, TypeError):
        return ""
    return format_cad(value)


@register.simple_tag
def offer_for(product) -> ProductOffer:
    """`{% offer_for product as offer %}`: price, sale and stock for a card, from prefetched data when present."""
    return product_offer(product)
