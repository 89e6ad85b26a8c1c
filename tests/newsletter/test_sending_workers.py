"""Real sends through real worker processes: the database queue, RQ on Redis, and a worker killed mid-send.

Each test gets a scratch database (a copy of one migrated once per module: a SQLite file, or on the CI
PostgreSQL pass a PostgreSQL database made from a migrated template, where two workers also run at once), a
local SMTP sink
(aiosmtpd) that counts what arrives, and `manage.py run_worker` as a child process with Django's SMTP
backend: the same path production takes, only the provider is local.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections import Counter
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.conftest import database_is_postgres
from tests.newsletter.real_send import MailSink, Scratch, stop

pytestmark = pytest.mark.transactional


def postgres_server_url() -> str:
    """The test run's PostgreSQL server as a URL (its maintenance database), for scratch databases beside it."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/postgres"


def _admin(statement: str) -> None:
    import psycopg

    url = postgres_server_url().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def _scratch_name(suffix: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"newsletter_send_{worker}_{suffix}"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated scratch database to copy for each test: a SQLite file, or on the PostgreSQL pass a template."""
    template = Scratch(tmp_path_factory.mktemp("send-template"))
    if not database_is_postgres():
        template.migrate()
        yield template.sqlite_path
        return
    name = _scratch_name("template")
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name}")
    try:
        template.database_url = postgres_server_url().rsplit("/", 1)[0] + f"/{name}"
        template.migrate()
        yield name
    finally:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def scratch(migrated, tmp_path):
    """Each test's own copy: SQLite on the SQLite pass; on the PostgreSQL pass a PostgreSQL database, so the
    workers claim with SELECT … FOR UPDATE SKIP LOCKED as in production."""
    database = Scratch(tmp_path)
    if not database_is_postgres():
        shutil.copy(migrated, database.sqlite_path)
        yield database
        return
    name = _scratch_name("test")
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name} TEMPLATE {migrated}")
    database.database_url = postgres_server_url().rsplit("/", 1)[0] + f"/{name}"
    try:
        yield database
    finally:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out waiting for {what}")
        time.sleep(0.005)


def send_through_a_real_worker(scratch: Scratch, tmp_path, **env: str) -> tuple[int, Counter]:
    with MailSink() as sink:
        env = {"EMAIL_PORT": str(sink.port), **env}
        campaign_id = scratch.seed(subscribers=40, ineligible=6, **env)
        worker = scratch.start_worker(log=tmp_path / "worker.log", **env)
        try:
            scratch.wait_until_sent(campaign_id, timeout=180, worker=worker)
        finally:
            stop(worker)
        return campaign_id, Counter(sink.received)


def send_through_two_real_workers(scratch: Scratch, tmp_path, *, subscribers: int) -> tuple[int, Counter]:
    """Two `run_worker` processes at once on one campaign, small batches and a slow-ish SMTP server, so their
    claims interleave (SKIP LOCKED keeps them on different rows)."""
    with MailSink(delay=0.005) as sink:
        env = {"EMAIL_PORT": str(sink.port), "NEWSLETTER_BATCH_SIZE": "10", "NEWSLETTER_SEND_TASKS": "4"}
        campaign_id = scratch.seed(subscribers=subscribers, ineligible=6, **env)
        workers = [scratch.start_worker(log=tmp_path / f"worker{n}.log", **env) for n in range(2)]
        try:
            scratch.wait_until_sent(campaign_id, timeout=300, worker=workers[0])
            assert workers[1].poll() is None, "the second worker died"
        finally:
            for worker in workers:
                stop(worker)
        return campaign_id, Counter(sink.received)


def test_a_real_worker_on_the_database_queue_sends_the_campaign_once_to_each_subscriber(scratch, tmp_path):
    campaign_id, received = send_through_a_real_worker(scratch, tmp_path)

    eligible = scratch.eligible_addresses(campaign_id)
    assert len(eligible) == 40 and all(address.startswith("reader") for address in eligible)
    assert received == Counter(dict.fromkeys(eligible, 1))
    assert scratch.statuses(campaign_id) == {"sent": 40}


@pytest.mark.postgres
def test_two_real_workers_on_postgresql_send_the_campaign_once_to_each_subscriber(scratch, tmp_path):
    # Given a scratch PostgreSQL database (the PostgreSQL pass; the SQLite pass deselects this test)
    assert scratch.database_url.startswith("postgres")

    # When two worker processes send one campaign side by side
    campaign_id, received = send_through_two_real_workers(scratch, tmp_path, subscribers=300)

    # Then every eligible subscriber got it exactly once: no duplicates, nobody missing, nobody else
    eligible = scratch.eligible_addresses(campaign_id)
    assert len(eligible) == 300 and all(address.startswith("reader") for address in eligible)
    assert received == Counter(dict.fromkeys(eligible, 1))
    assert scratch.statuses(campaign_id) == {"sent": 300}


@pytest.mark.redis
def test_a_real_rq_worker_on_redis_sends_the_campaign_once_to_each_subscriber(scratch, tmp_path, redis_url):
    campaign_id, received = send_through_a_real_worker(scratch, tmp_path, TASKS_BACKEND="rq", REDIS_URL=redis_url)

    eligible = scratch.eligible_addresses(campaign_id)
    assert len(eligible) == 40
    assert received == Counter(dict.fromkeys(eligible, 1))
    assert scratch.statuses(campaign_id) == {"sent": 40}


def test_a_worker_killed_mid_send_loses_nobody_and_sends_twice_at_most_the_rows_it_had_in_flight(scratch, tmp_path):
    # Given 300 subscribers (and 30 who may not be mailed), a slow-ish SMTP server, batches of 20, short leases
    subscribers, batch = 300, 20
    with MailSink(delay=0.01) as sink:
        env = {"EMAIL_PORT": str(sink.port), "NEWSLETTER_LEASE_SECONDS": "3", "NEWSLETTER_BATCH_SIZE": str(batch)}
        campaign_id = scratch.seed(subscribers=subscribers, ineligible=30, **env)
        worker = scratch.start_worker(log=tmp_path / "worker.log", **env)

        # When the worker is killed with SIGKILL halfway through a batch
        try:
            wait_for(lambda: sink.total >= 4 * batch + batch // 2, timeout=180, what="the first batches")
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            stop(worker)
        in_flight = scratch.statuses(campaign_id).get("sending", 0)
        delivered_before = sink.total
        assert worker.returncode == -signal.SIGKILL and delivered_before < subscribers

        # And a worker starts again (its sweep hands the dead worker's rows back once their lease ends)
        restarted = scratch.start_worker(log=tmp_path / "worker.log", **env)
        try:
            scratch.wait_until_sent(campaign_id, timeout=300, worker=restarted)
        finally:
            stop(restarted)
        received = Counter(sink.received)

    # Then every eligible subscriber has exactly one sent record and got the email; nobody else got one;
    # and the only duplicates are among the rows the dead worker had in flight
    eligible = scratch.eligible_addresses(campaign_id)
    assert len(eligible) == subscribers
    assert scratch.statuses(campaign_id) == {"sent": subscribers}
    assert set(received) == eligible
    duplicates = sum(count - 1 for count in received.values())
    assert in_flight <= batch
    assert duplicates <= in_flight, f"{duplicates} duplicates, {in_flight} rows in flight"
