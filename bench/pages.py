"""Figure: home, listing and product pages as ratios of the bare view, uncached and from the page cache.

Targets (issue 2): an uncached listing answers in ≤ 15 ms at the median, and cached anonymous catalogue
pages reach at least half the bare view's rate.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BYPASS_CACHE, Site, Target, check, report, standalone

LISTING_P50_MS = 15.0
CACHED_RATIO = 0.5


def first_product_path(site: Site) -> str:
    _, _, html = site.get("/shop/", BYPASS_CACHE)
    match = re.search(r'href="(/products/[^/"]+/)"', html)
    if not match:
        raise SystemExit("The listing links to no product; is the demo shop loaded?")
    return match.group(1)


def measure(site: Site) -> list[Target]:
    bare = site.bare()
    print(f"Pages on {site.database_label} ({site.connections} connection(s), {site.seconds:g} s each)")
    report(bare, bare)
    pages = {"home": "/", "listing": "/shop/", "product": first_product_path(site)}
    print(f"  (product page: {pages['product']})")
    uncached = {name: site.measure(f"{name} uncached", path, BYPASS_CACHE) for name, path in pages.items()}
    cached = {name: site.measure(f"{name} cached", path) for name, path in pages.items()}
    for name in pages:
        report(uncached[name], bare)
        report(cached[name], bare)

    targets = [
        check(
            f"uncached listing p50 {uncached['listing'].p50_ms:.1f} ms ≤ {LISTING_P50_MS:g} ms",
            uncached["listing"].p50_ms <= LISTING_P50_MS,
        )
    ]
    for name, result in cached.items():
        ratio = result.requests_per_second / bare.requests_per_second
        targets.append(
            check(f"cached {name} at {ratio:.0%} of the bare view (≥ {CACHED_RATIO:.0%})", ratio >= CACHED_RATIO)
        )
    # The cached figures mean something only if the page cache really answered them.
    served = {name: [site.get(path)[1].get("X-Page-Cache") for _ in range(2)][-1] for name, path in pages.items()}
    targets.append(check(f"page cache answered the cached runs: {served}", set(served.values()) == {"hit"}))
    errors = sum(result.errors for result in [*uncached.values(), *cached.values()])
    targets.append(check(f"{errors} failed requests", errors == 0))
    return targets


if __name__ == "__main__":
    standalone(measure)
