"""Reading what the newsletter shows: the sender's identity and the consent text, from the site settings."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from wagtail.models import Site

from content.settings import SiteSettings
from newsletter.models import DEFAULT_CONSENT_TEXT, NewsletterSettings


@dataclass(frozen=True, slots=True)
class SenderDetails:
    """Who a newsletter email is from: CASL wants the name, a mailing address and a way to reach them."""

    shop_name: str
    mailing_address: str
    contact_email: str
    from_email: str
    reply_to: str


@dataclass(frozen=True, slots=True)
class ConsentText:
    text: str
    version: int


def _settings_for(request=None) -> tuple[SiteSettings, NewsletterSettings]:
    if request is not None:
        return SiteSettings.for_request(request), NewsletterSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteSettings.for_site(site), NewsletterSettings.for_site(site)


def sender_details(request=None) -> SenderDetails:
    shop, newsletter = _settings_for(request)
    address = newsletter.sender_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    from_email = formataddr((newsletter.sender_name or shop.shop_name, address))
    return SenderDetails(
        shop_name=shop.shop_name,
        mailing_address=shop.mailing_address,
        contact_email=shop.contact_email,
        from_email=from_email,
        reply_to=shop.contact_email,
    )


def consent_text(request=None) -> ConsentText:
    """The words next to the consent box, with the shop's name, mailing address and contact filled in."""
    shop, newsletter = _settings_for(request)
    template = newsletter.consent_text or str(DEFAULT_CONSENT_TEXT)
    address = ", ".join(line.strip() for line in shop.mailing_address.splitlines() if line.strip())
    values = {"shop_name": shop.shop_name, "mailing_address": address, "contact_email": shop.contact_email}
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):  # an editor's stray brace: show the text as written
        text = template
    return ConsentText(text=text, version=newsletter.consent_text_version)


def implied_consent_allowed(request=None) -> bool:
    return _settings_for(request)[1].use_implied_consent
