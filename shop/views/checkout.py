"""Checkout: details -> review -> place order -> pay -> complete. Views stay thin; services do the work.

The cart is never touched on an error path; what the order bought leaves it only once the order is paid.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST

from config.languages import active_language, explicit_choice
from shop.checkout_forms import TOO_MANY_CODE_TRIES, CheckoutDetailsForm, PaymentForm, PlaceOrderForm
from shop.models import Order
from shop.payment_messages import card_details_message, generic_message
from shop.payments import PaymentStatus
from shop.pricing import QuoteError
from shop.selectors.cart import cart_quote
from shop.selectors.marketing_consent import MarketingConsent, checkout_consent_text, marketing_consent_seen
from shop.selectors.shipping import checkout_shipping_options
from shop.services.cart import cart_refresh_stock, cart_remove_ordered, session_cart
from shop.services.orders import CheckoutProblem, OutOfStock, order_place
from shop.services.payment import PaymentOutcome, order_confirm_payment, order_pay
from shop.session_keys import (
    CART_CODE,
    CART_PROVINCE,
    CHECKOUT_CART_CLEARED,
    CHECKOUT_DETAILS,
    CHECKOUT_MARKETING_CONSENT,
    CHECKOUT_TOKEN,
)
from shop.visitor import code_try_allowed, remember_order, viewer_order

# 402 for a card the bank refused, 503 when Stripe could not be reached (the shopper may retry).
PAYMENT_HTTP_STATUS = {PaymentStatus.DECLINED: 402, PaymentStatus.RETRYABLE: 503, PaymentStatus.FAILED: 409}
# Every checkout answer carries the shopper's name, address or order: no shared cache may keep one.
private_page = cache_control(private=True, no_store=True)


def _cart_with_messages(request: HttpRequest):
    cart = session_cart(request)
    for message in cart_refresh_stock(cart=cart):
        messages.warning(request, message)
    return cart


@private_page
@require_http_methods(["GET", "POST"])
def checkout_details(request: HttpRequest) -> HttpResponse:
    cart = _cart_with_messages(request)
    saved = request.session.get(CHECKOUT_DETAILS) or {}
    consent = checkout_consent_text(request)
    if request.method == "POST":
        form = CheckoutDetailsForm(
            request.POST,
            code_try_allowed=lambda code: code_try_allowed(request, code),
            offer_marketing=consent is not None,
        )
        if form.is_valid():
            ticked = consent is not None and form.cleaned_data.get("marketing_opt_in", False)
            request.session[CHECKOUT_DETAILS] = {**form.cleaned_data, "marketing_opt_in": ticked}
            # The proof of a ticked box is taken as it is ticked: the words on this page, this client.
            seen = marketing_consent_seen(request, consent) if ticked else None
            request.session[CHECKOUT_MARKETING_CONSENT] = seen.as_session() if seen else None
            return redirect("shop:checkout_review")
    else:
        # Start from what the shopper already told us: earlier checkout details, or the cart's estimate.
        initial = {
            "province": request.session.get(CART_PROVINCE, ""),
            "code": request.session.get(CART_CODE, ""),
        }
        initial.update(saved)
        if not initial.get("email") and request.user.is_authenticated:
            initial["email"] = request.user.email
        form = CheckoutDetailsForm(initial=initial, offer_marketing=consent is not None)
    quote = cart_quote(cart=cart, province=None)
    options = checkout_shipping_options(province=form["province"].value(), subtotal=quote.subtotal)
    return render(
        request,
        "shop/checkout/details.html",
        {"form": form, "quote": quote, "step": "details", "shipping_options": options, "marketing_consent": consent},
    )


def _quote_for(cart, details: dict):
    return cart_quote(
        cart=cart,
        province=details["province"],
        shipping_method=details["shipping_method"],
        code=details.get("code") or None,
        email=details["email"],
    )


@private_page
@require_http_methods(["GET"])
def checkout_review(request: HttpRequest) -> HttpResponse:
    details = request.session.get(CHECKOUT_DETAILS)
    if not details:
        return redirect("shop:checkout")
    if not code_try_allowed(request, details.get("code")):
        messages.error(request, TOO_MANY_CODE_TRIES)
        return redirect("shop:checkout")
    cart = _cart_with_messages(request)
    try:
        quote = _quote_for(cart, details)
    except QuoteError as error:
        messages.error(request, error.message)
        return redirect("shop:checkout")
    if not quote.lines:
        consent = checkout_consent_text(request)
        context = {
            "form": CheckoutDetailsForm(initial=details, offer_marketing=consent is not None),
            "quote": quote,
            "step": "details",
            "marketing_consent": consent,
        }
        return render(request, "shop/checkout/details.html", context)
    if quote.code_error:
        messages.warning(request, quote.code_error)
    token = request.session.get(CHECKOUT_TOKEN) or uuid.uuid4().hex
    request.session[CHECKOUT_TOKEN] = token
    place_form = PlaceOrderForm(initial={"token": token, "expected_total": quote.total.amount})
    return render(
        request,
        "shop/checkout/review.html",
        {"quote": quote, "details": details, "place_form": place_form, "step": "review"},
    )


@private_page
@require_POST
def checkout_place(request: HttpRequest) -> HttpResponse:
    details = request.session.get(CHECKOUT_DETAILS)
    form = PlaceOrderForm(request.POST)
    if not details or not form.is_valid():
        messages.error(request, _("Please review your order before placing it."))
        return redirect("shop:checkout_review" if details else "shop:checkout")
    address_form = CheckoutDetailsForm(details)
    if not address_form.is_valid():
        return redirect("shop:checkout")
    if not code_try_allowed(request, details.get("code")):
        messages.error(request, TOO_MANY_CODE_TRIES)
        return redirect("shop:checkout")
    try:
        order = _place(request, details=details, address_form=address_form, form=form)
    except (OutOfStock, CheckoutProblem, *QuoteError) as error:
        messages.error(request, str(error))
        return redirect("shop:checkout_review")
    request.session.pop(CHECKOUT_TOKEN, None)
    remember_order(request, order)
    return redirect("shop:checkout_pay", number=order.number)


def _place(request: HttpRequest, *, details: dict, address_form: CheckoutDetailsForm, form: PlaceOrderForm) -> Order:
    # A tick counts only with its proof, the words shown under the box: without them nothing is recorded.
    consent = MarketingConsent.from_session(request.session.get(CHECKOUT_MARKETING_CONSENT))
    return order_place(
        cart=session_cart(request),
        email=details["email"],
        address=address_form.address(),
        shipping_method=details["shipping_method"],
        code=details.get("code") or None,
        user=request.user,
        idempotency_key=form.cleaned_data["token"],
        expected_total=form.cleaned_data["expected_total"],
        marketing_opt_in=bool(details.get("marketing_opt_in")) and consent is not None,
        marketing_consent=consent,
        language=active_language(),
        language_chosen=explicit_choice(request.COOKIES),
    )


def _payment_json(request: HttpRequest, order: Order, outcome: PaymentOutcome) -> JsonResponse:
    if outcome.paid:
        _cart_empty_once(request, order)
        return JsonResponse({"status": "succeeded", "redirect": _complete_url(order)})
    body = {"status": str(outcome.status), "message": outcome.message}
    if outcome.status == PaymentStatus.REQUIRES_ACTION:
        body["client_secret"] = outcome.client_secret
    if outcome.status == PaymentStatus.PROCESSING:
        body["redirect"] = _complete_url(order)
    return JsonResponse(body, status=PAYMENT_HTTP_STATUS.get(outcome.status, 200))


def _cart_empty_once(request: HttpRequest, order: Order) -> None:
    """The one place checkout takes the bought items out of the cart: once, when the order is first seen paid.

    Only the ordered quantities leave, so what the shopper added after placing the order stays. Never on
    an error path, and never again for the same order, so revisiting an old confirmation page does not
    touch the cart the shopper has started since.
    """
    cleared = list(request.session.get(CHECKOUT_CART_CLEARED, []))
    if order.number in cleared:
        return
    cart = session_cart(request)
    if cart is not None:
        cart_remove_ordered(cart=cart, order=order)
    request.session[CHECKOUT_CART_CLEARED] = [*cleared[-19:], order.number]
    request.session.pop(CHECKOUT_DETAILS, None)
    request.session.pop(CHECKOUT_MARKETING_CONSENT, None)


def _complete_url(order: Order) -> str:
    return reverse("shop:checkout_complete", kwargs={"number": order.number})


@private_page
@require_http_methods(["GET", "POST"])
def checkout_pay(request: HttpRequest, number: str) -> HttpResponse:
    order = viewer_order(request, number)
    if request.method == "POST":
        form = PaymentForm(request.POST)
        if not form.is_valid():
            message = _("Please enter your card details again.")
            return JsonResponse({"status": "invalid", "message": message}, status=400)
        outcome = order_pay(order=order, payment_method_id=form.cleaned_data["payment_method_id"])
        return _payment_json(request, order, outcome)
    if order.is_paid:
        return redirect("shop:checkout_complete", number=order.number)
    return render(
        request,
        "shop/checkout/pay.html",
        {
            "order": order,
            "step": "pay",
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
            # The script shows these instead of Stripe's own wording.
            "card_details_message": card_details_message(),
            "generic_payment_message": generic_message(),
        },
    )


@private_page
@require_POST
def checkout_confirm(request: HttpRequest, number: str) -> JsonResponse:
    """After 3-D Secure in the browser: ask Stripe how it ended rather than trust the browser."""
    order = viewer_order(request, number)
    return _payment_json(request, order, order_confirm_payment(order=order))


@private_page
@require_http_methods(["GET"])
def checkout_complete(request: HttpRequest, number: str) -> HttpResponse:
    order = viewer_order(request, number)
    if not order.is_paid and order.stripe_payment_intent_id:
        # The webhook may still be on its way: ask Stripe directly so the shopper sees the truth now.
        order_confirm_payment(order=order)
        order = viewer_order(request, number)
    if order.is_paid:
        _cart_empty_once(request, order)
    return render(request, "shop/checkout/complete.html", {"order": order, "step": "complete"})
