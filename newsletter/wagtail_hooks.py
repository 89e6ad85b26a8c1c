"""Everything the newsletter adds to the Wagtail admin, registered in this one place (Wagtail loads this module)."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks

from newsletter.admin import NewsletterGroup
from newsletter.admin_stats import CampaignStatsView, LatestCampaignPanel, may_see_stats


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets() -> NewsletterGroup:
    return NewsletterGroup()


@hooks.register("register_admin_urls")
def register_campaign_stats_urls():
    return [
        path("newsletter/campaigns/<int:pk>/stats/", CampaignStatsView.as_view(), name="newsletter_campaign_stats"),
    ]


@hooks.register("construct_homepage_panels")
def add_latest_campaign_panel(request, panels):
    if may_see_stats(request.user):
        panels.append(LatestCampaignPanel())
