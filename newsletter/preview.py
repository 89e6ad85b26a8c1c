"""The email as a browser shows it, for staff: the editor's live preview panel and the "Preview" page."""

from __future__ import annotations

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


def email_preview_response(campaign: Campaign) -> HttpResponse:
    """The campaign's HTML part as recipients get it (frozen once sent), with harmless links in their place.

    The email carries no scripts; its inline styles are what mail clients need, and the admin's policy
    allows them, so the page needs nothing else from the Content-Security-Policy.
    """
    html = campaign.frozen_html if campaign.frozen_at else render_campaign(campaign).html
    response = HttpResponse(personalise(html, preview_links()), content_type="text/html; charset=utf-8")
    patch_cache_control(response, private=True, no_store=True)
    return response
