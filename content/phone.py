"""Phone numbers as links: the number as staff typed it, dialled in international (E.164) form."""

from __future__ import annotations

import re

NORTH_AMERICA = "1"
_NOT_DIGITS = re.compile(r"\D")


def e164(phone: str, *, country_code: str = NORTH_AMERICA) -> str | None:
    """The number to dial, e.g. "1-800-555-0148" -> "+18005550148"; None when it is not a plain number.

    A number without a leading "+" is North American: ten digits, or eleven starting with the country's 1.
    Letters ("1-800-KNOTS") or an extension make it no plain number to dial, so it gets no link.
    """
    text = (phone or "").strip()
    if not text or re.search(r"[^\d\s().+\-]", text) or "+" in text[1:]:
        return None
    digits = _NOT_DIGITS.sub("", text)
    if text.startswith("+"):
        return f"+{digits}" if 8 <= len(digits) <= 15 else None
    if len(digits) == 10:
        return f"+{country_code}{digits}"
    if len(digits) == 11 and digits.startswith(country_code):
        return f"+{digits}"
    return None
