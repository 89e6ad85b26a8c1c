"""Storefront views that are not Wagtail pages: search, the password page, SEO files, health and errors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config import ratelimit
from config.redirects import safe_next_url
from config.site_url import public_url
from content.forms import StorefrontPasswordForm
from content.middleware import asset_folders, lock_keeping_out
from content.search import parse_search_query, search_storefront
from content.session_keys import STOREFRONT_UNLOCKED
from content.settings import StorefrontLock
from shop.models import Product
from shop.selectors.cards import product_cards

RESULTS_PER_PAGE = 24
PASSWORD_ATTEMPTS_PER_WINDOW = 10
PASSWORD_WINDOW_SECONDS = 5 * 60


@require_GET
def search(request):
    query = parse_search_query(request.GET.get("q", ""))
    page = None
    if query:
        page = Paginator(search_storefront(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = with_product_cards(page.object_list)
    return render(request, "content/search.html", {"search_query": query, "results": page})


def with_product_cards(results: list) -> list:
    """Swap the product hits for their cards (prices, stock, image) without changing the order."""
    cards = {card.pk: card for card in product_cards(r.pk for r in results if isinstance(r, Product))}
    # A product taken off sale since it was indexed has no card, and drops out of the results.
    return [
        cards[r.pk] if isinstance(r, Product) else r for r in results if not isinstance(r, Product) or r.pk in cards
    ]


def storefront_password(request, *, lock: StorefrontLock | None = None, status: int = 200):
    """Show the password form, check an entered password, and remember success in the session.

    The lock middleware calls this in place of any locked page, so the shopper's address stays put.
    """
    lock = lock or StorefrontLock.for_request(request)
    on_password_page = request.path_info == reverse("content:storefront_password")
    if not lock.is_locked and on_password_page:
        return HttpResponseRedirect(reverse("wagtail_serve", args=[""]))  # the home page, in this language
    if request.method == "POST" and on_password_page:
        form = StorefrontPasswordForm(request.POST)
        if not _password_try_allowed(request):
            return _password_page(
                request, form, lock, _("Too many attempts. Please wait a few minutes and try again."), 429
            )
        if form.is_valid() and lock.check_password(form.cleaned_data["password"]):
            request.session.cycle_key()
            request.session[STOREFRONT_UNLOCKED] = lock.unlock_token()
            return HttpResponseRedirect(safe_next_url(request, form.cleaned_data.get("next"), "/"))
        return _password_page(request, form, lock, _("Your password is incorrect."), status)
    next_url = request.GET.get("next") if on_password_page else request.get_full_path()
    form = StorefrontPasswordForm(initial={"next": next_url or "/"})
    return _password_page(request, form, lock, "", status)


def _password_try_allowed(request) -> bool:
    rate = ratelimit.Rate(hits=PASSWORD_ATTEMPTS_PER_WINDOW, seconds=PASSWORD_WINDOW_SECONDS)
    return ratelimit.hit(request, action="storefront-password", rate=rate)


def _password_page(request, form, lock: StorefrontLock, error: str, status: int):
    response = render(
        request, "content/password_page.html", {"form": form, "error": error, "lock": lock}, status=status
    )
    # The same address serves the real page once unlocked, so no cache may keep this one.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def healthz(request):
    """For load balancers: answers "ok" after one round trip to the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


# The same pages under /fr/ too; /language/ only remembers a shopper's choice and redirects.
_SHOPPER_DISALLOW = ("/cart/", "/checkout/", "/compare/", "/search/", "/password/", "/chat/")
ROBOTS_DISALLOW = ("/admin/", *_SHOPPER_DISALLOW, *(f"/fr{path}" for path in _SHOPPER_DISALLOW), "/language/")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {public_url(reverse('content:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links: send them to the static one.

    A temporary redirect, cached for a day, because the static file's name carries its content hash.
    """
    response = HttpResponseRedirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


def page_not_found(request, exception=None):
    """Unknown addresses get the site's own design, with search and a way back to the shop.

    While the storefront is locked, a visitor who has not unlocked it never sees that design (it shows
    the sale banner, the categories and the contact details): a missing asset is a bare 404, anything
    else the password page, still with status 404.
    """
    lock = lock_keeping_out(request)
    if lock is not None:
        if request.path_info.startswith(asset_folders()):
            response = HttpResponseNotFound(_("Not found."), content_type="text/plain; charset=utf-8")
            add_never_cache_headers(response)
            return response
        return storefront_password(request, lock=lock, status=404)
    return render(request, "404.html", status=404)
