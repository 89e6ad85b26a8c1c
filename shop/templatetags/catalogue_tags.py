"""Template helpers for the catalogue: price formatting and product card data."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.safestring import SafeString
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

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


@register.simple_tag
def card_image(image, spec: str, **attrs: object) -> SafeString:
    """`{% card_image image "fill-400x400" alt="" %}`: the same <img> as Wagtail's {% image %} tag.

    Wagtail's tag writes every rendition it finds into the cache, pickling the image with it, even when
    with_card_data has already prefetched it; a listing of 24 cards paid that 24 times per request.
    Here a prefetched (or cached, or stored) rendition is used as it is, and only a missing one goes
    through Wagtail's usual path, which creates and caches it.
    """
    rendition_filter = image.clean_filter_for_svg(Filter(spec=spec))
    try:
        rendition = image.find_existing_rendition(rendition_filter)
    except image.get_rendition_model().DoesNotExist:
        rendition = get_rendition_or_not_found(image, rendition_filter)
    return rendition.img_tag(attrs)
