"""The email as a browser shows it, for staff: the editor's live preview panel and the "Preview" page."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from newsletter.models import Campaign
from newsletter.rendering import RecipientLinks, personalise, render_campaign
from newsletter.services import site_url


def preview_links() -> RecipientLinks:
    """Where a preview's (or a test email's) own links lead: a page that changes nothing."""
    link = site_url(reverse("newsletter:test_email_link"))
    return RecipientLinks(unsubscribe_url=link, preferences_url=link)


def email_preview_policy(*, framed: bool) -> str:
    """The email's own Content-Security-Policy: no scripts, no forms, its inline styles, and its pictures.

    Set on the response itself because Wagtail renders a live preview through a simulated request to the
    site's root, whose storefront policy would otherwise stick to the response (django-csp never replaces
    a policy already set) and forbid the editor's preview frame.
    """
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    images = " ".join(dict.fromkeys(["'self'", "data:", "https:", f"{base.scheme}://{base.netloc}"]))
    ancestors = "'self'" if framed else "'none'"
    return (
        f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; base-uri 'none'; "
        f"form-action 'none'; frame-ancestors {ancestors}"
    )


def email_preview_response(campaign: Campaign, *, framed: bool = True) -> HttpResponse:
    """The campaign's HTML part as recipients get it (frozen once sent), with harmless links in their place.

    `framed`: shown in the editor's preview panel (this site may frame it), or as a page of its own.
    """
    html = campaign.frozen_html if campaign.frozen_at else render_campaign(campaign).html
    response = HttpResponse(personalise(html, preview_links()), content_type="text/html; charset=utf-8")
    patch_cache_control(response, private=True, no_store=True)
    response["Content-Security-Policy"] = email_preview_policy(framed=framed)
    response["X-Frame-Options"] = "SAMEORIGIN" if framed else "DENY"
    return response
