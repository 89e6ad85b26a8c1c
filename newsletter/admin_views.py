"""Admin views for sending: the progress a campaign's live progress bar polls (JSON)."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from newsletter.selectors import campaign_progress


@require_GET
@never_cache
def campaign_progress_view(request, pk: int) -> JsonResponse:
    """Sent of total, failures and what is left, for staff who may see campaigns; never cached anywhere."""
    if not request.user.has_perm("newsletter.view_campaign"):
        return _private(JsonResponse({"error": _("You may not see this campaign.")}, status=403))
    progress = campaign_progress(pk)
    if progress is None:
        return _private(JsonResponse({"error": _("There is no such campaign.")}, status=404))
    return _private(JsonResponse(progress.as_json()))


def _private(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "private, no-store"
    return response
