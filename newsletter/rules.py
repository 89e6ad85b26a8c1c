"""Newsletter rules as plain functions: no request, no database."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal

from django.utils.translation import ngettext

IMPLIED_CONSENT_YEARS = 2
CONSENT_VERSION_LENGTH = 12


def consent_text_version(text: str) -> str:
    """The version of a consent text: the start of the SHA-256 of the words as shown, filled in.

    Derived, never typed: any change to the words, or to the shop's name, address or contact filled into
    them, or the other language's wording, is a new version, and the same words always have the same one.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:CONSENT_VERSION_LENGTH]


def implied_consent_expires(purchased_at: datetime) -> datetime:
    """A purchase implies consent to marketing email for two years from the day of the purchase (CASL)."""
    try:
        return purchased_at.replace(year=purchased_at.year + IMPLIED_CONSENT_YEARS)
    except ValueError:  # 29 February: two years later there is none, so the consent ends on 1 March
        return purchased_at.replace(year=purchased_at.year + IMPLIED_CONSENT_YEARS, month=3, day=1)


def implied_consent_is_valid(purchased_at: datetime, now: datetime) -> bool:
    """Implied consent holds until two years after the purchase, and not a moment longer."""
    return now < implied_consent_expires(purchased_at)


# Mailbox providers (Gmail, Yahoo) start refusing a sender whose spam-complaint rate passes 0.3%.
COMPLAINT_RATE_LIMIT = Decimal("0.003")


def complaint_rate_too_high(*, complaints: int, sent: int) -> bool:
    """A campaign stops itself as soon as more than 0.3% of the messages it has sent drew a spam complaint.

    Literal, with no minimum sample: in a small send one complaint can be enough (1 of 20 is 5%). Staff see
    why it stopped on the campaign's page and may resume it; it stops again at the next complaint while the
    rate is still too high.
    """
    if sent <= 0:
        return False
    return Decimal(complaints) > COMPLAINT_RATE_LIMIT * sent


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a fraction of `whole` (0.0125 for 1.25%), or None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


def finished_with_failures_label(status_label: str, *, failed: int, finished: bool, halted: bool = False) -> str:
    """A campaign that is over says how many of its emails failed ("Sent, with 3 failures"), not just "Sent".

    One that is `halted` (paused, or stopped by the shop) may still be resumed, so its count is not final:
    "Stopped automatically, 3 failures so far".
    """
    if failed <= 0 or not (finished or halted):
        return status_label
    if halted and not finished:
        return ngettext("%(status)s, %(count)d failure so far", "%(status)s, %(count)d failures so far", failed) % {
            "status": status_label,
            "count": failed,
        }
    return ngettext("%(status)s, with %(count)d failure", "%(status)s, with %(count)d failures", failed) % {
        "status": status_label,
        "count": failed,
    }
