"""Suite-wide set-up. pyproject.toml names the settings and markers; the settings are set here too, for
scripts that import the tests without pytest."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import socket  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

# Tests that need a local part (a browser, PostgreSQL, Redis) are skipped with this prefix when the
# part is missing, so a developer without them still gets a green run. On CI (CI=true) every part
# must be there, so the same skip is reported as a failure instead of silently passing.
MISSING_PART = "missing part:"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Tests get their own Redis database numbers (one per xdist worker) because the fixture flushes them;
# REDIS_URL, which may point at a real cache, is never used here.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def database_is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")


def redis_url_for_worker() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    database = 15 - (int(worker) % 8 if worker.isdigit() else 0)
    return f"{TEST_REDIS_URL.rstrip('/')}/{database}"


@cache
def missing_browser() -> str | None:
    if not Path(CHROMIUM_PATH).is_file() or not os.access(CHROMIUM_PATH, os.X_OK):
        return f"{MISSING_PART} Chromium is not installed at {CHROMIUM_PATH} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return f"{MISSING_PART} the playwright package is not installed"
    return None


@cache
def missing_redis() -> str | None:
    url = urlsplit(TEST_REDIS_URL)
    host, port = url.hostname or "127.0.0.1", url.port or 6379
    try:
        with socket.create_connection((host, port), timeout=1):
            return None
    except OSError as error:
        return f"{MISSING_PART} no Redis server answers at {host}:{port} ({error})"


def pytest_configure(config):
    compile_stale_catalogues()


def compile_stale_catalogues() -> None:
    """Build each interface catalogue's .mo from its .po when it is missing or older, as `make test` does,
    so `pytest` run directly speaks French too. Written to a temporary file and moved into place, so
    parallel workers never read half a file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for locale_dir in settings.LOCALE_PATHS:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file)
            partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
            with partial.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
            os.replace(partial, mo_path)


def pytest_itemcollected(item):
    if django_order(item)[0] == 1:
        # Commits for real and empties the database when it ends: `make test` runs these in a serial
        # pass after the parallel one, so no rolled-back test on the same worker sees emptied tables.
        item.add_marker(pytest.mark.transactional)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    on_postgres = database_is_postgres()
    kept, deselected = [], []
    for item in items:
        if item.get_closest_marker("postgres") and not on_postgres:
            # Not a skip: these run in the PostgreSQL pass of .ci/run instead.
            deselected.append(item)
            continue
        if "tests/browser/" in item.nodeid and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") and (reason := missing_browser()):
            item.add_marker(pytest.mark.skip(reason=reason))
        if item.get_closest_marker("redis") and (reason := missing_redis()):
            item.add_marker(pytest.mark.skip(reason=reason))
        kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    # pytest-django runs database tests first and transactional ones (which empty the database when
    # they end) after them, as Django does; pytest's own grouping by pytest-playwright's session-scoped
    # browser parameter then undoes that. Sort again, stably, once everyone else has had their say.
    items[:] = sorted(kept, key=django_order)


def django_order(item) -> tuple[int, int]:
    """Tests in a rolled-back transaction, then transactional ones, then those without a database.

    Transactional tests with serialized_rollback (they reload the rows migrations seeded, such as
    Wagtail's root page) go before the others: each transactional test empties the database when it
    ends, and a serialized reload cannot land on rows that a plain flush re-created under new ids.
    Transactional tests without it start from an empty database and build what they need.
    """
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    transactional, serialized = bool({"transactional_db", "live_server"} & fixtures), False
    if marker:
        transaction, reset_sequences, _, serialized, _ = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    if transactional:
        return 1, 0 if serialized else 1
    return (0 if marker or "db" in fixtures else 2), 0


def pytest_report_header(config):
    database = "PostgreSQL" if database_is_postgres() else "SQLite (tests marked postgres are deselected)"
    parts = [
        f"database: {database}",
        f"browser: {missing_browser() or CHROMIUM_PATH}",
        f"redis: {missing_redis() or TEST_REDIS_URL}",
    ]
    return [f"storefront parts ({'CI: missing parts fail' if on_ci() else 'missing parts skip'}): " + "; ".join(parts)]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and on_ci() and MISSING_PART in _skip_reason(report):
        report.outcome = "failed"
        report.longrepr = f"CI=true, so a missing part fails the run: {_skip_reason(report)}"


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def require_part(reason: str | None) -> None:
    """Skip (or, on CI, fail) the calling test when a local part is missing."""
    if reason:
        pytest.skip(reason)


@pytest.fixture
def redis_url():
    """A Redis URL on a database number the suite may flush; skips (fails on CI) without Redis."""
    require_part(missing_redis())
    import redis

    url = redis_url_for_worker()
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


# --- Playwright -------------------------------------------------------------------------------
# pytest-playwright keeps one Playwright (and its event loop) for the whole session. Here it lives for
# one test: Django keeps connections per async context, so while the loop runs the test's database
# teardown would see a fresh connection without the serialized snapshot, and flush without restoring
# it. Django's async-safety check is relaxed only while a browser is open. The browser is Debian's
# Chromium, never a download.

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def playwright():
    require_part(missing_browser())
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls from a
    # thread with a running loop; journeys only seed and read data between page visits.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as running:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield running


@pytest.fixture
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name or "chromium")


@pytest.fixture
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture
def browser(launch_browser):
    running = launch_browser()
    yield running
    running.close()


@pytest.fixture
def browser_context_args(playwright, base_url):
    return {"base_url": base_url} if base_url else {}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: rate-limit counters, cached sale events and pages never leak."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to a /fr/ address leaves French active in the thread; the next test starts in English."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _rate_limit_windows_stand_still(monkeypatch):
    """Rate limits count in fixed windows of the clock; a slow test must not straddle two of them."""
    import config.ratelimit

    monkeypatch.setattr(config.ratelimit, "clock", lambda: 1_800_000_000.0)
