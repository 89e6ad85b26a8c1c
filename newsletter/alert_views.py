"""The back-in-stock alert's public pages: the form's post, confirming the alert, and cancelling it."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config import ratelimit
from newsletter import back_in_stock
from newsletter.forms import BackInStockForm
from newsletter.views import _answer, _page
from shop.models import ProductVariant

ALERTS_PER_WINDOW = 5
ALERT_WINDOW_SECONDS = 10 * 60


@require_POST
def back_in_stock_ask(request):
    """Start the double opt-in for one alert. Every address gets the same answer, so it tells a stranger nothing."""
    next_url = request.POST.get("next")
    rate = ratelimit.Rate(hits=ALERTS_PER_WINDOW, seconds=ALERT_WINDOW_SECONDS)
    if not ratelimit.hit(request, action="newsletter-back-in-stock", rate=rate):
        return _answer(
            request, next_url, _("Too many requests from here. Please wait a few minutes."), ok=False, status=429
        )
    form = BackInStockForm(request.POST)
    check_inbox = _("Thanks! Check your inbox: we've sent you a link to confirm your alert.")
    if form.is_bot:
        return _answer(request, next_url, check_inbox, ok=True)
    if not form.is_valid():
        first_error = next(iter(form.errors.values()))[0]
        return _answer(request, next_url, first_error, ok=False, status=400)
    variant = (
        ProductVariant.objects.filter(pk=form.cleaned_data["variant"], product__is_active=True)
        .only("pk", "stock_quantity")
        .first()
    )
    if variant is None:
        return _answer(request, next_url, _("That option is no longer sold here."), ok=False, status=400)
    if variant.in_stock:
        return _answer(request, next_url, _("Good news: it's back in stock, so you can order it now."), ok=True)
    address = ratelimit.client_address(request)
    back_in_stock.back_in_stock_request(
        email=form.cleaned_data["email"],
        variant_id=variant.pk,
        context=back_in_stock.AlertContext(
            language=get_language() or "",
            ip_address=address if address != "unknown" else None,
            user_agent=request.headers.get("User-Agent", ""),
        ),
    )
    return _answer(request, form.cleaned_data.get("next"), check_inbox, ok=True)


@require_http_methods(["GET", "POST"])
def back_in_stock_confirm(request, token: str):
    """GET shows a button (mail scanners that follow links confirm nothing); its POST confirms."""
    result = alert = None
    if request.method == "POST":
        result, alert = back_in_stock.back_in_stock_confirm(token=token)
    context = {"result": result and result.value, "alert": alert}
    if alert is not None:
        context["cancel_url"] = back_in_stock.cancel_url(alert)
    return _page(request, "newsletter/back_in_stock_confirm.html", context)


@require_http_methods(["GET", "POST"])
def back_in_stock_cancel(request, token: str):
    """GET shows a button and changes nothing; POST withdraws the alert."""
    alert = back_in_stock.request_from_cancel_link(token)
    done = False
    if alert is not None and request.method == "POST":
        back_in_stock.back_in_stock_cancel(request=alert)
        done = True
    status = 200 if alert is not None else 404
    return _page(request, "newsletter/back_in_stock_cancel.html", {"alert": alert, "done": done}, status=status)
