"""GET /admin/newsletter/campaigns/<pk>/progress/ — a campaign's progress as JSON, for the admin's progress bar.

(A small, complete version written alongside the campaign admin, registered in newsletter/wagtail_hooks.py.)
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.cache import patch_cache_control
from wagtail.permission_policies import ModelPermissionPolicy

from newsletter.models import Campaign
from newsletter.selectors import campaign_progress


def campaign_progress_view(request, pk: int):
    if not ModelPermissionPolicy(Campaign).user_has_permission(request.user, "view"):
        raise PermissionDenied
    progress = campaign_progress(pk)
    if progress is None:
        raise Http404
    response = JsonResponse(progress.as_dict())
    patch_cache_control(response, private=True, no_store=True)
    return response
