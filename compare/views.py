"""Compare views: the shareable comparison page, and the add/remove/clear forms behind the tray."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from compare.comparison import build_comparison
from compare.selectors import product_facts, products_by_slugs, selection_from_session, tray_state
from compare.services import (
    COMPARE_LIMIT,
    MIN_TO_COMPARE,
    CompareSelection,
    add_to_selection,
    clear_selection,
    compare_query,
    normalise_slug,
    parse_compare_param,
    reconcile,
    remove_from_selection,
    selection_save,
)
from config import ratelimit
from config.redirects import safe_next_url
from shop.models import Product
from shop.selectors.offers import shelf_terms

DIFF_MODES = ("highlight", "only")
# Ticking boxes quickly through a listing stays well inside this; a script hammering the session does not.
COMPARE_WRITES = ratelimit.Rate(hits=60, seconds=60)


def compare_url(slugs, diff: str = "") -> str:
    """The normalised comparison link: /compare/?p=a,b[,c] (commas kept readable), plus the diff flag if any."""
    base = reverse("compare:page")
    if not slugs:
        return base
    query = "p=" + compare_query(slugs)
    if diff:
        query += "&" + urlencode({"diff": diff})
    return f"{base}?{query}"


def shop_url() -> str:
    return reverse("shop:listing")


@require_safe
def compare_page(request: HttpRequest) -> HttpResponse:
    parsed = parse_compare_param(request.GET.get("p"))
    diff = request.GET.get("diff", "")
    diff = diff if diff in DIFF_MODES else ""
    products = products_by_slugs(parsed.slugs)
    found = [product.slug for product in products]
    not_found = [slug for slug in parsed.slugs if slug not in found]
    terms = shelf_terms()
    facts = [product_facts(product, terms=terms) for product in products]
    table = build_comparison(facts, only_differences=diff == "only") if len(facts) >= MIN_TO_COMPARE else None
    columns = [
        {
            "product": product,
            "facts": fact,
            "ships_free": fact.ships_free,
            "remove_next": compare_url([slug for slug in found if slug != product.slug], diff),
        }
        for product, fact in zip(products, facts, strict=True)
    ]
    context = {
        "parsed": parsed,
        "columns": columns,
        "table": table,
        "not_found": not_found,
        "diff": diff,
        "limit": COMPARE_LIMIT,
        "min_to_compare": MIN_TO_COMPARE,
        "canonical_url": request.build_absolute_uri(compare_url(found)),
        "diff_links": {"all": compare_url(found), **{mode: compare_url(found, mode) for mode in DIFF_MODES}},
        "shop_url": shop_url(),
        "session_picks_url": _session_picks_url(request, found),
    }
    return render(request, "compare/compare.html", context)


def _session_picks_url(request: HttpRequest, showing: list[str]) -> str:
    """When this page cannot compare, offer the shopper's own picks if they make a comparison."""
    selection = selection_from_session(request.session)
    if selection.can_compare and list(selection.slugs) != showing:
        return compare_url(selection.slugs)
    return ""


# --- add / remove / clear -----------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "") or request.headers.get("X-Requested-With") == "fetch"


def _safe_next(request: HttpRequest) -> str:
    """Back to where the shopper was, but only ever to this site."""
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"), shop_url())


def _current_selection(request: HttpRequest) -> tuple[CompareSelection, str]:
    """The session's picks with anything taken off sale since dropped (and the session updated)."""
    selection = selection_from_session(request.session)
    if not selection.slugs:
        return selection, ""
    known = Product.objects.active().filter(slug__in=list(selection.slugs)).values_list("slug", flat=True)
    reconciled = reconcile(selection, known)
    if not reconciled.dropped:
        return selection, ""
    selection_save(session=request.session, selection=reconciled.kept)
    names = dict(Product.objects.filter(slug__in=reconciled.dropped).values_list("slug", "name"))
    return reconciled.kept, reconciled.note(names)


def _answer(
    request: HttpRequest, selection: CompareSelection, message: str, *, ok: bool = True, status: int = 200
) -> HttpResponse:
    if _wants_json(request):
        tray = tray_state(selection)
        if tray.selection != selection:
            selection_save(session=request.session, selection=tray.selection)
        return JsonResponse(
            {
                "ok": ok,
                "message": " ".join(part for part in (tray.dropped_note, message) if part),
                "items": [item.as_json() for item in tray.items],
                "count": tray.count,
                "compare_url": compare_url([item.slug for item in tray.items]),
            },
            status=status,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(_safe_next(request))


def _picked_product(request: HttpRequest) -> tuple[str | None, Product | None]:
    slug = normalise_slug(request.POST.get("slug"))
    if slug is None:
        return None, None
    return slug, Product.objects.active().filter(slug=slug).only("slug", "name").first()


def _rate_limited(view):
    """Public POST forms are rate-limited per client (cache-based, shared with the cart)."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if ratelimit.hit(request, action="compare", rate=COMPARE_WRITES):
            return view(request)
        message = _("That was a lot of changes at once; please wait a minute and try again.")
        return _answer(request, selection_from_session(request.session), message, ok=False, status=429)

    return wrapper


@require_POST
@_rate_limited
def add(request: HttpRequest) -> HttpResponse:
    selection, dropped_note = _current_selection(request)
    slug, product = _picked_product(request)
    if slug is None:
        return _answer(request, selection, _("Choose a product to compare."), ok=False, status=400)
    if product is None:
        return _answer(request, selection, _("That product is not available to compare."), ok=False, status=404)
    result = add_to_selection(selection, slug, name=product.name)
    if result.changed:
        selection_save(session=request.session, selection=result.selection)
    message = " ".join(part for part in (dropped_note, result.message) if part)
    return _answer(request, result.selection, message, ok=result.accepted, status=200 if result.accepted else 409)


@require_POST
@_rate_limited
def remove(request: HttpRequest) -> HttpResponse:
    selection = selection_from_session(request.session)
    slug = normalise_slug(request.POST.get("slug"))
    if slug is None:
        return _answer(request, selection, _("Choose a product to remove."), ok=False, status=400)
    # A deleted product can still be removed, so the name is looked up without the active filter.
    name = Product.objects.filter(slug=slug).values_list("name", flat=True).first() or slug
    result = remove_from_selection(selection, slug, name=name)
    if result.changed:
        selection_save(session=request.session, selection=result.selection)
    return _answer(request, result.selection, result.message)


@require_POST
@_rate_limited
def clear(request: HttpRequest) -> HttpResponse:
    result = clear_selection(selection_from_session(request.session))
    selection_save(session=request.session, selection=result.selection)
    return _answer(request, result.selection, result.message)
