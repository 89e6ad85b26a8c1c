"""Template helpers for the cart: the header count and the add-to-cart form (amounts: money_tags)."""

from __future__ import annotations

from django import template

from shop.selectors.cards import ProductCard
from shop.selectors.cart import cart_item_count
from shop.session_keys import CART_TOKEN

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    """Units in the shopper's cart: no query without a cart token in the session, one with."""
    request = context.get("request")
    session = getattr(request, "session", None)
    if session is None:
        return 0
    # Cache on the request so a page that shows the count twice still asks once.
    if not hasattr(request, "_cart_count"):
        request._cart_count = cart_item_count(session.get(CART_TOKEN))
    return request._cart_count


@register.simple_tag
def add_to_cart_form(product, variant=None) -> dict:
    """What the add-to-cart form needs: the variants to offer, whether to show a picker, and if all is sold out.

    Reads a card's variants, or `product.variants.all()`, which the product page prefetches: no query either way.
    """
    if variant:
        variants = [variant]
    elif isinstance(product, ProductCard):
        variants = list(product.variants)
    else:
        variants = list(product.variants.all())
    available = [option for option in variants if option.in_stock]
    return {
        "variants": variants,
        "single": variants[0] if len(variants) == 1 else None,
        "sold_out": not available,
        "first_available": available[0] if available else None,
    }
