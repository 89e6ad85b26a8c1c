"""The JSON cart API, shaped like Shopify's AJAX cart so theme code feels familiar.

Prices in /cart.js and /products/<handle>.js are integer cents, as Shopify sends them; /cart/quote.json
answers in decimal strings. Every error is JSON: {"status": 4xx, "message": ..., "description": ...}.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from config import ratelimit
from shop.money import Money
from shop.parsing import (
    InputError,
    form_updates,
    parse_discount_code,
    parse_id,
    parse_json_object,
    parse_quantity,
    parse_updates,
)
from shop.pricing import PricedLine, Quote, QuoteError
from shop.selectors.cart import cart_lines, quote_lines
from shop.selectors.links import product_url
from shop.selectors.product import product_js as product_js_data
from shop.selectors.shipping import checkout_shipping_options
from shop.services.cart import (
    CartError,
    cart_add_item,
    cart_apply_updates,
    cart_clear,
    cart_get_or_create,
    cart_set_quantity,
    session_cart,
)
from shop.visitor import CART_WRITES_PER_MINUTE, code_try_allowed


def error(status: int, message: str, description: str) -> JsonResponse:
    return JsonResponse({"status": status, "message": message, "description": description}, status=status)


def _csrf_failure(request: HttpRequest) -> JsonResponse | None:
    """Django's own CSRF check, answered in JSON rather than the HTML 403 page."""
    response = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
    if response is None:
        return None
    return error(403, _("Forbidden"), _("Send Django's CSRF token in the X-CSRFToken header."))


def cart_post(view: Callable) -> Callable:
    """For the public POST endpoints: CSRF checked (JSON 403), rate-limited (JSON 429)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if (failure := _csrf_failure(request)) is not None:
            return failure
        if not ratelimit.hit(request, action="cart", rate=ratelimit.Rate(hits=CART_WRITES_PER_MINUTE, seconds=60)):
            return error(429, _("Too many requests"), _("Please wait a minute before changing the cart again."))
        return view(request, *args, **kwargs)

    return csrf_exempt(require_POST(never_cache(wrapper)))


def _payload(request: HttpRequest) -> dict:
    """The request's fields, from a JSON body or a form post (Shopify accepts both). InputError if unreadable."""
    if request.content_type == "application/json":
        return parse_json_object(request.body)
    return request.POST.dict()


# --- serialisation -------------------------------------------------------------------------------


def line_json(line: PricedLine, *, handle: str, variant_title: str, product_title: str) -> dict:
    return {
        "id": line.variant_id,
        "variant_id": line.variant_id,
        "key": str(line.variant_id),
        "product_id": line.product_id,
        "handle": handle,
        "url": product_url(handle),
        "title": line.title,
        "product_title": product_title,
        "variant_title": variant_title or None,
        "sku": line.sku,
        "quantity": line.quantity,
        "price": line.unit_shelf_price.cents,
        "original_price": line.unit_list_price.cents,
        "compare_at_price": line.compare_at.cents if line.compare_at else None,
        "line_price": line.line_shelf_total.cents,
        "original_line_price": (line.unit_list_price * line.quantity).cents,
        "sale_name": line.sale_name,
    }


def cart_json(request: HttpRequest) -> dict:
    """The cart as /cart.js returns it; a cart that does not exist yet is simply empty (and not created)."""
    cart = session_cart(request)
    lines = cart_lines(cart)
    quote = quote_lines(lines, province=None)
    by_variant = {line.variant_id: line.variant for line in lines}
    items = [
        line_json(
            priced,
            handle=by_variant[priced.variant_id].product.slug,
            variant_title=by_variant[priced.variant_id].title,
            product_title=by_variant[priced.variant_id].product.name,
        )
        for priced in quote.lines
    ]
    original_total = sum((item["original_line_price"] for item in items), 0)
    return {
        "token": str(cart.token) if cart else None,
        "currency": quote.currency,
        "item_count": quote.item_count,
        "items": items,
        "items_subtotal_price": quote.subtotal.cents,
        "original_total_price": original_total,
        "total_price": quote.subtotal.cents,
        "total_discount": original_total - quote.subtotal.cents,
        "requires_shipping": bool(items),
        "free_shipping": quote.free_shipping,
        "amount_to_free_shipping": quote.amount_to_free_shipping.cents,
    }


def quote_json(quote: Quote) -> dict:
    def decimal(value: Money) -> str:
        return value.decimal_string()

    return {
        "currency": quote.currency,
        "province": quote.province,
        "item_count": quote.item_count,
        "subtotal": decimal(quote.subtotal),
        "discounts": decimal(quote.discounts),
        "code": quote.code,
        "code_error": quote.code_error,
        "shipping": decimal(quote.shipping),
        "shipping_method": quote.shipping_method,
        "free_shipping": quote.free_shipping,
        "amount_to_free_shipping": decimal(quote.amount_to_free_shipping),
        "taxes": [
            {"name": tax.name, "rate": f"{tax.rate.normalize():f}", "amount": decimal(tax.amount)}
            for tax in quote.taxes
        ],
        "tax_total": decimal(quote.tax_total),
        "total": decimal(quote.total),
    }


