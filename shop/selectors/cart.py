"""Read a cart and price it: the quote for checkout, the rows for the cart page, the header count."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from shop.models import Cart, CartLine, ProductVariant
from shop.money import Money
from shop.pricing import LineIn, PricedLine, Quote, build_quote
from shop.provinces import province_code
from shop.selectors.links import product_url
from shop.selectors.offers import ShelfTerms, terms_with_facts, variant_facts_row, variant_line_in
from shop.selectors.pricing import (
    discount_code_request,
    free_shipping_threshold,
    shelf_sale_events,
    shipping_rates_for,
    tax_rates_for,
)
from shop.selectors.translations import show_option_text, show_product_text, with_option_text, with_product_text
from shop.shipping import ShippingMethod, free_shipping_message, free_shipping_progress


def cart_lines(cart: Cart | None) -> list[CartLine]:
    """The cart's lines with their variant and product, in one query, named in the active language
    (the cart page, /cart.js and checkout's summary all read these)."""
    if cart is None or cart.pk is None:
        return []
    lines = with_product_text(CartLine.objects.filter(cart=cart), via="variant__product__", fields=("name",))
    lines = with_option_text(lines, via="variant__")
    lines = list(lines.select_related("variant__product").order_by("added_at", "pk"))
    for line in lines:
        show_product_text(line.variant.product, line)
        show_option_text(line.variant, line)
    return lines


def variants_as_shown(ids: list[int]) -> dict[int, ProductVariant]:
    """The variants by id with their product, named in the active language (for showing, never saving)."""
    variants = with_option_text(with_product_text(ProductVariant.objects.filter(pk__in=ids), via="product__"))
    found = {variant.pk: variant for variant in variants.select_related("product")}
    for variant in found.values():
        show_product_text(variant.product, variant)
        show_option_text(variant)
    return found


def line_in(line: CartLine, *, terms: ShelfTerms) -> LineIn:
    return variant_line_in(line.variant, line.quantity, terms=terms)


def quote_lines(
    lines: list[CartLine],
    *,
    province: str | None,
    shipping_method: str = ShippingMethod.STANDARD,
    code: str | None = None,
    email: str | None = None,
    now: datetime | None = None,
    threshold: Money | None = None,
) -> Quote:
    """Price already-loaded lines: a constant number of queries however many lines there are."""
    now = now or timezone.now()
    province = province_code(province) if province else None
    threshold = threshold if threshold is not None else free_shipping_threshold()
    sales = shelf_sale_events() if lines else ()
    # The lines' price facts (reference prices, the 30-day low beside a sale), in one query for all of them.
    terms = terms_with_facts(
        ShelfTerms(sales=sales, now=now, free_shipping_threshold=threshold),
        [variant_facts_row(line.variant) for line in lines],
    )
    return build_quote(
        [line_in(line, terms=terms) for line in lines],
        promotions=sales,
        code=discount_code_request(code, email=email) if code and code.strip() else None,
        shipping_rates=shipping_rates_for(province) if province and lines else (),
        tax_rates=tax_rates_for(province) if province and lines else (),
        province=province,
        shipping_method=shipping_method,
        free_shipping_threshold=threshold,
        now=now,
    )


def cart_quote(
    *,
    cart: Cart | None,
    province: str | None,
    shipping_method: str = ShippingMethod.STANDARD,
    code: str | None = None,
    email: str | None = None,
    now: datetime | None = None,
) -> Quote:
    """The full price of `cart` shipped to `province`. Raises UnknownProvince / ShippingUnavailable (see QuoteError)."""
    return quote_lines(
        cart_lines(cart), province=province, shipping_method=shipping_method, code=code, email=email, now=now
    )


@dataclass(frozen=True, slots=True)
class CartRow:
    """One line of the cart page: the priced line plus what the page links to and limits by."""

    priced: PricedLine
    line_id: int
    product_url: str
    product_name: str
    variant_title: str
    stock: int


@dataclass(frozen=True, slots=True)
class CartPage:
    rows: tuple[CartRow, ...]
    quote: Quote
    free_shipping_message: str
    free_shipping_progress: int
    threshold: Money


def cart_page(
    *, cart: Cart | None, province: str | None, code: str | None = None, now: datetime | None = None
) -> CartPage:
    """Everything the cart page shows, in a constant number of queries."""
    lines = cart_lines(cart)
    threshold = free_shipping_threshold()
    quote = quote_lines(lines, province=province, code=code, now=now, threshold=threshold)
    by_variant = {line.variant_id: line for line in lines}
    rows = tuple(
        CartRow(
            priced=priced,
            line_id=by_variant[priced.variant_id].pk,
            product_url=product_url(by_variant[priced.variant_id].variant.product.slug),
            product_name=by_variant[priced.variant_id].variant.product.name,
            variant_title=by_variant[priced.variant_id].variant.title,
            stock=by_variant[priced.variant_id].variant.stock_quantity,
        )
        for priced in quote.lines
    )
    return CartPage(
        rows=rows,
        quote=quote,
        free_shipping_message=free_shipping_message(quote.subtotal, threshold),
        free_shipping_progress=free_shipping_progress(quote.subtotal, threshold),
        threshold=threshold,
    )


def cart_item_count(token: str | None) -> int:
    """Units in the cart with this token: one query, none without a token."""
    if not token:
        return 0
    token = parse_token(token)
    if token is None:
        return 0
    total = CartLine.objects.filter(cart__token=token).aggregate(units=Sum("quantity"))["units"]
    return total or 0


def parse_token(value: object) -> uuid.UUID | None:
    """The cart token from a session value, or None for anything that is not one (an old or tampered session)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
