"""Figure: every rate limit holds across processes: gunicorn with 4 workers, and no Redis.

Without REDIS_URL each worker has its own local-memory cache, so a limit counted there would let each
worker allow the full count: four times the limit in all. The counters live in the RATELIMIT_CACHE
alias (the database without Redis) and django-axes keeps staff sign-in failures in the database, so
the totals must hold whichever worker answers. Each limit is probed with twice its allowance inside
one window; the figure counts the answers that were not 429 and passes when that is the limit (for
staff sign-in, the fifth failure already gets the lockout page, so four are answered normally).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cart import Shopper, variant_ids
from bench.harness import Site, Target, check, free_port, log, standalone, stop

WORKERS = 4


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int  # what the settings allow in one window
    window_seconds: int
    attempt: Callable[[Shopper, int], int]  # sends the n-th try, returns the status
    # Answered normally before the 429s start; django-axes answers the failure that reaches the limit
    # with its lockout page, so there it is one fewer.
    answered: int | None = None

    @property
    def expected(self) -> int:
        return self.allowed if self.answered is None else self.answered


def form_post(shopper: Shopper, path: str, fields: dict[str, str], *, json: bool = False) -> int:
    """A browser form POST with the CSRF token from the cookie jar (as the page's script sends it, with `json`)."""
    from http.client import HTTPConnection

    body = urlencode({"csrfmiddlewaretoken": shopper.cookies.get("csrftoken", ""), **fields})
    headers = {
        "Cookie": shopper.cookie_header,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": shopper.site.url(path),
    }
    if json:
        headers["Accept"] = "application/json"
    connection = HTTPConnection("127.0.0.1", shopper.site.port, timeout=10)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def limits(site: Site, shopper: Shopper) -> list[Limit]:
    variant = variant_ids(site, shopper)[0]
    _, html = shopper.request("GET", "/shop/")
    slug = re.findall(r'href="/products/([^/"]+)/"', html)[0]
    return [
        Limit(
            "cart writes (/cart/add.js)",
            60,
            60,
            lambda s, n: s.request("POST", "/cart/add.js", {"id": variant, "quantity": 1})[0],
        ),
        Limit(
            "discount-code tries (/cart/quote.json)",
            20,
            60,
            lambda s, n: s.request("GET", f"/cart/quote.json?province=ON&code=GUESS{n}")[0],
        ),
        Limit(
            "compare picks (/compare/add/)",
            60,
            60,
            lambda s, n: form_post(s, "/compare/add/", {"slug": slug}, json=True),
        ),
        Limit(
            "order look-ups (/orders/lookup/)",
            10,
            600,
            lambda s, n: form_post(s, "/orders/lookup/", {"number": f"KS-9{n:04d}", "email": "probe@example.ca"}),
        ),
        Limit(
            "staff sign-in failures (/admin/login/, django-axes)",
            5,
            15 * 60,
            lambda s, n: form_post(s, "/admin/login/", {"username": "probe", "password": f"wrong-{n}"}),
            answered=4,
        ),
    ]


def probe(shopper: Shopper, limit: Limit) -> tuple[int, dict[int, int]]:
    """Twice the allowance as fast as one client sends; how many were let through, and the statuses seen."""
    seconds_left = limit.window_seconds - time.time() % limit.window_seconds
    if seconds_left < 15:  # a burst must not straddle two windows of the fixed-window counter
        time.sleep(seconds_left + 0.5)
    statuses: dict[int, int] = {}
    for attempt in range(limit.allowed * 2):
        status = limit.attempt(shopper, attempt)
        statuses[status] = statuses.get(status, 0) + 1
    return sum(count for status, count in statuses.items() if status != 429), statuses


def measure(site: Site) -> list[Target]:
    env = {key: value for key, value in site.env.items() if key != "REDIS_URL"}
    port = free_port()
    server = site.start_gunicorn(port=port, workers=WORKERS, env=env)
    log(f"gunicorn ({WORKERS} sync workers, no Redis) on http://127.0.0.1:{port}/")
    try:
        probing = Site(database_url=site.database_url, port=port, workdir=site.workdir)
        shopper = Shopper(probing)
        shopper.request("GET", "/admin/login/")  # the CSRF cookie every form below sends back
        print(f"Rate limits on {site.database_label}, gunicorn with {WORKERS} workers and no Redis")
        targets = []
        for limit in limits(probing, shopper):
            let_through, statuses = probe(shopper, limit)
            shown = ", ".join(f"{count}× {status}" for status, count in sorted(statuses.items()))
            targets.append(
                check(
                    f"{limit.name}: {let_through} of {limit.allowed * 2} answered before the 429s, "
                    f"limit {limit.allowed} ({shown})",
                    let_through == limit.expected,
                )
            )
        return targets
    finally:
        stop(server)


if __name__ == "__main__":
    standalone(measure)