def shipping_options_json(options) -> list[dict]:
    """Each method's charge and estimate for the quote's province, with the words checkout shows for them."""
    return [
        {
            "method": option.method,
            "available": option.charge is not None,
            "free": bool(option.charge and option.charge.free),
            "price": option.charge.price.decimal_string() if option.charge else None,
            "price_text": option.price_text,
            "estimate": str(option.estimate) if option.estimate else "",
        }
        for option in options
    ]


# --- endpoints -----------------------------------------------------------------------------------


@require_GET
@never_cache
def cart_js(request: HttpRequest) -> JsonResponse:
    return JsonResponse(cart_json(request))


@cart_post
def cart_add_js(request: HttpRequest) -> JsonResponse:
    try:
        data = _payload(request)
    except InputError as problem:
        return error(400, _("Bad request"), problem.message)
    if data.get("id") in (None, ""):
        return error(400, _("Bad request"), _("Send the variant's id."))
    try:
        variant_id = parse_id(data["id"])
        quantity = parse_quantity(data.get("quantity", 1), minimum=1)
        cart = cart_get_or_create(request=request)
        line = cart_add_item(cart=cart, variant_id=variant_id, quantity=quantity)
    except (InputError, CartError) as problem:
        return error(422, _("Cart error"), problem.message)
    item = next(item for item in cart_json(request)["items"] if item["id"] == line.variant_id)
    return JsonResponse(item)


@cart_post
def cart_change_js(request: HttpRequest) -> JsonResponse:
    try:
        data = _payload(request)
    except InputError as problem:
        return error(400, _("Bad request"), problem.message)
    if data.get("id") in (None, "") or "quantity" not in data:
        return error(400, _("Bad request"), _("Send the variant's id and the new quantity."))
    try:
        variant_id = parse_id(data["id"])
        quantity = parse_quantity(data["quantity"], minimum=0)
    except InputError as problem:
        return error(422, _("Cart error"), problem.message)
    cart = session_cart(request)
    if cart is None:
        return error(422, _("Cart error"), _("Your cart is empty."))
    try:
        cart_set_quantity(cart=cart, variant_id=variant_id, quantity=quantity)
    except CartError as problem:
        return error(422, _("Cart error"), problem.message)
    return JsonResponse(cart_json(request))


@cart_post
def cart_update_js(request: HttpRequest) -> JsonResponse:
    """Shopify's /cart/update.js: `updates` sets several quantities at once (0 removes; a new variant is added).

    Every value is read before anything changes, and the changes are all made or none (a stock refusal).
    """
    if request.content_type == "application/json":
        try:
            raw = _payload(request).get("updates")
        except InputError as problem:
            return error(400, _("Bad request"), problem.message)
    else:
        raw = form_updates(dict(request.POST.lists()))
    if raw is None:
        return error(400, _("Bad request"), _("Send updates: {variant id: quantity}."))
    cart = session_cart(request)
    try:
        updates = parse_updates(raw, cart_order=[line.variant_id for line in cart_lines(cart)])
        if cart is None and any(updates.values()):
            cart = cart_get_or_create(request=request)
        if cart is not None:
            cart_apply_updates(cart=cart, updates=updates)
    except (InputError, CartError) as problem:
        return error(422, _("Cart error"), problem.message)
    return JsonResponse(cart_json(request))


@cart_post
def cart_clear_js(request: HttpRequest) -> JsonResponse:
    cart = session_cart(request)
    if cart is not None:
        cart_clear(cart=cart)
    return JsonResponse(cart_json(request))


@require_GET
@never_cache
def cart_quote_json(request: HttpRequest) -> JsonResponse:
    try:
        code = parse_discount_code(request.GET.get("code"))
    except InputError as problem:
        return error(400, _("Bad request"), problem.message)
    if code and not code_try_allowed(request):
        return error(429, _("Too many requests"), _("Too many discount codes tried; please wait a minute."))
    cart = session_cart(request)
    try:
        quote = quote_lines(
            cart_lines(cart),
            province=request.GET.get("province") or None,
            shipping_method=request.GET.get("method") or "standard",
            code=code or None,
        )
    except QuoteError as problem:
        return error(400, _("Bad request"), problem.message)
    options = checkout_shipping_options(province=quote.province, subtotal=quote.subtotal) if quote.lines else ()
    return JsonResponse({**quote_json(quote), "shipping_options": shipping_options_json(options)})


@require_GET
def product_js(request: HttpRequest, slug: str) -> JsonResponse:
    data = product_js_data(slug)
    if data is None:
        return error(404, _("Not found"), _("No product is called “%(handle)s”.") % {"handle": slug})
    return JsonResponse(data)
