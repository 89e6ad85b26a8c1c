"""Order pages: a guest finds an order by number and email; a customer sees their history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from config import ratelimit
from config.ratelimit import Rate
from shop.checkout_forms import OrderLookupForm
from shop.order_links import ReceiptLinkProblem, receipt_link_read
from shop.selectors.orders import order_delivery_estimate, order_for_receipt_link, order_lookup, orders_for_user
from shop.visitor import remember_order, viewer_order

# Enough for typos; too few to guess order numbers and emails.
LOOKUP_RATE = Rate(hits=10, seconds=600)
# These pages show a name, an address or an order history: no shared cache may keep one.
private_page = cache_control(private=True, no_store=True)


@private_page
@require_http_methods(["GET", "POST"])
def order_lookup_view(request: HttpRequest) -> HttpResponse:
    form = OrderLookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.hit(request, action="order-lookup", rate=LOOKUP_RATE):
            messages.error(request, _("Too many attempts. Please wait a few minutes and try again."))
            status = 429
        elif form.is_valid():
            order = order_lookup(number=form.cleaned_data["number"], email=form.cleaned_data["email"])
            if order is not None:
                remember_order(request, order)
                return redirect(order.get_absolute_url())
            form.add_error(None, _("We could not find an order with that number and email. Please check both."))
    return render(request, "shop/orders/lookup.html", {"form": form}, status=status)


@private_page
@require_http_methods(["GET"])
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = viewer_order(request, number)
    return _order_page(request, order)


def _order_page(request: HttpRequest, order) -> HttpResponse:
    context = {"order": order, "delivery_estimate": order_delivery_estimate(order)}
    return render(request, "shop/orders/detail.html", context)


@private_page
@require_http_methods(["GET"])
def order_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The order page behind the receipt's signed link; a broken or old link says so and offers the lookup."""
    try:
        link = receipt_link_read(token)
    except ReceiptLinkProblem as problem:
        status = 410 if problem.expired else 400
        return render(request, "shop/orders/link_problem.html", {"expired": problem.expired}, status=status)
    order = order_for_receipt_link(order_id=link.order_id, email=link.email)
    if order is None:
        return render(request, "shop/orders/link_problem.html", {"expired": False, "missing": True}, status=404)
    # From here on this browser may open the order's own page (and pay for it if it is still unpaid).
    remember_order(request, order)
    return _order_page(request, order)


@private_page
@login_required
@require_http_methods(["GET"])
def account_orders(request: HttpRequest) -> HttpResponse:
    orders = orders_for_user(user=request.user)
    return render(request, "shop/orders/account_list.html", {"orders": orders})
