"""The words under checkout's "Email me" box, and what the order keeps of the shopper's choice (CASL).

The shop never imports the newsletter. Like SHOP_ORDER_PAID_HOOKS, the setting SHOP_CHECKOUT_CONSENT_TEXT
names a callable (a dotted path) that takes the request, or None, and returns an object with `text` (the words
as shown, filled in), `version` and `language`; the newsletter plugs in the consent text its own signup forms
show. Without the setting, or if the callable fails or gives no words, checkout offers no box at all: a tick
under words that do not name the sender and say how to withdraw would prove no consent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from config.ratelimit import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckoutConsentText:
    """What the shopper reads under the box, its version and its language, all recorded on the order."""

    text: str
    version: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class MarketingConsent:
    """What the shopper saw and where they were when they ticked the box, kept on the order as proof."""

    text: str
    version: str = ""
    language: str = ""
    ip_address: str | None = None
    user_agent: str = ""

    def as_session(self) -> dict:
        return {
            "text": self.text,
            "version": self.version,
            "language": self.language,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
        }

    @classmethod
    def from_session(cls, data) -> MarketingConsent | None:
        """The proof kept in the session, or None when there is none, or none with the words shown."""
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
            return None
        return cls(
            text=data["text"],
            version=str(data.get("version") or "")[:40],
            language=str(data.get("language") or "")[:16],
            ip_address=str(data["ip_address"]) if data.get("ip_address") else None,
            user_agent=str(data.get("user_agent") or "")[:300],
        )

    def order_fields(self) -> dict:
        """The order's marketing consent fields holding this proof."""
        return {
            "marketing_consent_text": self.text,
            "marketing_consent_version": self.version,
            "marketing_consent_language": self.language,
            "marketing_consent_ip": self.ip_address,
            "marketing_consent_user_agent": self.user_agent,
        }


NO_CONSENT_FIELDS = {
    "marketing_consent_text": "",
    "marketing_consent_version": "",
    "marketing_consent_language": "",
    "marketing_consent_ip": None,
    "marketing_consent_user_agent": "",
}


def checkout_consent_text(request=None) -> CheckoutConsentText | None:
    """The consent text SHOP_CHECKOUT_CONSENT_TEXT provides, or None: then checkout offers no box."""
    path = getattr(settings, "SHOP_CHECKOUT_CONSENT_TEXT", "")
    if not path:
        return None
    try:
        provided = import_string(path)(request)
        text = str(provided.text).strip()
        version, language = getattr(provided, "version", ""), getattr(provided, "language", "")
    except Exception:  # a broken extension never breaks checkout
        logger.exception("SHOP_CHECKOUT_CONSENT_TEXT %s failed", path)
        return None
    if not text:
        return None
    return CheckoutConsentText(
        text=text,
        version=str(version)[:40] if version not in (None, "") else "",
        language=str(language or "")[:16],
    )


def marketing_consent_seen(request, consent: CheckoutConsentText) -> MarketingConsent:
    """The proof of a ticked box: the words shown, their version and language, the client's address (as the
    rate limits see it) and browser."""
    return MarketingConsent(
        text=consent.text,
        version=consent.version,
        language=consent.language,
        ip_address=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:300],
    )
