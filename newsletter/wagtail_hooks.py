"""Everything the newsletter adds to the Wagtail admin, registered in this one place (Wagtail loads this module)."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks

from newsletter.admin import NewsletterGroup


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets() -> NewsletterGroup:
    return NewsletterGroup()


@hooks.register("register_admin_urls")
def register_campaign_progress_url():
    from newsletter.admin_views import campaign_progress_view

    return [
        path(
            "newsletter/campaigns/<int:pk>/progress/",
            campaign_progress_view,
            name="newsletter_campaign_progress",
        )
    ]
