"""Plain display rules for the storefront's words; no request, no database. (Amounts: shop.money.format_cad.)"""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 220
_WORD = re.compile(r"[\w'’-]+")


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def reading_time_minutes(word_count: int, *, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """An article takes one minute per 220 words to read, rounded up, and never less than one minute."""
    if word_count <= 0:
        return 1
    return max(1, math.ceil(word_count / words_per_minute))
