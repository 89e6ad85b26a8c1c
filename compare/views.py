"""Compare views: the shareable comparison page, and the add/remove/clear forms behind the tray."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from compare.selectors import (
    ComparisonPage,
    active_product_name,
    active_slugs,
    comparison_page,
    product_names,
    selection_from_session,
    tray_state,
)
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
from config.site_url import public_url

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
    page = comparison_page(parsed.slugs, only_differences=diff == "only")
    return render(request, "compare/compare.html", _page_context(request, parsed, diff, page))


def _page_context(request: HttpRequest, parsed, diff: str, page: ComparisonPage) -> dict:
    found = page.found
    columns = [
        {
            "product": product,
            "facts": facts,
            "ships_free": facts.ships_free,
            "remove_next": compare_url([slug for slug in found if slug != product.slug], diff),
        }
        for product, facts in page.columns
    ]
    return {
        "parsed": parsed,
        "columns": columns,
        "table": page.table,
        "not_found": list(page.not_found),
        "diff": diff,
        "limit": COMPARE_LIMIT,
        "min_to_compare": MIN_TO_COMPARE,
        "canonical_url": public_url(compare_url(found)),
        "diff_links": {"all": compare_url(found), **{mode: compare_url(found, mode) for mode in DIFF_MODES}},
        "shop_url": shop_url(),
        "session_picks_url": _session_picks_url(request, found),
    }


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
    reconciled = reconcile(selection, active_slugs(selection.slugs))
    if not reconciled.dropped:
        return selection, ""
    selection_save(session=request.session, selection=reconciled.kept)
    return reconciled.kept, reconciled.note(product_names(reconciled.dropped))


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
    # A URL, never a view name: redirect() would try to reverse a `next` like "²" and raise.
    return HttpResponseRedirect(_safe_next(request))


def _picked_product(request: HttpRequest) -> tuple[str | None, str | None]:
    """The slug posted and, when it names a product for sale, that product's name."""
    slug = normalise_slug(request.POST.get("slug"))
    if slug is None:
        return None, None
    return slug, active_product_name(slug)


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
    slug, name = _picked_product(request)
    if slug is None:
        return _answer(request, selection, _("Choose a product to compare."), ok=False, status=400)
    if name is None:
        return _answer(request, selection, _("That product is not available to compare."), ok=False, status=404)
    result = add_to_selection(selection, slug, name=name)
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
    name = product_names([slug]).get(slug, slug)
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
