"""Order pages: a guest finds an order by number and email; a customer sees their history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shop.checkout_forms import OrderLookupForm
from shop.selectors.orders import order_lookup, orders_for_user
from shop.views.checkout import _remember_order, _viewer_order

LOOKUP_LIMIT = 10  # attempts per client address...
LOOKUP_WINDOW_SECONDS = 600  # ...in ten minutes: enough for typos, too few to guess numbers and emails


def _lookup_allowed(request: HttpRequest) -> bool:
    """Count lookups per client address in the cache; True while under the limit."""
    key = f"order-lookup:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, LOOKUP_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, LOOKUP_WINDOW_SECONDS)
        attempts = 1
    return attempts <= LOOKUP_LIMIT


@require_http_methods(["GET", "POST"])
def order_lookup_view(request: HttpRequest) -> HttpResponse:
    form = OrderLookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _lookup_allowed(request):
            messages.error(request, _("Too many attempts. Please wait a few minutes and try again."))
            status = 429
        elif form.is_valid():
            order = order_lookup(number=form.cleaned_data["number"], email=form.cleaned_data["email"])
            if order is not None:
                _remember_order(request, order)
                return redirect(order.get_absolute_url())
            form.add_error(None, _("We could not find an order with that number and email. Please check both."))
    return render(request, "shop/orders/lookup.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _viewer_order(request, number)
    return render(request, "shop/orders/detail.html", {"order": order})


@login_required
@require_http_methods(["GET"])
def account_orders(request: HttpRequest) -> HttpResponse:
    orders = orders_for_user(user=request.user)
    return render(request, "shop/orders/account_list.html", {"orders": orders})
