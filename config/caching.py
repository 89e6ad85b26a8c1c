"""Forgetting a cached copy when what it copies changes."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def forget(key: str) -> None:
    """Drop a cached copy now, and again after the surrounding transaction commits.

    Now, so the process that made the change reads it back at once; after commit, so a request that
    read the old rows between the two cannot have put the old copy back for good.
    """
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
