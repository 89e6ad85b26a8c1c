"""Production smoke test: the scale-out set-up the README describes, started for real and probed over HTTP.

    .venv/bin/python bench/smoke.py        (CI runs it as the "production-smoke" stage)

It creates a scratch PostgreSQL database (dropped again at the end), fills it with `load_demo`, and
starts, with the production settings: localstripe, gunicorn with 4 workers, and two RQ workers the way
the README runs them (`manage.py run_worker`: rqworker with its scheduler, and the sweep), on Redis
database 5 (the test suite uses 8-15), with mail written to files and a 30-second stock reservation.
Then it checks, printing one PASS/FAIL line each:

1. a purchase over HTTP: add to cart, checkout details, review, place, and pay with localstripe's 4242
   card through the endpoint the checkout page's script posts to;
2. the receipt is sent by a worker, not by gunicorn: no mail while the workers are stopped, then the
   mail once they start;
3. an unpaid order gives its stock back when its reservation ends, and its scheduled release job ran;
4. a worker killed with SIGKILL in the middle of that job (held there by a row lock) still ends with
   the order released and its stock back, by the job's retry or by the other worker's sweep;
5. with REDIS_URL pointing at a dead port, a gunicorn still answers 200 for home, listing, product
   and cart.

Every wait is bounded and the whole run is capped at MAX_SECONDS; every process it started, the
scratch database and the Redis database are cleaned up on any exit. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BIN, Site, Target, check, free_port, log
from config.devserver import Supervisor, answers, start_localstripe, wait_until

POSTGRES_SERVER = os.environ.get("SMOKE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/5")
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"
RESERVATION_MINUTES = 0.5
SWEEP_SECONDS = 5
WAIT_SECONDS = 90  # the longest any one step may take: a reservation, a sweep and a loaded machine
MAX_SECONDS = 600
RQ_WORKERS = 2
RELEASE_TASK = "shop.tasks.release_unpaid_order"
TEST_CARD = "4242424242424242"


# --- waiting, the scratch database, Redis ------------------------------------------------------------


def eventually(condition: Callable[[], object], *, seconds: float = WAIT_SECONDS, every: float = 0.5) -> object:
    """The condition's first truthy value, or None once `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def postgres(database_url: str, *, autocommit: bool = True):
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=autocommit, connect_timeout=5)


@dataclass
class Scratch:
    """A scratch PostgreSQL database on the server in POSTGRES_SERVER, created here and dropped on exit."""

    name: str = field(default_factory=lambda: f"smoke_{os.getpid()}")

    @property
    def url(self) -> str:
        return urlunsplit(urlsplit(POSTGRES_SERVER)._replace(path=f"/{self.name}"))

    def create(self) -> None:
        with postgres(POSTGRES_SERVER) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {self.name}")

    def drop(self) -> None:
        with postgres(POSTGRES_SERVER) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def one(self, sql: str, *params):
        with postgres(self.url) as connection:
            return connection.execute(sql, params).fetchone()


def redis_connection(url: str = REDIS_URL):
    from redis import Redis

    return Redis.from_url(url, socket_timeout=5)


# --- a shopper: cookies by hand (the production cookies are Secure), forms read from the HTML ----------


