"""Template tags for the compare toggle and tray. The session is read once per request and kept on it."""

from __future__ import annotations

from django import template

from compare.selectors import TrayState, selection_from_session, tray_state
from compare.services import COMPARE_LIMIT, MIN_TO_COMPARE, CompareSelection, selection_save
from compare.views import compare_url

register = template.Library()

_SELECTION_ATTR = "_compare_selection"
_TRAY_ATTR = "_compare_tray"


def request_selection(request) -> CompareSelection:
    """The session's picks, read once per request: a listing of 24 cards asks 24 times."""
    if request is None or not hasattr(request, "session"):
        return CompareSelection()
    cached = getattr(request, _SELECTION_ATTR, None)
    if cached is None:
        cached = selection_from_session(request.session)
        setattr(request, _SELECTION_ATTR, cached)
    return cached


@register.simple_tag(takes_context=True)
def compare_picked(context, product) -> bool:
    """Is this product (a Product, or anything with a slug) among the shopper's picks?"""
    slug = getattr(product, "slug", product)
    return slug in request_selection(context.get("request"))


@register.simple_tag(takes_context=True)
def compare_tray(context) -> TrayState:
    """The tray's contents, loaded once per request; picks taken off sale since are dropped from the session."""
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return TrayState(CompareSelection(), ())
    cached = getattr(request, _TRAY_ATTR, None)
    if cached is None:
        selection = request_selection(request)
        cached = tray_state(selection)
        if cached.selection != selection:
            # Keep the note for this page only; the session forgets the dropped products now.
            selection_save(session=request.session, selection=cached.selection)
            setattr(request, _SELECTION_ATTR, cached.selection)
        setattr(request, _TRAY_ATTR, cached)
    return cached


@register.simple_tag
def compare_link(slugs) -> str:
    """The comparison page for these slugs, as the tray's Compare button links to it."""
    return compare_url(slugs)


@register.simple_tag
def compare_limits() -> dict[str, int]:
    return {"limit": COMPARE_LIMIT, "min": MIN_TO_COMPARE}
