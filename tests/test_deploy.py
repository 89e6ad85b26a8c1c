"""Production settings: safe by default, refusing to start half-configured, and a CSP on every page."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from config.env import cache_config, database_config

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "shop.example.com"}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests' process, never to a deployment.
    inherited = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_check_with_no_finding(tmp_path):
    # An empty database: the settings alone are judged here (the Site/SITE_URL check reads the database and is
    # tested in tests/test_devserver.py against a migrated one).
    empty = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV, **empty)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_private_uploads_inside_the_public_media_folder(tmp_path):
    empty = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    media = tmp_path / "media"
    inside = {"MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(media / "private")}

    result = run_manage("check", "--deploy", **PRODUCTION_ENV, **empty, **inside)

    assert result.returncode != 0
    assert "config.E001" in result.stderr and "PRIVATE_MEDIA_ROOT" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production." in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/accounts/login/", "/no-such-page/"],
    ids=["admin", "allauth", "not-found"],
)
def test_every_html_response_carries_a_content_security_policy(url):
    response = Client().get(url)

    assert response["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_storefront_policy_allows_no_inline_script():
    response = Client().get("/accounts/login/")

    script_src = next(
        part for part in response["Content-Security-Policy"].split(";") if part.strip().startswith("script-src")
    )
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


@pytest.mark.redis
def test_redis_url_makes_redis_the_shared_cache(redis_url, monkeypatch, settings):
    # Given REDIS_URL is set, as in production with several web processes
    monkeypatch.setenv("REDIS_URL", redis_url)
    settings.CACHES = cache_config()

    # When one process stores a value, another process's connection reads it back
    caches["default"].set("greeting", "hello", timeout=30)
    import redis

    stored_keys = redis.Redis.from_url(redis_url).keys("*greeting*")

    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert caches["default"].get("greeting") == "hello"
    assert stored_keys


@pytest.mark.parametrize("database_url", ["", "postgres://postgres@127.0.0.1:5432/postgres"])
def test_web_processes_keep_their_database_connection_between_requests(monkeypatch, tmp_path, database_url):
    # Opening SQLite and running its PRAGMAs on every request cost about a millisecond of each page.
    monkeypatch.setenv("DATABASE_URL", database_url)

    config = database_config(tmp_path)

    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True
    if not database_url:
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_proxy_count_that_is_not_a_number_stops_the_site_with_a_clear_message(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_int

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "one")

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT must be a whole number"):
        env_int("TRUSTED_PROXY_COUNT")


def production_settings(*names: str, **env: str) -> dict:
    """The named settings as the production settings module computes them from this environment."""
    script = (
        "import json, sys; from django.conf import settings; "
        "print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}, default=str))"
    )
    inherited = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited and not k.startswith(("STRIPE_", "EMAIL_"))}
    result = subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def directive(policy: str, name: str) -> list[str]:
    part = next(part.strip() for part in policy.split(";") if part.strip().startswith(name + " "))
    return part.split()[1:]


def test_production_frames_like_its_policy_says():
    values = production_settings("X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY")

    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["frame-ancestors"] == ["'none'"]


def test_production_policy_allows_a_stripe_stand_in_when_one_is_set():
    # Given a staging shop pointed at localstripe
    values = production_settings(
        "CONTENT_SECURITY_POLICY",
        STRIPE_API_BASE="http://stripe.staging.example:8420",
        STRIPE_JS_URL="https://fake-js.staging.example/js.stripe.com/v3/",
    )

    # Then its pages may load the fake Stripe.js and talk to the fake API, and nothing more
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert "https://fake-js.staging.example" in directives["script-src"]
    assert "http://stripe.staging.example:8420" in directives["connect-src"]
    assert "https://fake-js.staging.example" in directives["connect-src"]
    assert "https://fake-js.staging.example" in directives["frame-src"]
    assert "http://stripe.staging.example:8420" not in directives["script-src"]


def test_production_policy_allows_only_stripe_itself_by_default():
    directives = production_settings("CONTENT_SECURITY_POLICY")["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]

    assert directives["script-src"] == ["'self'", "https://js.stripe.com"]
    assert directives["connect-src"] == ["'self'", "https://api.stripe.com"]


def test_the_mail_folder_comes_from_the_environment(tmp_path):
    values = production_settings("EMAIL_FILE_PATH", EMAIL_FILE_PATH=str(tmp_path / "outbox"))

    assert values["EMAIL_FILE_PATH"] == str(tmp_path / "outbox")


def test_without_redis_rate_limits_count_in_the_database_every_worker_shares(monkeypatch):
    # Given no REDIS_URL, as in the default set-up with several gunicorn workers
    monkeypatch.delenv("REDIS_URL", raising=False)

    caches_config = cache_config()

    # Then the rate-limit alias is the database (one count for all workers), the default stays local
    assert settings.RATELIMIT_CACHE == "ratelimit"
    assert caches_config["ratelimit"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches_config["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_with_redis_rate_limits_count_in_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")

    caches_config = cache_config()

    assert caches_config["ratelimit"]["BACKEND"] == "config.cache_backends.RedisWithDatabaseFallback"
    assert caches_config["ratelimit"]["KEY_PREFIX"] != caches_config["default"]["KEY_PREFIX"]


@pytest.mark.django_db
def test_migrate_creates_the_table_rate_limit_counts_live_in(monkeypatch):
    # Given the default set-up's cache settings, with the table `migrate` made
    from django.core.cache.backends.db import DatabaseCache

    monkeypatch.delenv("REDIS_URL", raising=False)
    alias = cache_config()["ratelimit"]
    counts = DatabaseCache(alias["LOCATION"], alias.get("OPTIONS", {}))

    # When two hits are counted, as two workers would
    assert counts.add("ratelimit:test:client:1", 1, timeout=60)
    counts.incr("ratelimit:test:client:1")

    # Then the count is in the database for every process to read
    assert counts.get("ratelimit:test:client:1") == 2


def test_production_keeps_the_https_redirect_on_and_silences_nothing_by_default():
    values = production_settings("SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SILENCED_SYSTEM_CHECKS")

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SILENCED_SYSTEM_CHECKS"] == []
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^healthz/$"]


def test_turning_the_https_redirect_off_silences_only_the_check_that_warns_about_it(tmp_path):
    empty = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="false", **PRODUCTION_ENV, **empty
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert production_settings("SILENCED_SYSTEM_CHECKS", SECURE_SSL_REDIRECT="false") == {
        "SILENCED_SYSTEM_CHECKS": ["security.W008"]
    }