class Forms(HTMLParser):
    """Every form on a page: its action and the value each named field would submit as it stands."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}, "options": {}})
        elif not self.forms:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind not in {"radio", "checkbox"} or "checked" in attributes:
                self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""
            elif kind == "radio":
                self.forms[-1]["fields"].setdefault(attributes["name"], attributes.get("value") or "")
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and self._select and attributes.get("value"):
            self.forms[-1]["options"].setdefault(self._select, []).append(attributes["value"])
            self.forms[-1]["fields"].setdefault(self._select, attributes["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_on(page: str, action_part: str) -> dict:
    parser = Forms()
    parser.feed(page)
    for form in parser.forms:
        if action_part in form["action"]:
            return form
    raise AssertionError(f"no form posting to {action_part!r} on the page")


@dataclass
class Shopper:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, fields: dict | None = None, headers: dict | None = None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        body = urllib.parse.urlencode(fields) if fields is not None else None
        sent = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, path: str) -> tuple[int, str]:
        for _ in range(5):
            status, headers, text = self.request("GET", path)
            if status not in {301, 302, 303} or not headers.get("Location"):
                return status, text
            path = urlsplit(headers["Location"]).path
        raise AssertionError(f"too many redirects from {path}")

    def submit(self, page_path: str, action_part: str, **values) -> tuple[int, str]:
        """Fill in the form on a page the way a shopper would and post it; returns (status, Location)."""
        status, page = self.get(page_path)
        assert status == 200, f"GET {page_path} answered {status}"
        form = form_on(page, action_part)
        status, headers, _ = self.request("POST", form["action"], {**form["fields"], **values})
        assert status in {302, 303}, f"POST {form['action']} answered {status}, not a redirect"
        return status, urlsplit(headers["Location"]).path


def purchasable_variant(shopper: Shopper, scratch: Scratch) -> tuple[str, int]:
    """The first product on /shop/ with a variant that has stock for every order this test places."""
    status, listing = shopper.get("/shop/")
    assert status == 200, f"/shop/ answered {status}"
    for slug in dict.fromkeys(re.findall(r'href="/products/([\w-]+)/"', listing)):
        status, page = shopper.get(f"/products/{slug}/")
        try:
            form = form_on(page, "/cart/add/")
        except AssertionError:
            continue
        for variant_id in form["options"].get("variant") or [form["fields"].get("variant")]:
            stock = scratch.one("SELECT stock_quantity FROM shop_productvariant WHERE id = %s", int(variant_id))
            if stock and stock[0] >= 5:
                return slug, int(variant_id)
    raise AssertionError("no product on /shop/ has a variant with 5 in stock")


def place_order(port: int, slug: str, variant_id: int) -> tuple[Shopper, str]:
    """A new shopper adds one unit, gives an Ontario address, reviews and places the order: its number."""
    shopper = Shopper(port)
    shopper.submit(f"/products/{slug}/", "/cart/add/", variant=str(variant_id), quantity="1")
    details = {
        "email": "smoke@example.com",
        "name": "Smoke Test",
        "line1": "1 King St W",
        "city": "Toronto",
        "province": "ON",
        "postal_code": "M5H 1A1",
        "code": "",
    }
    _, review = shopper.submit("/checkout/", "/checkout/", **details)
    _, pay = shopper.submit(review, "/checkout/place/")
    match = re.match(r"/checkout/pay/([^/]+)/$", pay)
    assert match, f"placing the order led to {pay}, not the payment page"
    return shopper, match.group(1)


def pay(shopper: Shopper, number: str, env: dict[str, str]) -> dict:
    """What checkout.js does offline: localstripe's Stripe.js makes a card token, the page posts its card id."""
    token_request = urllib.parse.urlencode(
        {
            "card[number]": TEST_CARD,
            "card[exp_month]": "12",
            "card[exp_year]": "2031",
            "card[cvc]": "123",
            "key": env["STRIPE_PUBLISHABLE_KEY"],
        }
    )
    stripe = urlsplit(env["STRIPE_API_BASE"])
    connection = HTTPConnection(stripe.hostname, stripe.port, timeout=30)
    connection.request("POST", "/v1/tokens", token_request, {"Content-Type": "application/x-www-form-urlencoded"})
    token = json.loads(connection.getresponse().read())
    connection.close()
    status, page = shopper.get(f"/checkout/pay/{number}/")
    assert status == 200, f"the payment page answered {status}"
    form = form_on(page, f"/checkout/pay/{number}/")
    status, _, body = shopper.request(
        "POST",
        form["action"],
        {**form["fields"], "payment_method_id": token["card"]["id"]},
        {"X-CSRFToken": form["fields"].get("csrfmiddlewaretoken", ""), "Accept": "application/json"},
    )
    return json.loads(body)


# --- the set-up --------------------------------------------------------------------------------------


@dataclass
class SmokeSite(Site):
    """The bench harness's production environment, plus PostgreSQL, Redis, RQ and mail to files."""

    extra: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, **self.extra}


@dataclass
class Smoke:
    scratch: Scratch
    site: SmokeSite
    supervisor: Supervisor = field(default_factory=Supervisor)
    env: dict[str, str] = field(default_factory=dict)
    workers: list = field(default_factory=list)

    @property
    def mail_dir(self) -> Path:
        return self.site.workdir / "mail"

    def start_gunicorn(self, name: str, port: int, env: dict[str, str], workers: int) -> None:
        command = [str(BIN / "gunicorn"), "config.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}"]
        self.supervisor.start(name, [*command, "--log-level=warning", "--timeout=60"], env)
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz/"), self.supervisor, name)

    def start_workers(self) -> None:
        for number in range(1, RQ_WORKERS + 1):
            name = f"smoke-{os.getpid()}-{number}"
            command = [sys.executable, "manage.py", "run_worker", "--name", name, "--verbosity", "0"]
            self.workers.append(self.supervisor.start(f"RQ worker {number}", command, self.env))
        from rq import Worker

        connection = redis_connection()
        started = eventually(lambda: len(Worker.all(connection=connection)) >= RQ_WORKERS, seconds=60)
        assert started, "the RQ workers did not register within 60 s"

    def order(self, number: str) -> tuple[int, str]:
        return self.scratch.one("SELECT id, status FROM shop_order WHERE number = %s", number)

    def stock(self, variant_id: int) -> int:
        return self.scratch.one("SELECT stock_quantity FROM shop_productvariant WHERE id = %s", variant_id)[0]

    def receipt_status(self, order_id: int) -> str | None:
        row = self.scratch.one("SELECT status FROM shop_orderemail WHERE order_id = %s AND kind = 'receipt'", order_id)
        return row[0] if row else None

    def mails_about(self, number: str) -> list[Path]:
        if not self.mail_dir.is_dir():
            return []
        return [path for path in self.mail_dir.iterdir() if number in path.read_text(errors="replace")]


