"""Campaign statistics in the Wagtail admin: a page with a bar chart and its table, and a dashboard panel.

Both read newsletter.stats (one query each) and need the "view campaign" permission, which the Marketing
group holds (migration 0004). The chart is SVG drawn on the server: no script, and nothing the CSP blocks.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from newsletter.charts import bar_chart
from newsletter.stats import CampaignStats, campaign_stats, latest_campaign_stats

VIEW_PERMISSION = "newsletter.view_campaign"


def may_see_stats(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_PERMISSION)


def chart_for(stats: CampaignStats):
    return bar_chart([(row.label, row.count) for row in stats.rows])


class CampaignStatsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "newsletter/admin/campaign_stats.html"
    header_icon = "mail"
    page_title = _("Campaign statistics")

    def dispatch(self, request, *args, **kwargs):
        if not may_see_stats(request.user):
            raise PermissionDenied
        self.stats = campaign_stats(kwargs["pk"])
        if self.stats is None:
            raise Http404(_("There is no such campaign."))
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_page_subtitle(self):
        return self.stats.subject

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(stats=self.stats, rows=self.stats.rows, chart=chart_for(self.stats))
        return context


class LatestCampaignPanel(Component):
    """The dashboard's view of the campaign that went out last, with a link to its chart."""

    name = "newsletter_latest_campaign"
    template_name = "newsletter/admin/latest_campaign_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        stats = latest_campaign_stats()
        return {
            "stats": stats,
            "rows": stats.rows if stats else (),
            "stats_url": reverse("newsletter_campaign_stats", args=[stats.campaign_id]) if stats else "",
        }
