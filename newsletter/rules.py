"""Newsletter rules as plain functions: no request, no database."""

from __future__ import annotations

from datetime import datetime

IMPLIED_CONSENT_YEARS = 2


def implied_consent_expires(purchased_at: datetime) -> datetime:
    """A purchase implies consent to marketing email for two years from the day of the purchase (CASL)."""
    try:
        return purchased_at.replace(year=purchased_at.year + IMPLIED_CONSENT_YEARS)
    except ValueError:  # 29 February: two years later there is none, so the consent ends on 1 March
        return purchased_at.replace(year=purchased_at.year + IMPLIED_CONSENT_YEARS, month=3, day=1)


def implied_consent_is_valid(purchased_at: datetime, now: datetime) -> bool:
    """Implied consent holds until two years after the purchase, and not a moment longer."""
    return now < implied_consent_expires(purchased_at)
