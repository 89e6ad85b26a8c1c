"""What a receipt must say: registration numbers from $30, QST only for Quebec, each line's sale savings.

The Canada Revenue Agency expects a supplier's GST/HST registration number on any receipt of $30 or more
(and Revenu Québec its QST number on a Quebec sale of that size). Plain rules: values in, values out.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shop.money import Money, money

# From this total (taxes included) the receipt carries the shop's registration numbers.
REGISTRATION_NUMBERS_FROM = money("30.00")
QST_PROVINCE = "QC"


def registration_numbers_required(total: Money) -> bool:
    return total >= REGISTRATION_NUMBERS_FROM


def qst_number_applies(*, total: Money, province: str) -> bool:
    return registration_numbers_required(total) and province.strip().upper() == QST_PROVINCE


def line_sale_savings(*, regular_unit: Money | None, paid_unit: Money, quantity: int) -> Money:
    """What a sale took off this line: (regular − paid) × quantity; zero when there was no sale or no record."""
    if regular_unit is None or regular_unit <= paid_unit:
        return Money.zero(paid_unit.currency)
    return ((regular_unit - paid_unit) * quantity).quantized()


SHIPPING_METHOD_LABELS = {
    "standard": gettext_lazy("Standard shipping"),
    "expedited": gettext_lazy("Expedited shipping"),
}


def shipping_method_label(method: str) -> str:
    label = SHIPPING_METHOD_LABELS.get(method)
    return str(label) if label is not None else method.replace("_", " ").capitalize()


def card_description(*, brand: str, last4: str) -> str:
    """ "Visa ending in 4242"; empty when the payment left no card details."""
    if not last4:
        return ""
    label = CARD_BRANDS.get(brand.lower(), brand.title()) if brand else _("Card")
    return _("%(brand)s ending in %(last4)s") % {"brand": label, "last4": last4}


# Stripe's brand codes (PaymentMethod.card.brand) as the card says it.
CARD_BRANDS = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "discover": "Discover",
    "diners": "Diners Club",
    "jcb": "JCB",
    "unionpay": "UnionPay",
    "interac": "Interac",
}
