"""Figure: the comparison page (two and three massage guns) as a ratio of the bare view.

The comparison page is never served from the page cache (it reads the shopper's session for the tray),
so every request renders: brand, variants, images and specifications come in a fixed number of queries,
and three products should cost little more than two. Printed: each rate as a ratio of the bare view,
and the three-product rate as a ratio of the two-product rate.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BYPASS_CACHE, Site, Target, check, report, standalone

CATEGORY = "/shop/massage-guns/"


def gun_slugs(site: Site) -> list[str]:
    _, _, html = site.get(CATEGORY, BYPASS_CACHE)
    slugs = list(dict.fromkeys(re.findall(r'href="/products/([^/"]+)/"', html)))
    if len(slugs) < 3:
        raise SystemExit(f"{CATEGORY} lists fewer than three products; is the demo shop loaded?")
    return slugs[:3]


def measure(site: Site) -> list[Target]:
    bare = site.bare()
    slugs = gun_slugs(site)
    print(f"Comparison page on {site.database_label} ({site.connections} connection(s), {site.seconds:g} s each)")
    report(bare, bare)
    paths = {count: f"/compare/?p={','.join(slugs[:count])}" for count in (2, 3)}
    results = {count: site.measure(f"compare {count} products", path) for count, path in paths.items()}
    for result in results.values():
        report(result, bare)
    two, three = results[2].requests_per_second, results[3].requests_per_second
    print(f"  three products at {three / two if two else 0:.0%} of the two-product rate")

    columns = {count: site.get(path)[2].count('class="compare-table__product"') for count, path in paths.items()}
    errors = sum(result.errors for result in results.values())
    return [
        check(f"the pages compare 2 and 3 products: {columns}", columns == {2: 2, 3: 3}),
        check(f"{errors} failed requests", errors == 0),
    ]


if __name__ == "__main__":
    standalone(measure)
