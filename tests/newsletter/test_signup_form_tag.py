"""The footer's signup form is rendered once and reused, but every visitor gets their own token and path."""

from __future__ import annotations

import re

import pytest

from newsletter.models import NewsletterSettings

pytestmark = pytest.mark.django_db


def form_of(html: str) -> str:
    return re.search(r"<form[^>]*data-newsletter-signup.*?</form>", html, re.S).group(0)


def test_each_visitor_gets_their_own_csrf_token_and_way_back(client, home_page, shop_details):
    first = form_of(client.get("/search/?q=stone").content.decode())
    other = form_of(client.__class__().get("/shop/").content.decode())

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first).group(1)
    assert token and "__page-cache-csrf-token__" not in first + other
    assert token != re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', other).group(1)
    assert 'name="next" value="/search/?q=stone"' in first
    assert 'name="next" value="/shop/"' in other


def test_the_way_back_is_escaped(client, home_page, shop_details):
    html = form_of(client.get('/search/?q="><script>&page=1').content.decode())

    assert "<script>" not in html
    assert 'name="next" value="/search/?q=%22%3E%3Cscript%3E&amp;page=1"' in html


def test_a_new_consent_text_shows_on_the_very_next_page(client, home_page, site, shop_details):
    client.get("/shop/")
    settings_row = NewsletterSettings.for_site(site)
    settings_row.consent_text = "Yes: {shop_name} may email me; I can leave any time."
    settings_row.save()

    assert "Yes: Knot &amp; Stone Therapy Supply may email me" in form_of(client.get("/shop/").content.decode())
