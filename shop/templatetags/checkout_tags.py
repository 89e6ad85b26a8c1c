"""Template helpers for checkout, orders and receipts: formatting only, never arithmetic."""

from decimal import Decimal, InvalidOperation

from django import template

from shop.money import format_cad

register = template.Library()


@register.filter
def cad(value) -> str:
    """Format an amount already rounded to cents as Canadian dollars: 1234.5 -> "$1,234.50"."""
    amount = getattr(value, "amount", value)
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return format_cad(amount) if amount.is_finite() else ""


@register.filter
def percent(rate) -> str:
    """A tax rate as a percentage without trailing zeros: 0.13 -> "13", 0.09975 -> "9.975"."""
    try:
        value = (Decimal(str(rate)) * 100).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{value:f}"
