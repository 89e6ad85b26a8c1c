"""Everything the newsletter adds to the Wagtail admin, registered in this one place (Wagtail loads this module)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages

from newsletter.admin import NewsletterGroup
from newsletter.admin_stats import CampaignStatsView, LatestCampaignPanel, may_see_stats
from newsletter.admin_views import campaign_progress_view
from newsletter.campaign_services import campaign_draft_for_article


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


@hooks.register("register_admin_urls")
def register_campaign_progress_url():
    return [
        path(
            "newsletter/campaigns/<int:pk>/progress/",
            campaign_progress_view,
            name="newsletter_campaign_progress",
        )
    ]


@hooks.register("after_publish_page")
def announce_new_article_draft(request, page):
    """Tell the editor who published an article where its "New articles" draft is.

    The draft itself is made for every publish, scheduled ones included, by newsletter.receivers; this
    asks for it again (it is made once) so the editor gets a link to it.
    """
    from content.models import ArticlePage

    if not isinstance(page.specific, ArticlePage):
        return
    campaign = campaign_draft_for_article(article_id=page.pk)
    if campaign is None or not campaign.is_editable:
        return
    url = reverse("campaigns:inspect", args=[campaign.pk])
    if campaign.digest_week:
        text = _("The article is in this week's “New articles” digest draft.")
    else:
        text = _("A “New articles” campaign draft is ready for this article.")
    messages.info(request, text, buttons=[messages.button(url, _("Open the draft"))])
