"""Figure: checkouts per second on PostgreSQL with 10 concurrent buyers.

Ten threads, each a buyer with its own three-line cart over the same three products, call the real
`shop.services.orders.order_place` in a loop for a bounded time and count the orders placed. Every
buyer fights over the same rows, so this is the row-locking path a busy sale takes. It runs in a child
process with Django set up against a scratch database `bench_checkout` on the PostgreSQL server (the
one in DATABASE_URL, else 127.0.0.1:5432), created, filled by `load_demo` and dropped again, so the
shop's own database never fills with benchmark orders. The issue sets no target for the rate; the
figure passes when no buyer hit an error and the shelf balanced: every unit sold came off the stock
exactly once and no stock went below zero.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench.harness import BASE_DIR, Site, Target, check, log

BUYERS = 10
SECONDS = 5.0
# A ceiling on orders per buyer, so a very fast machine still finishes with a bounded table.
MAX_ORDERS_PER_BUYER = 5000
# Enough units that the run measures checkouts, not "sold out" answers.
SHELF = 1_000_000
LINES = 3
SCRATCH_DATABASE = "bench_checkout"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def scratch_url(server_url: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))


def _admin(server_url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(server_url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(statement)


def measure(site: Site) -> list[Target]:
    print(f"Checkouts ({BUYERS} concurrent buyers, {SECONDS:g} s, PostgreSQL)")
    if site.database_url.startswith("postgres"):
        server_url = site.database_url
    elif os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("  checkouts/s: measured on the PostgreSQL run below, not on SQLite.", flush=True)
        return []
    else:
        server_url = LOCAL_POSTGRES
    database_url = scratch_url(server_url)
    try:
        _admin(server_url, f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")
        _admin(server_url, f"CREATE DATABASE {SCRATCH_DATABASE}")
    except Exception as problem:  # any connection or permission failure means: no PostgreSQL to use here
        print(
            f"  checkouts/s: skipped — PostgreSQL is needed (set DATABASE_URL, or run PostgreSQL on 127.0.0.1:5432 "
            f"with a user who may create the database {SCRATCH_DATABASE}): {problem}",
            flush=True,
        )
        return []
    try:
        env = {**site.env, "DATABASE_URL": database_url}
        log(f"Preparing the scratch database {SCRATCH_DATABASE} (migrate, load_demo)…")
        for args in (["migrate", "--noinput", "-v0"], ["load_demo", "--image-size", "64"]):
            done = subprocess.run(
                [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--buyers"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=SECONDS + 120,
        )
        if done.returncode != 0:
            raise SystemExit(f"The checkout run failed:\n{done.stdout}\n{done.stderr}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        _admin(server_url, f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")

    rate = result["placed"] / result["elapsed"] if result["elapsed"] else 0.0
    print(f"  checkouts/s ({BUYERS} buyers, PostgreSQL): {rate:.1f}", flush=True)
    print(
        f"  ({result['placed']} orders in {result['elapsed']:.2f} s, {result['sold_out']} sold out, "
        f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms per order)",
        flush=True,
    )
    errors = result["errors"]
    shelf = result["shelf"]
    return [
        check(f"{len(errors)} buyer errors {errors[:3] if errors else ''}".rstrip(), not errors),
        check(
            f"{result['orders_written']} orders written for {result['placed']} placed",
            result["orders_written"] == result["placed"],
        ),
        check(
            f"the shelf balanced, nothing oversold: sold {shelf['sold']}, reserved {shelf['reserved']}, "
            f"lowest stock {shelf['lowest']}",
            shelf["sold"] == shelf["reserved"] and shelf["lowest"] >= 0,
        ),
    ]


# --- the child process: Django set up against the scratch database ---------------------------------


def buyers_run() -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Min, Sum

    from shop.addresses import ShippingAddress
    from shop.models import Cart, Order, OrderLine, ProductVariant
    from shop.services.cart import cart_add_item
    from shop.services.orders import OutOfStock, order_place

    variants = list(
        ProductVariant.objects.filter(product__is_active=True, stock_quantity__gt=0).order_by("product_id", "pk")
    )
    chosen = list({variant.product_id: variant.pk for variant in reversed(variants)}.values())[:LINES]
    if len(chosen) < LINES:
        raise SystemExit(f"The demo shop has fewer than {LINES} products in stock.")
    ProductVariant.objects.filter(pk__in=chosen).update(stock_quantity=SHELF)
    orders_before = Order.objects.count()
    lines = OrderLine.objects.filter(variant_id__in=chosen)
    sold_before = lines.aggregate(total=Sum("quantity"))["total"] or 0
    address = ShippingAddress(
        name="Bench Buyer", line1="1 Front St W", city="Toronto", province="ON", postal_code="M5J 2X5"
    )

    placed = sold_out = 0
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = 0.0

    def starting_gun() -> None:
        # Runs once every cart is filled, just before all buyers are released together.
        nonlocal stop_at
        stop_at = time.perf_counter() + SECONDS

    start = threading.Barrier(BUYERS + 1, action=starting_gun)

    def buyer(number: int) -> None:
        nonlocal placed, sold_out
        try:
            cart = Cart.objects.create()
            for variant_id in chosen:
                cart_add_item(cart=cart, variant_id=variant_id, quantity=1)
            start.wait()
            for _ in range(MAX_ORDERS_PER_BUYER):
                if time.perf_counter() >= stop_at:
                    break
                began = time.perf_counter()
                try:
                    order_place(
                        cart=cart,
                        email=f"buyer{number}@bench.example",
                        address=address,
                        shipping_method="standard",
                        code=None,
                    )
                    outcome = "placed"
                except OutOfStock:
                    outcome = "sold_out"
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)
                    if outcome == "placed":
                        placed += 1
                    else:
                        sold_out += 1
        except Exception as problem:  # counted and reported: the figure fails on any error
            with lock:
                errors.append(repr(problem))
            start.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer, args=(number,)) for number in range(BUYERS)]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        start.wait(timeout=60)
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began

    stock = ProductVariant.objects.filter(pk__in=chosen)
    lowest = stock.aggregate(lowest=Min("stock_quantity"))["lowest"]
    reserved = SHELF * LINES - stock.aggregate(total=Sum("stock_quantity"))["total"]
    sold = (lines.aggregate(total=Sum("quantity"))["total"] or 0) - sold_before
    ordered = sorted(latencies) or [float("nan")]
    return {
        "placed": placed,
        "sold_out": sold_out,
        "elapsed": elapsed,
        "errors": errors,
        "orders_written": Order.objects.count() - orders_before,
        "shelf": {"sold": sold, "reserved": reserved, "lowest": lowest},
        "p50_ms": ordered[len(ordered) // 2],
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--buyers"]:
        print(json.dumps(buyers_run()))
    else:
        from bench.harness import standalone

        standalone(measure)
