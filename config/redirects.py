"""Where a form may send the visitor back to: only ever an address on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    """`candidate` when it points at this site (and keeps HTTPS on an HTTPS request), else `fallback`.

    A `next` parameter is the visitor's to write, so an address elsewhere would make this site an open redirect.
    """
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
