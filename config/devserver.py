"""`make run`: the demo shop with everything it needs, started together and stopped together.

    python -m config.devserver --port 8000

Without STRIPE_SECRET_KEY in the environment it starts localstripe on loopback (a fake Stripe API
and Stripe.js, so the whole purchase works offline) and registers the shop's webhook with it. Then it
gives the Wagtail Site the address it serves (SITE_URL, so page links, the sitemap and feeds name it),
starts the background task worker the way production does (`manage.py run_worker`: the worker, its
scheduler and the sweep that releases expired orders) and the web server, prints where to find the
shop and the admin, and on Ctrl-C (or SIGTERM) stops every process it started and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALSTRIPE_PORT = 8420
WEBHOOK_PATH = "/shop/stripe/webhook/"
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 10


@dataclass
class Child:
    name: str
    process: subprocess.Popen


@dataclass
class Supervisor:
    """Starts each part in its own process group so stopping one stops everything it spawned."""

    children: list[Child] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> Child:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
        child = Child(name, process)
        self.children.append(child)
        return child

    def first_exited(self) -> Child | None:
        return next((child for child in self.children if child.process.poll() is not None), None)

    def stop_all(self) -> None:
        for child in reversed(self.children):
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for child in reversed(self.children):
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.process, signal.SIGKILL)
                child.process.wait()
        self.children.clear()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def port_is_free(port: int) -> bool:
    """Nothing listens there. SO_REUSEADDR, as servers use, so closed connections still in TIME_WAIT
    after a restart do not count as taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(preferred: int) -> int:
    if port_is_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready: Callable[[], bool], supervisor: Supervisor, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not ready():
        if exited := supervisor.first_exited():
            raise SystemExit(f"{exited.name} stopped while starting (exit code {exited.process.returncode}).")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not answer within {START_TIMEOUT_SECONDS} s.")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def post_json(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5):
        pass


def start_localstripe(supervisor: Supervisor, env: dict[str, str], web_port: int) -> None:
    """Point the shop's Stripe settings at a local localstripe and register the webhook with it."""
    import json

    port = free_port(int(env.get("LOCALSTRIPE_PORT", LOCALSTRIPE_PORT)))
    base = f"http://127.0.0.1:{port}"
    supervisor.start("localstripe", [sys.executable, "-m", "config.devserver", "--serve-localstripe", str(port)], env)
    wait_until(lambda: answers(f"{base}/js.stripe.com/v3/"), supervisor, "localstripe")

    suffix = secrets.token_hex(12)
    env.update(
        STRIPE_SECRET_KEY=f"sk_test_local{suffix}",
        STRIPE_PUBLISHABLE_KEY=f"pk_test_local{suffix}",
        STRIPE_WEBHOOK_SECRET=f"whsec_local{secrets.token_hex(16)}",
        STRIPE_API_BASE=base,
        STRIPE_JS_URL=f"{base}/js.stripe.com/v3/",
    )
    webhook = {"url": f"http://127.0.0.1:{web_port}{WEBHOOK_PATH}", "secret": env["STRIPE_WEBHOOK_SECRET"]}
    post_json(f"{base}/_config/webhooks/storefront", json.dumps(webhook).encode())
    print(f"localstripe (offline Stripe) on {base}; webhook -> {webhook['url']}", flush=True)


def serve_localstripe(port: int) -> None:
    """localstripe's own `start()` listens on every interface; the dev shop keeps it on loopback."""
    import logging

    from aiohttp import web
    from localstripe.server import app, store

    store.try_load_from_disk()
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--noreload", action="store_true", help="do not restart the web server on code changes")
    parser.add_argument("--serve-localstripe", type=int, metavar="PORT", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_localstripe:
        serve_localstripe(args.serve_localstripe)
        return 0
    if not port_is_free(args.port):
        print(f"Port {args.port} is taken; run with another, e.g. `make run PORT=8001`.", file=sys.stderr)
        return 1

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    env.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")
    env["PYTHONUNBUFFERED"] = "1"
    supervisor = Supervisor()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        if not env.get("STRIPE_SECRET_KEY"):
            start_localstripe(supervisor, env, args.port)
        manage = [sys.executable, "manage.py"]
        # One public address: the Wagtail Site takes SITE_URL's host and port, so page links, the sitemap and
        # the admin's "view live" all say the address this server answers on.
        if subprocess.run([*manage, "site_url_sync"], cwd=BASE_DIR, env=env).returncode != 0:
            raise SystemExit("Could not set the site's address (has `manage.py migrate` run?).")
        # The same entry as production: the worker for the configured backend, its scheduler and the sweep.
        # It restarts on code changes like the web server (its default follows DEBUG, which is off here).
        worker = [*manage, "run_worker"] + ([] if args.noreload else ["--reload"])
        supervisor.start("task worker", worker, env)
        runserver = [*manage, "runserver", f"127.0.0.1:{args.port}"]
        supervisor.start("web server", runserver + (["--noreload"] if args.noreload else []), env)
        shop_url = f"http://127.0.0.1:{args.port}/"
        wait_until(lambda: answers(shop_url), supervisor, "The web server")
        print(
            f"\n  Shop:  {shop_url}\n  Admin: {shop_url}admin/  (the demo staff login is printed by load_demo)\n"
            "  Press Ctrl-C to stop the shop, the task worker and localstripe.\n",
            flush=True,
        )
        while not (exited := supervisor.first_exited()):
            time.sleep(0.5)
        print(f"{exited.name} stopped (exit code {exited.process.returncode}); stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop_all()


if __name__ == "__main__":
    sys.exit(main())
