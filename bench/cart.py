"""Figure: the JSON cart, /cart.js and /cart/quote.json?province=ON, as ratios of the bare view.

Both answers are never cached (they read the shopper's cart), so every request prices the cart. The
cart holds three lines, filled the way a storefront's script fills it: a CSRF token from a page, then
POSTs to /cart/add.js; the session cookie it hands back goes with every measured request. The issue
sets no target for these rates, so the figure passes when every request succeeded and the cart still
held its three lines.
"""

from __future__ import annotations

import json
import re
import sys
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BYPASS_CACHE, Site, Target, check, report, standalone

LINES = 3


class Shopper:
    """One browser's cookie jar against the bench site, enough for CSRF-protected JSON POSTs."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie_header} if self.cookies else dict(BYPASS_CACHE)
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers.update({"Content-Type": "application/json", "X-CSRFToken": self.cookies.get("csrftoken", "")})
        connection = HTTPConnection("127.0.0.1", self.site.port, timeout=10)
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            # Every Set-Cookie header, not just the last one: the session and CSRF cookies can come together.
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, text
        finally:
            connection.close()


def variant_ids(site: Site, shopper: Shopper) -> list[int]:
    """One in-stock variant from each of the first products on the listing."""
    _, html = shopper.request("GET", "/shop/")
    ids = []
    for slug in dict.fromkeys(re.findall(r'href="/products/([^/"]+)/"', html)):
        _, text = shopper.request("GET", f"/products/{slug}.js")
        available = [variant["id"] for variant in json.loads(text)["variants"] if variant["available"]]
        if available:
            ids.append(available[0])
        if len(ids) == LINES:
            return ids
    raise SystemExit(f"The listing offers fewer than {LINES} products in stock; is the demo shop loaded?")


def filled_cart_cookie(site: Site) -> str:
    """A session cookie whose cart holds LINES lines, added through the public JSON API."""
    shopper = Shopper(site)
    ids = variant_ids(site, shopper)
    shopper.request("GET", "/cart/")
    if "csrftoken" not in shopper.cookies:
        raise SystemExit("GET /cart/ set no csrftoken cookie; cannot POST to /cart/add.js.")
    for variant_id in ids:
        status, text = shopper.request("POST", "/cart/add.js", {"id": variant_id, "quantity": 1})
        if status != 200:
            raise SystemExit(f"POST /cart/add.js answered {status}: {text[:200]}")
    return shopper.cookie_header


def measure(site: Site) -> list[Target]:
    bare = site.bare()
    cookie = {"Cookie": filled_cart_cookie(site)}
    print(
        f"JSON cart ({LINES} lines) on {site.database_label} "
        f"({site.connections} connection(s), {site.seconds:g} s each)"
    )
    report(bare, bare)
    paths = {"cart.js": "/cart.js", "quote.json ON": "/cart/quote.json?province=ON"}
    results = {label: site.measure(label, path, cookie) for label, path in paths.items()}
    for result in results.values():
        report(result, bare)

    # The rates mean something only if the measured requests really priced a three-line cart.
    _, _, cart = site.get(paths["cart.js"], cookie)
    _, _, quote = site.get(paths["quote.json ON"], cookie)
    counts = {"cart.js": len(json.loads(cart)["items"]), "quote.json": json.loads(quote)["item_count"]}
    errors = sum(result.errors for result in results.values())
    return [
        check(f"the measured cart held {LINES} lines: {counts}", counts == {"cart.js": LINES, "quote.json": LINES}),
        check(f"{errors} failed requests", errors == 0),
    ]


if __name__ == "__main__":
    standalone(measure)
