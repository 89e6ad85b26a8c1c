"""Which language an order speaks: its receipt and every later email are written in it."""

from __future__ import annotations

from shop.provinces import Province

# Quebec's Charter of the French language: a shopper there who said nothing is served in French.
FRENCH = "fr"


def order_language(*, reading: str, chosen: str, province: str) -> str:
    """The language the shopper picked with the switcher; without a pick, French for a Quebec address and
    otherwise the language they read checkout in."""
    if chosen:
        return chosen
    if province == Province.QC:
        return FRENCH
    return reading
