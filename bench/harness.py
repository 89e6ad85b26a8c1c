"""What every benchmark figure shares: a production-like site under gunicorn, a load generator, results.

The site runs the production settings with one sync gunicorn worker on a free loopback port, against a
database filled by `load_demo` (a fresh SQLite file, or DATABASE_URL when it is set). Load comes from
wrk when it is installed, otherwise from a small bounded Python client; both hold a fixed number of
connections for a fixed time, so results are comparable between URLs of the same run.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Any cookie other than csrftoken makes the page cache step aside (config.page_cache).
BYPASS_CACHE = {"Cookie": "bench=uncached"}
# One throwaway key per benchmark process, shared by manage.py and gunicorn.
THROWAWAY_SECRET_KEY = secrets.token_urlsafe(64)


@dataclass(frozen=True)
class Measurement:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class Target:
    description: str
    passed: bool


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    """The shop under gunicorn. Use as a context manager; `url()` builds addresses on it."""

    database_url: str = ""
    seconds: float = 5.0
    connections: int = 1
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="storefront-bench-")))
    port: int = field(default_factory=free_port)
    _server: subprocess.Popen | None = None
    _bare: Measurement | None = None

    @property
    def database_label(self) -> str:
        return "PostgreSQL" if self.database_url.startswith("postgres") else "SQLite"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=THROWAWAY_SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            BENCH_VIEWS="1",
            SQLITE_PATH=str(self.workdir / "bench.sqlite3"),
            MEDIA_ROOT=str(self.workdir / "media"),
            # Its own collected static files, so a benchmark never changes what the test suite serves.
            STATIC_ROOT=str(self.workdir / "static"),
            PYTHONUNBUFFERED="1",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def __enter__(self) -> Site:
        log(f"Preparing the demo shop on {self.database_label} (migrate, load_demo, collectstatic)…")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo", "--image-size", "64")
        self.manage("collectstatic", "--noinput", "-v0")
        self._server = self.start_gunicorn(port=self.port, workers=1)
        log(f"gunicorn (production settings, one sync worker) on {self.url('/')}")
        return self

    def start_gunicorn(self, *, port: int, workers: int, env: dict[str, str] | None = None) -> subprocess.Popen:
        """gunicorn with `workers` sync workers on `port`, serving this site's database; waits until it answers."""
        command = [
            str(BIN / "gunicorn"),
            "config.wsgi",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ]
        server = subprocess.Popen(command, cwd=BASE_DIR, env=env or self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while not _answers(f"http://127.0.0.1:{port}/bench/bare/"):
            if server.poll() is not None or time.monotonic() > deadline:
                stop(server)
                raise SystemExit("gunicorn did not start; see its output above.")
            time.sleep(0.2)
        return server

    def __exit__(self, *exc_info) -> None:
        if self._server:
            stop(self._server)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(self.url(path), headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def measure(self, label: str, path: str, headers: dict[str, str] | None = None) -> Measurement:
        status, _, _ = self.get(path, headers)
        if status != 200:
            raise SystemExit(f"{label}: {path} answered {status}, not 200; nothing to measure.")
        load = wrk if ensure_wrk() else python_client
        return load(label, self.url(path), headers or {}, self.seconds, self.connections)

    def bare(self) -> Measurement:
        """The bare view's rate, measured once per run; every page is reported as a ratio of it."""
        if self._bare is None:
            self._bare = self.measure("bare Django view", "/bench/bare/")
        return self._bare


def stop(server: subprocess.Popen) -> None:
    """Stop a server started in its own session, and everything it started."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def ensure_wrk() -> bool:
    """wrk when present; as root on Debian, install it once; otherwise the Python client stands in."""
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get") and not getattr(ensure_wrk, "tried", False):
        ensure_wrk.tried = True
        log("Installing wrk (apt-get install -y wrk)…")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
        if shutil.which("wrk"):
            return True
    if not getattr(ensure_wrk, "warned", False):
        ensure_wrk.warned = True
        log("wrk is not installed; using the bounded Python client (lower rates, same ratios).")
    return False


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk_ms(text: str, percentile: str) -> float:
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    return float(match.group(1)) * _UNITS_MS[match.group(2)] if match else float("nan")


def wrk(label: str, url: str, headers: dict[str, str], seconds: float, connections: int) -> Measurement:
    command = ["wrk", "--latency", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Measurement(
        label, float(rate.group(1)) if rate else 0.0, _wrk_ms(output, "50"), _wrk_ms(output, "99"), errors
    )


def python_client(label: str, url: str, headers: dict[str, str], seconds: float, connections: int) -> Measurement:
    """A bounded stand-in for wrk: `connections` threads, each one request at a time, for `seconds`."""
    match = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection = HTTPConnection(host, port, timeout=10)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
            finally:
                connection.close()
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [float("nan")]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Measurement(label, len(latencies) / elapsed, statistics.median(ordered), p99, errors)


def report(measurement: Measurement, bare: Measurement) -> None:
    ratio = measurement.requests_per_second / bare.requests_per_second if bare.requests_per_second else 0.0
    errors = f"  errors {measurement.errors}" if measurement.errors else ""
    print(
        f"  {measurement.label:<34} {measurement.requests_per_second:8.1f} req/s  "
        f"ratio {ratio:5.2f}  p50 {measurement.p50_ms:6.1f} ms  p99 {measurement.p99_ms:6.1f} ms{errors}",
        flush=True,
    )


def check(description: str, passed: bool) -> Target:
    print(f"  {'PASS' if passed else 'FAIL'}  {description}", flush=True)
    return Target(description, passed)


def standalone(measure) -> None:
    """Run one figure on its own: `python bench/<figure>.py`."""
    with Site(database_url=os.environ.get("DATABASE_URL", "")) as site:
        targets = measure(site)
    sys.exit(0 if all(target.passed for target in targets) else 1)