def release_jobs(connection, order_id: int, registry) -> list:
    from rq.job import Job

    found = []
    for job_id in registry.get_job_ids():
        try:
            job = Job.fetch(job_id, connection=connection)
        except Exception:
            continue
        if job.func_name == RELEASE_TASK and list(job.args) == [order_id]:
            found.append(job)
    return found


# --- the checks --------------------------------------------------------------------------------------


def check_purchase_and_receipt(smoke: Smoke, slug: str, variant_id: int) -> list[Target]:
    shopper, number = place_order(smoke.site.port, slug, variant_id)
    answer = pay(shopper, number, smoke.env)
    order_id, status = smoke.order(number)
    purchase = check(
        f"purchase over HTTP: order {number} placed and paid with localstripe's {TEST_CARD[:4]} card "
        f"(pay answered {answer.get('status')!r}, order {status})",
        answer.get("status") == "succeeded" and status == "paid",
    )
    # The workers are not running yet: gunicorn must have left the receipt to them.
    time.sleep(2)
    before = (smoke.receipt_status(order_id), len(smoke.mails_about(number)))
    smoke.start_workers()
    sent = eventually(lambda: smoke.receipt_status(order_id) == "sent" and smoke.mails_about(number))
    receipt = check(
        f"receipt sent by a worker: before the workers started the receipt was {before[0]!r} with "
        f"{before[1]} mail(s); after, {smoke.receipt_status(order_id)!r} with {len(smoke.mails_about(number))}",
        before == ("pending", 0) and bool(sent) and len(smoke.mails_about(number)) == 1,
    )
    return [purchase, receipt]


def check_release_on_time(smoke: Smoke, slug: str, variant_id: int) -> Target:
    from rq.registry import FinishedJobRegistry

    stock_before = smoke.stock(variant_id)
    _, number = place_order(smoke.site.port, slug, variant_id)
    order_id, _ = smoke.order(number)
    held = smoke.stock(variant_id)
    placed_at = time.monotonic()
    released = eventually(lambda: smoke.order(number)[1] == "cancelled")
    waited = time.monotonic() - placed_at
    connection = redis_connection()
    ran = eventually(
        lambda: release_jobs(connection, order_id, FinishedJobRegistry("default", connection=connection)), seconds=15
    )
    stock_after = smoke.stock(variant_id)
    return check(
        f"unpaid order {number} released when its {RESERVATION_MINUTES * 60:g} s reservation ended "
        f"(after {waited:.0f} s): stock {stock_before} -> {held} -> {stock_after}; "
        f"its scheduled release job {'ran' if ran else 'never ran'}",
        bool(released) and held == stock_before - 1 and stock_after == stock_before and bool(ran),
    )


def check_worker_killed_mid_job(smoke: Smoke, slug: str, variant_id: int) -> Target:
    from rq import Worker
    from rq.job import Job

    stock_before = smoke.stock(variant_id)
    _, number = place_order(smoke.site.port, slug, variant_id)
    order_id, _ = smoke.order(number)
    connection = redis_connection()

    def worker_on_the_release() -> Worker | None:
        for worker in Worker.all(connection=connection):
            job_id = worker.get_current_job_id()
            if job_id:
                job = Job.fetch(job_id, connection=connection)
                if job.func_name == RELEASE_TASK and list(job.args) == [order_id]:
                    return worker
        return None

    # Hold the order's row, so its release job blocks inside its transaction when its time comes.
    lock = postgres(smoke.scratch.url, autocommit=False)
    try:
        lock.execute("SELECT id FROM shop_order WHERE id = %s FOR UPDATE", (order_id,))
        busy = eventually(worker_on_the_release)
        killed = next((child for child in smoke.workers if busy and child.process.pid == busy.pid), None)
        if killed:
            os.killpg(killed.process.pid, signal.SIGKILL)
            killed.process.wait(timeout=10)
            smoke.supervisor.children.remove(killed)  # gone on purpose, not a part that failed to start
    finally:
        lock.rollback()
        lock.close()
    released = eventually(lambda: smoke.order(number)[1] == "cancelled")
    stock_after = smoke.stock(variant_id)
    who = f"{killed.name} (pid {killed.process.pid})" if killed else "no worker"
    return check(
        f"{who} SIGKILLed in the middle of order {number}'s release job; the order was "
        f"{smoke.order(number)[1]} and the stock {stock_before} -> {stock_after} afterwards "
        "(by the job's retry or the other worker's sweep)",
        killed is not None and bool(released) and stock_after == stock_before,
    )


