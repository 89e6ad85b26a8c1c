"""Real sends through real worker processes: the database queue, RQ on Redis, and a worker killed mid-send.

Each test gets a scratch SQLite database (a copy of one migrated once per module), a local SMTP sink
(aiosmtpd) that counts what arrives, and `manage.py run_worker` as a child process with Django's SMTP
backend: the same path production takes, only the provider is local.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections import Counter

import pytest

from tests.newsletter.real_send import MailSink, Scratch, stop

pytestmark = pytest.mark.transactional


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    template = Scratch(tmp_path_factory.mktemp("send-template"))
    template.migrate()
    return template.sqlite_path


@pytest.fixture
def scratch(migrated, tmp_path):
    database = Scratch(tmp_path)
    shutil.copy(migrated, database.sqlite_path)
    return database


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


def test_a_real_worker_on_the_database_queue_sends_the_campaign_once_to_each_subscriber(scratch, tmp_path):
    campaign_id, received = send_through_a_real_worker(scratch, tmp_path)

    eligible = scratch.eligible_addresses(campaign_id)
    assert len(eligible) == 40 and all(address.startswith("reader") for address in eligible)
    assert received == Counter(dict.fromkeys(eligible, 1))
    assert scratch.statuses(campaign_id) == {"sent": 40}


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
