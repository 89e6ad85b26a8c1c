"""Price match for shoppers: the published policy, the "Found it cheaper?" form and its thank-you page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from config import ratelimit
from shop.models import PriceMatchSettings
from shop.price_match import policy_points
from shop.price_match_forms import PriceMatchRequestForm
from shop.selectors.offers import shelf_terms, variant_offers
from shop.selectors.price_match import variant_for_sku
from shop.services.price_match import price_match_request_create

# A shopper files one or two; a script filing hundreds is stopped after this many an hour.
REQUEST_RATE = ratelimit.Rate(hits=5, seconds=60 * 60)
private_page = cache_control(private=True, no_store=True)


@require_http_methods(["GET"])
def price_match_policy(request: HttpRequest) -> HttpResponse:
    """The policy, worded from the same settings the rules check."""
    settings = PriceMatchSettings.for_request(request)
    policy = settings.policy()
    return render(request, "shop/price_match/policy.html", {"policy": policy, "points": policy_points(policy)})


@private_page
@require_http_methods(["GET", "POST"])
def price_match_request(request: HttpRequest, slug: str) -> HttpResponse:
    chosen, variants = variant_for_sku(product_slug=slug, sku=request.GET.get("variant", "")[:64])
    if chosen is None:
        raise Http404(_("We could not find that product."))
    product = chosen.product
    policy = PriceMatchSettings.for_request(request).policy()
    context = {"product": product, "policy": policy}
    if not policy.enabled:
        return render(request, "shop/price_match/request.html", context)
    terms = shelf_terms()
    shelf_prices = {offer.variant_id: offer.price for offer in variant_offers(variants, terms=terms)}
    form = PriceMatchRequestForm(
        request.POST or None,
        request.FILES or None,
        variants=variants,
        shelf_prices=shelf_prices,
        policy=policy,
        now=terms.now,
        initial={"variant": chosen.pk},
    )
    status = 200
    if request.method == "POST":
        if not ratelimit.hit(request, action="price-match", rate=REQUEST_RATE):
            messages.error(request, _("You have sent several requests already. Please try again in an hour."))
            status = 429
        elif form.is_bot:
            return redirect("shop:price_match_sent")  # a bot learns nothing; nothing is filed
        elif form.is_valid():
            price_match_request_create(
                variant=form.chosen_variant,
                offer=form.competitor_offer(),
                email=form.cleaned_data["email"],
                shelf_price=shelf_prices[form.chosen_variant.pk],
                purchase=form.purchase,
                screenshot=form.cleaned_data.get("screenshot"),
            )
            return redirect("shop:price_match_sent")
    context["form"] = form
    return render(request, "shop/price_match/request.html", context, status=status)


@require_http_methods(["GET"])
def price_match_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "shop/price_match/sent.html")
