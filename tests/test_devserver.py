"""`make run`'s supervisor: everything starts, the shop answers with offline Stripe, and a signal stops it all."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from config.devserver import free_port

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dev_env(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("devserver")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DATABASE_URL", "DJANGO_SETTINGS"))}
    env.update(SQLITE_PATH=str(tmp_path / "dev.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"))
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "dev-check.txt").write_bytes(b"an upload")
    env.pop("DEBUG", None)
    env.pop("SITE_URL", None)
    env["LOCALSTRIPE_PORT"] = str(free_port(8420))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=300
    )
    return env


def nothing_listens_on(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def read_until(process, pattern: str, timeout: float = 120) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if re.search(pattern, line):
            return "".join(seen)
    raise AssertionError(f"never printed {pattern!r}:\n{''.join(seen)}")


def test_the_dev_server_serves_the_shop_with_offline_stripe_and_stops_everything_on_sigterm(dev_env):
    # Given a migrated database and no Stripe keys
    port = free_port(8765)
    process = subprocess.Popen(
        [sys.executable, "-m", "config.devserver", "--port", str(port), "--noreload"],
        cwd=BASE_DIR,
        env=dev_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        # When it has started
        output = read_until(process, r"Admin: ")
        stripe_base = re.search(r"localstripe \(offline Stripe\) on (http://127\.0\.0\.1:\d+)", output).group(1)

        # Then the shop answers, localstripe serves its Stripe.js, and the webhook is addressed to the shop
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"{stripe_base}/js.stripe.com/v3/", timeout=10) as response:
            assert b"Stripe" in response.read()
        request = urllib.request.Request(
            f"{stripe_base}/v1/customers",
            data=b"email=shopper@example.com",
            headers={"Authorization": "Bearer sk_test_local"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response)["object"] == "customer"
        assert f"webhook -> http://127.0.0.1:{port}/shop/stripe/webhook/" in output
        assert f"Shop:  http://127.0.0.1:{port}/" in output

        # And an unknown address gets the shop's own 404 page, not Django's debug page listing the URL patterns
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=10)
        body = missing.value.read().decode()
        assert missing.value.code == 404
        assert "Page not found" in body and "URLconf" not in body and "technical_404" not in body
        # while static files and uploads are still served without collectstatic
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/site.css", timeout=10) as response:
            assert response.status == 200 and b"{" in response.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/media/dev-check.txt", timeout=10) as response:
            assert response.read() == b"an upload"
        # And the Wagtail Site answers at the address it serves, SITE_URL's
        with sqlite3.connect(dev_env["SQLITE_PATH"]) as database:
            site = database.execute("SELECT hostname, port FROM wagtailcore_site WHERE is_default_site").fetchone()
        assert site == ("127.0.0.1", port)

        # And when it is told to stop, it stops everything it started and exits 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        stripe_port = int(stripe_base.rsplit(":", 1)[1])
        assert nothing_listens_on(port)
        assert nothing_listens_on(stripe_port)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout:
            process.stdout.close()


def test_the_dev_server_refuses_a_port_that_is_taken(dev_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = subprocess.run(
            [sys.executable, "-m", "config.devserver", "--port", str(port)],
            cwd=BASE_DIR,
            env=dev_env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 1
    assert f"Port {port} is taken" in result.stderr


def test_check_deploy_warns_while_the_site_and_site_url_disagree(dev_env):
    def manage(*args: str, site_url: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env={**dev_env, "SITE_URL": site_url},
            capture_output=True,
            text=True,
            timeout=120,
        )
        return result.stdout + result.stderr

    # Given the Site synced to one address
    assert "now at http://127.0.0.1:8999" in manage("site_url_sync", site_url="http://127.0.0.1:8999")

    # Then check --deploy is quiet about it while SITE_URL says the same, and warns once it says another
    assert "config.W001" not in manage("check", "--deploy", site_url="http://127.0.0.1:8999")
    warned = manage("check", "--deploy", site_url="https://shop.example.ca")
    assert "config.W001" in warned and "http://127.0.0.1:8999" in warned and "https://shop.example.ca" in warned
