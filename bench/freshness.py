"""Figure: seconds until a price change shows on a cached product page (target: within 5 seconds)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Site, Target, check, standalone
from bench.pages import first_product_path

WITHIN_SECONDS = 5.0
NEW_PRICE = "987.65"

# Plain SQL straight to the database, as a staff edit in another process would land: the price must
# change the instant we start the clock (a `manage.py shell` would take seconds just to start).
FIRST_VARIANT = (
    "SELECT v.id, v.price FROM shop_productvariant v JOIN shop_product p ON p.id = v.product_id "
    "WHERE p.slug = {mark} ORDER BY v.id LIMIT 1"
)
UPDATE_PRICE = "UPDATE shop_productvariant SET price = {mark} WHERE id = {mark}"


def set_price(site: Site, slug: str, price: str) -> str:
    """Set the product's first variant to `price`; returns the price it had."""
    if site.database_label == "PostgreSQL":
        import psycopg

        connect, mark = (lambda: psycopg.connect(site.database_url)), "%s"
    else:
        import sqlite3

        connect, mark = (lambda: sqlite3.connect(site.env["SQLITE_PATH"], timeout=20)), "?"
    connection = connect()
    try:
        variant_id, old_price = connection.execute(FIRST_VARIANT.format(mark=mark), (slug,)).fetchone()
        connection.execute(UPDATE_PRICE.format(mark=mark), (price, variant_id))
        connection.commit()
    finally:
        connection.close()
    return str(old_price)


def measure(site: Site) -> list[Target]:
    path = first_product_path(site)
    slug = path.strip("/").split("/")[-1]
    # Worst case: the page has just been stored in the cache when the price changes.
    deadline = time.monotonic() + WITHIN_SECONDS * 3
    while site.get(path)[1].get("X-Page-Cache") != "miss" and time.monotonic() < deadline:
        time.sleep(0.05)
    old_price = set_price(site, slug, NEW_PRICE)
    changed_at = time.monotonic()
    try:
        while NEW_PRICE not in site.get(path)[2]:
            if time.monotonic() - changed_at > WITHIN_SECONDS * 3:
                break
            time.sleep(0.05)
        seen_after = time.monotonic() - changed_at
    finally:
        set_price(site, slug, old_price)
    print(f"Freshness on {site.database_label}: a new price showed on the cached page after {seen_after:.1f} s")
    return [
        check(f"price change visible after {seen_after:.1f} s (≤ {WITHIN_SECONDS:g} s)", seen_after <= WITHIN_SECONDS)
    ]


if __name__ == "__main__":
    standalone(measure)
