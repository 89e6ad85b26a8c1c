"""The cart page and its no-JavaScript forms: add, change quantity, remove.

Every form posts with Django's CSRF token and comes back here (or to `next`) with a message, so the page
works the same with JavaScript off; static/js/cart.js only makes it quicker.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config import ratelimit
from config.redirects import safe_next_url
from shop.parsing import InputError, parse_discount_code, parse_id, parse_quantity
from shop.pricing import QuoteError
from shop.provinces import Province, UnknownProvince, province_code
from shop.selectors.cart import cart_page
from shop.services.cart import (
    CartError,
    cart_add_item,
    cart_get_or_create,
    cart_refresh_stock,
    cart_remove_item,
    cart_set_quantity,
    session_cart,
)
from shop.session_keys import CART_CODE, CART_PROVINCE
from shop.visitor import CART_WRITES_PER_MINUTE, code_try_allowed


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next_url(request, request.POST.get("next"), fallback))


def _remember(request: HttpRequest, key: str, value: str) -> None:
    # Only write when it changed, so looking at the cart does not rewrite the session every time.
    if request.session.get(key) != value:
        request.session[key] = value


def _throttled(request: HttpRequest) -> bool:
    if ratelimit.hit(request, action="cart", rate=ratelimit.Rate(hits=CART_WRITES_PER_MINUTE, seconds=60)):
        return False
    messages.error(request, _("That was a lot of cart changes at once; please wait a minute and try again."))
    return True


@never_cache
def cart(request: HttpRequest) -> HttpResponse:
    """The cart with stock re-checked, free-shipping progress and an estimate for the chosen province."""
    province, code, errors = _estimate_inputs(request)
    shopping_cart = session_cart(request)
    notices = cart_refresh_stock(cart=shopping_cart)
    try:
        page = cart_page(cart=shopping_cart, province=province or None, code=code or None)
    except QuoteError as problem:
        errors.append(problem.message)
        page = cart_page(cart=shopping_cart, province=None, code=code or None)
    context = {"page": page, "quote": page.quote, "notices": notices, "errors": errors}
    context |= {"province": province, "provinces": Province.choices, "code": code}
    return render(request, "shop/cart.html", context)


def _estimate_inputs(request: HttpRequest) -> tuple[str, str, list[str]]:
    """The estimate's province and code, from the query or as remembered; what was refused, and why."""
    errors: list[str] = []
    province = request.GET.get("province", request.session.get(CART_PROVINCE, ""))
    try:
        code = parse_discount_code(request.GET.get("code", request.session.get(CART_CODE, "")))
    except InputError as problem:
        errors.append(problem.message)
        code = ""
    if province:
        try:
            province = province_code(province)
            _remember(request, CART_PROVINCE, province)
        except UnknownProvince as problem:
            errors.append(problem.message)
            province = ""
    if code and "code" in request.GET and not code_try_allowed(request):
        errors.append(_("Too many discount codes tried; please wait a minute and try again."))
        code = ""
    if "code" in request.GET:
        _remember(request, CART_CODE, code)
    return province, code, errors


@require_POST
def cart_add(request: HttpRequest) -> HttpResponseRedirect:
    if _throttled(request):
        return _back(request, reverse("shop:cart"))
    try:
        variant_id = parse_id(request.POST.get("variant"))
        quantity = parse_quantity(request.POST.get("quantity", "1"), minimum=1)
        line = cart_add_item(cart=cart_get_or_create(request=request), variant_id=variant_id, quantity=quantity)
    except (InputError, CartError) as problem:
        messages.error(request, problem.message)
        return _back(request, reverse("shop:cart"))
    messages.success(request, _("Added %(product)s to your cart.") % {"product": line.variant})
    return _back(request, reverse("shop:cart"))


@require_POST
def cart_update(request: HttpRequest) -> HttpResponseRedirect:
    if _throttled(request):
        return HttpResponseRedirect(reverse("shop:cart"))
    shopping_cart = session_cart(request)
    if shopping_cart is None:
        messages.error(request, _("Your cart is empty."))
        return HttpResponseRedirect(reverse("shop:cart"))
    try:
        variant_id = parse_id(request.POST.get("variant"))
        quantity = parse_quantity(request.POST.get("quantity", ""), minimum=0)
        cart_set_quantity(cart=shopping_cart, variant_id=variant_id, quantity=quantity)
    except (InputError, CartError) as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Your cart was updated."))
    return HttpResponseRedirect(reverse("shop:cart"))


@require_POST
def cart_remove(request: HttpRequest) -> HttpResponseRedirect:
    if _throttled(request):
        return HttpResponseRedirect(reverse("shop:cart"))
    shopping_cart = session_cart(request)
    if shopping_cart is not None:
        try:
            cart_remove_item(cart=shopping_cart, variant_id=parse_id(request.POST.get("variant")))
        except (InputError, CartError) as problem:
            messages.error(request, problem.message)
        else:
            messages.success(request, _("The item was removed from your cart."))
    return HttpResponseRedirect(reverse("shop:cart"))
