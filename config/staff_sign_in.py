"""Staff sign-in limits (django-axes): only the Wagtail admin's login counts; shoppers have allauth's limits.

Axes counts failed passwords per username and client address (settings.AXES_*), and after the limit
answers the lockout page until the cool-off has passed. Shoppers signing in at /accounts/login/ are
left to allauth's own limits (ACCOUNT_RATE_LIMITS): an email-only form gives axes no username, and it
would then count every shopper behind one address together.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

ADMIN_PREFIX = "/admin/"


def outside_the_admin(request, credentials=None) -> bool:
    """Axes' allow-list: True (not counted, never locked) for any sign-in that is not the staff admin's."""
    path = getattr(request, "path_info", None) or getattr(request, "path", "") or ""
    return not path.startswith(ADMIN_PREFIX)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out staff sign-in gets: 429, what happened, and how long to wait."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "wait_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    response = render(request, "axes/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    add_never_cache_headers(response)
    if context["wait_minutes"]:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
