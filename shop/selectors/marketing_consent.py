"""The words under checkout's "Email me" box, and what the order keeps of the shopper's choice (CASL).

The shop never imports the newsletter. Like SHOP_ORDER_PAID_HOOKS, the setting SHOP_CHECKOUT_CONSENT_TEXT
names a callable (a dotted path) that takes the request, or None, and returns an object with `text` and
`version`; the newsletter plugs in the consent text its own signup forms show. Without the setting, or if the
callable fails, checkout shows a plain text of its own, with no version.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from config.ratelimit import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckoutConsentText:
    """What the shopper reads under the box, and the version of it, recorded on the order."""

    text: str
    version: int | None = None


@dataclass(frozen=True, slots=True)
class MarketingConsent:
    """What the shopper saw and where they were when they ticked the box, kept on the order as proof."""

    version: int | None = None
    ip_address: str | None = None
    user_agent: str = ""

    def as_session(self) -> dict:
        return {"version": self.version, "ip_address": self.ip_address, "user_agent": self.user_agent}

    @classmethod
    def from_session(cls, data) -> MarketingConsent | None:
        if not isinstance(data, dict):
            return None
        version = data.get("version")
        return cls(
            version=version if isinstance(version, int) and version >= 0 else None,
            ip_address=str(data["ip_address"]) if data.get("ip_address") else None,
            user_agent=str(data.get("user_agent") or "")[:300],
        )


def generic_consent_text() -> CheckoutConsentText:
    return CheckoutConsentText(
        text=_("We'll send a link to confirm first. You can unsubscribe at any time with the link in every email.")
    )


def checkout_consent_text(request=None) -> CheckoutConsentText:
    """The consent text SHOP_CHECKOUT_CONSENT_TEXT provides, or the shop's own plain one."""
    path = getattr(settings, "SHOP_CHECKOUT_CONSENT_TEXT", "")
    if not path:
        return generic_consent_text()
    try:
        provided = import_string(path)(request)
        text, version = str(provided.text).strip(), provided.version
    except Exception:  # a broken extension never breaks checkout
        logger.exception("SHOP_CHECKOUT_CONSENT_TEXT %s failed", path)
        return generic_consent_text()
    if not text:
        return generic_consent_text()
    return CheckoutConsentText(text=text, version=version if isinstance(version, int) else None)


def marketing_consent_seen(request, consent: CheckoutConsentText) -> MarketingConsent:
    """The proof of a ticked box: the text's version, the client's address (as the rate limits see it) and browser."""
    return MarketingConsent(
        version=consent.version,
        ip_address=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:300],
    )
