"""Newsletter rules as plain functions: no request, no database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

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


# Mailbox providers (Gmail, Yahoo) start refusing a sender whose spam-complaint rate passes 0.3%.
COMPLAINT_RATE_LIMIT = Decimal("0.003")
# Until this many messages are out the rate is measured against this many, so a single early complaint
# never stops a send on its own (1 of 20 sent is 5%), while two complaints in a small campaign still do.
COMPLAINT_RATE_MIN_SAMPLE = 500


def complaint_rate_too_high(*, complaints: int, sent: int) -> bool:
    """A campaign stops itself when more than 0.3% of its messages sent so far (counting at least 500) drew a spam complaint."""
    measured_against = max(sent, COMPLAINT_RATE_MIN_SAMPLE)
    return Decimal(complaints) > COMPLAINT_RATE_LIMIT * measured_against


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a fraction of `whole` (0.0125 for 1.25%), or None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)
