"""Newsletter fixtures: the storefront's site (from the content tests), its settings and a signup helper."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from content.settings import SiteSettings
from newsletter.models import SignupSource
from newsletter.services import SignupContext
from tests.content.conftest import (  # noqa: F401 - fixtures shared with content
    article_index,
    fresh_cache,
    home_page,
    make_article,
    site,
)

FORM_CONTEXT = SignupContext(
    source=SignupSource.FOOTER,
    language="en-ca",
    ip_address="203.0.113.7",
    user_agent="pytest",
    consent_text_version="3",
)


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """Rolled-back tests never commit, so the mail handed over "on commit" is handed over at once instead.

    The worker is Django's immediate task backend in tests, so the message lands in mail.outbox.
    """
    monkeypatch.setattr("config.mail.transaction", SimpleNamespace(on_commit=lambda callback: callback()))


@pytest.fixture
def shop_details(site):  # noqa: F811
    details = SiteSettings.for_site(site)
    details.shop_name = "Knot & Stone Therapy Supply"
    details.mailing_address = "12 Birch Lane\nHalifax NS  B3H 1A1"
    details.contact_email = "hello@knotandstone.example"
    details.save()
    return details
