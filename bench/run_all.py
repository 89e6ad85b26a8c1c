"""`make bench`: every figure, against one production-like server per database, with PASS/FAIL per target.

Extension point: a new figure (cart.js, quote.json, the compare page, checkouts per second) is one more
module in bench/ with `measure(site: Site) -> list[Target]` that prints its ratio or count (use
`site.bare()` for the baseline rate and `harness.report`/`harness.check` for the lines), plus its name
in FIGURES below. `python bench/<figure>.py` runs it alone.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Site

FIGURES = [
    "bench.pages",
    "bench.weight",
    "bench.freshness",
    "bench.compare",
    "bench.cart",
    "bench.checkout",
    "bench.limits",
    "bench.newsletter_send",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per URL (default 5)")
    parser.add_argument("--connections", type=int, default=1, help="concurrent connections (default 1)")
    parser.add_argument("--only", action="append", help="run only this figure, e.g. --only pages")
    args = parser.parse_args()

    figures = [name for name in FIGURES if not args.only or name.removeprefix("bench.") in args.only]
    databases = [""] + ([os.environ["DATABASE_URL"]] if os.environ.get("DATABASE_URL") else [])
    results = []
    for database_url in databases:
        with Site(database_url=database_url, seconds=args.seconds, connections=args.connections) as site:
            for name in figures:
                results += importlib.import_module(name).measure(site)
                print(flush=True)

    failed = [target for target in results if not target.passed]
    print(f"{len(results) - len(failed)} of {len(results)} targets met.")
    for target in failed:
        print(f"  FAIL  {target.description}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
