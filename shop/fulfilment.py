"""Fulfilment rules: where a parcel can be tracked, and how much a refunded line gives back.

Plain functions over values; they never see a request or the database.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.money import quantize_cents


class Carrier(models.TextChoices):
    CANADA_POST = "canada_post", _("Canada Post")
    PUROLATOR = "purolator", _("Purolator")
    UPS = "ups", _("UPS")


TRACKING_URLS = {
    Carrier.CANADA_POST: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={number}",
    Carrier.PUROLATOR: "https://www.purolator.com/en/shipping/tracker?pins={number}",
    Carrier.UPS: "https://www.ups.com/track?loc=en_CA&tracknum={number}",
}


def tracking_number_clean(number: str) -> str:
    """Carriers print tracking numbers with spaces; they track them without."""
    return "".join(number.split()).upper()


def tracking_url(*, carrier: str, tracking_number: str) -> str:
    """The carrier's own tracking page for this parcel; empty for an unknown carrier or no number."""
    number = tracking_number_clean(tracking_number)
    template = TRACKING_URLS.get(carrier)
    if not template or not number:
        return ""
    return template.format(number=quote(number, safe=""))


def line_refund_amount(*, line_total: Decimal, tax_total: Decimal, taxable_total: Decimal) -> Decimal:
    """A refunded line gives back what it cost plus its share of the order's tax (tax is charged on the
    lines and the shipping alike, so each line carries tax in proportion to its part of that total)."""
    if taxable_total <= 0:
        return quantize_cents(line_total)
    return quantize_cents(line_total + tax_total * line_total / taxable_total)
