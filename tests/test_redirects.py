"""A `next` address sends the visitor back within this site, never elsewhere."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from config.redirects import safe_next_url


@pytest.mark.parametrize(
    ("candidate", "secure", "target"),
    [
        ("/cart/", False, "/cart/"),
        ("/shop/?page=2", True, "/shop/?page=2"),
        ("http://testserver/cart/", False, "http://testserver/cart/"),
        ("http://testserver/cart/", True, "/fallback/"),  # an HTTPS page never sends back to plain HTTP
        ("https://evil.example/", False, "/fallback/"),
        ("//evil.example/", False, "/fallback/"),
        ("", False, "/fallback/"),
        (None, False, "/fallback/"),
    ],
)
def test_next_stays_on_this_site(candidate, secure, target):
    request = RequestFactory().get("/", secure=secure)
    assert safe_next_url(request, candidate, "/fallback/") == target
