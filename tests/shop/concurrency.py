"""Run many shoppers at once against a real database, and count what happened.

SQLite's test database lives in memory, where threads cannot queue for the write lock the way they do
in production. `threads_use_a_file_database` copies it to a file (IMMEDIATE mode, WAL, as in settings)
and points every new thread's connection there; on PostgreSQL threads simply share the test database.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection, connections

from shop.services.stock import OutOfStock

# Threads only see committed rows, so these tests commit for real; serialized_rollback puts back the
# migration-seeded tax and shipping tables that the flush after each such test removes. Every
# transactional test in the suite is serialized, and tests/conftest.py runs them after all others.
REAL_COMMITS = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextlib.contextmanager
def threads_use_a_file_database(directory: Path) -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    path = directory / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # WAL is a property of the file: switch it once here, before the threads connect. Left to each
    # thread's init_command, fifty connections would race to convert the file, and a connection that
    # loses that race gets "database is locked" at once, without waiting out the busy timeout.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def in_a_thread(function: Callable[[], object]) -> object:
    """Run `function` on a fresh thread (so on the file database too) and return its result."""
    box: list[object] = []

    def run() -> None:
        try:
            box.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return box[0]


def run_at_once(action: Callable[[int], object], count: int) -> Counter:
    """Start `count` threads together; tally "ok", "sold_out", or the repr of any other exception."""
    barrier = threading.Barrier(count)

    def one(index: int) -> str:
        barrier.wait()
        try:
            action(index)
            return "ok"
        except OutOfStock:
            return "sold_out"
        except Exception as error:
            return repr(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return Counter(pool.map(one, range(count)))