def check_redis_down(smoke: Smoke, slug: str) -> Target:
    port = free_port()
    # Each cache call logs the Redis error it skipped, with a traceback; the answers below are the check.
    env = {**smoke.env, "REDIS_URL": DEAD_REDIS_URL, "LOG_LEVEL": "CRITICAL"}
    smoke.start_gunicorn("gunicorn without Redis", port, env, workers=1)
    shopper = Shopper(port)
    answers = {path: shopper.get(path)[0] for path in ("/", "/shop/", f"/products/{slug}/", "/cart/")}
    return check(
        f"REDIS_URL at a dead port ({DEAD_REDIS_URL}): "
        + ", ".join(f"{path} {status}" for path, status in answers.items()),
        all(status == 200 for status in answers.values()),
    )


def guarded(name: str, run: Callable[[], Target | list[Target]]) -> list[Target]:
    """A check that breaks on the way counts as failed, and the next checks still run."""
    try:
        result = run()
    except (Exception, SystemExit) as problem:
        return [check(f"{name}: {type(problem).__name__}: {problem}", False)]
    return result if isinstance(result, list) else [result]


def run(smoke: Smoke) -> list[Target]:
    log(f"Scratch database {smoke.scratch.name}; migrate, load_demo, collectstatic…")
    smoke.scratch.create()
    redis_connection().flushdb()
    smoke.site.manage("migrate", "--noinput", "-v0")
    smoke.site.manage("load_demo", "--image-size", "64")
    smoke.site.manage("collectstatic", "--noinput", "-v0")
    smoke.env.update(smoke.site.env)
    start_localstripe(smoke.supervisor, smoke.env, smoke.site.port)
    smoke.start_gunicorn("gunicorn", smoke.site.port, smoke.env, workers=4)
    log(f"gunicorn (production settings, 4 workers) on http://127.0.0.1:{smoke.site.port}/")
    slug, variant_id = purchasable_variant(Shopper(smoke.site.port), smoke.scratch)

    targets = guarded("purchase and receipt", lambda: check_purchase_and_receipt(smoke, slug, variant_id))
    if not smoke.workers:
        smoke.start_workers()
    targets += guarded("release on time", lambda: check_release_on_time(smoke, slug, variant_id))
    targets += guarded("worker killed mid-job", lambda: check_worker_killed_mid_job(smoke, slug, variant_id))
    targets += guarded("Redis down", lambda: check_redis_down(smoke, slug))
    return targets


def main() -> int:
    started = time.monotonic()
    scratch = Scratch()
    site = SmokeSite(
        database_url=scratch.url,
        extra={
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": REDIS_URL,
            "TASKS_BACKEND": "rq",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "ORDER_RESERVATION_MINUTES": str(RESERVATION_MINUTES),
            "TASKS_SWEEP_SECONDS": str(SWEEP_SECONDS),
        },
    )
    site.extra["EMAIL_FILE_PATH"] = str(site.workdir / "mail")
    smoke = Smoke(scratch=scratch, site=site)

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def too_long(signum, frame):
        raise SystemExit(f"the smoke test ran past {MAX_SECONDS} s")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(MAX_SECONDS)
    print("Production smoke test (PostgreSQL, Redis, TASKS_BACKEND=rq, 2 RQ workers, gunicorn with 4 workers)")
    targets: list[Target] = []
    try:
        targets = run(smoke)
    except (Exception, KeyboardInterrupt, SystemExit) as problem:
        targets.append(check(f"setting up: {type(problem).__name__}: {problem}", False))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        smoke.supervisor.stop_all()
        for cleanup in (lambda: redis_connection().flushdb(), scratch.drop, lambda: site.__exit__(None, None, None)):
            try:
                cleanup()
            except Exception as problem:
                log(f"clean-up: {type(problem).__name__}: {problem}")
    passed = sum(target.passed for target in targets)
    verdict = "PASS" if targets and passed == len(targets) else "FAIL"
    print(
        f"Production smoke: {verdict}, {passed} of {len(targets)} checks passed in {time.monotonic() - started:.0f} s"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
