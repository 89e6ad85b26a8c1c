"""Read deployment settings from the environment, the one place secrets and hosts come from."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int = 0) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"The environment variable {name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def url_origin(url: str) -> str:
    """The scheme://host[:port] a browser checks a URL against in a Content-Security-Policy; "" if it has none."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def database_config(base_dir: Path) -> dict[str, Any]:
    """PostgreSQL (or any dj-database-url) when DATABASE_URL is set, else a local SQLite file."""
    url = env_str("DATABASE_URL")
    if url:
        import dj_database_url

        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.setdefault("OPTIONS", {}).update(sqlite_options())
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH") or str(base_dir / "db.sqlite3"),
        "OPTIONS": sqlite_options(),
        # Opening the file and running the PRAGMAs below took about a millisecond of every request.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def sqlite_options() -> dict[str, Any]:
    # IMMEDIATE takes the write lock when a transaction starts, so two checkouts racing for the
    # last unit queue up instead of failing halfway with "database is locked".
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


# The database table that holds shared counters when there is no Redis (created by config's migration).
RATELIMIT_CACHE_TABLE = "storefront_ratelimit_cache"


def cache_config() -> dict[str, Any]:
    """The default cache, and "ratelimit": counters every web process must share.

    With REDIS_URL both live in Redis. Without it, the default cache is each process's own memory
    (it only holds copies that expire or are cleared), but rate-limit counts go to the database:
    counted per process, a limit would be multiplied by the number of gunicorn workers.
    """
    url = env_str("REDIS_URL")
    if url:
        redis_options = {
            "SOCKET_CONNECT_TIMEOUT": 2,
            "SOCKET_TIMEOUT": 2,
            # Redis down must not take the shop down: a failed read is a miss and a failed write is
            # skipped (and logged, see DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS), so pages come from the database.
            "IGNORE_EXCEPTIONS": True,
        }
        return {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "storefront",
                "OPTIONS": redis_options,
            },
            # Counts that must hold: while Redis is down they go to the database instead of being skipped.
            "ratelimit": {
                "BACKEND": "config.cache_backends.RedisWithDatabaseFallback",
                "LOCATION": url,
                "KEY_PREFIX": "storefront-ratelimit",
                "OPTIONS": redis_options,
            },
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "storefront",
            # Room for every product card and cached page of a specialist shop (Django's default is 300).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": RATELIMIT_CACHE_TABLE,
            # One row per client, action and window; culling early would forget counts and lift limits.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
