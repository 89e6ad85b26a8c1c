"""Plain display rules for the storefront's words and numbers; no request, no database."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from shop.money import format_cad as money_format_cad

WORDS_PER_MINUTE = 220
_WORD = re.compile(r"[\w'’-]+")


def format_cad(amount: Decimal | str | int | None, *, drop_zero_cents: bool = False) -> str:
    """A Canadian-dollar amount as shoppers read it: "$1,249.50", or "$250" when whole and asked to."""
    if amount is None or amount == "":
        return ""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        return ""
    if not value.is_finite():
        return ""
    return money_format_cad(value, drop_zero_cents=drop_zero_cents)


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def reading_time_minutes(word_count: int, *, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """An article takes one minute per 220 words to read, rounded up, and never less than one minute."""
    if word_count <= 0:
        return 1
    return max(1, math.ceil(word_count / words_per_minute))
