"""Everything the newsletter adds to the Wagtail admin, registered in this one place (Wagtail loads this module)."""

from __future__ import annotations

from wagtail import hooks

from newsletter.admin import NewsletterGroup


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets() -> NewsletterGroup:
    return NewsletterGroup()
