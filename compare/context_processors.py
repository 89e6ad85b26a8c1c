"""Puts the shopper's comparison picks in every template's context, as `compare_picks`.

Shop's product cards read it by that name to leave a picked card out of the card cache (its toggle says
"remove"), so shop needs no import of compare. The session is read only when a template asks.
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from compare.templatetags.compare_tags import request_selection


def compare_picks(request) -> dict[str, object]:
    """`compare_picks`: the picked products' slugs (a CompareSelection, which answers `slug in picks`)."""
    return {"compare_picks": SimpleLazyObject(lambda: request_selection(request))}
