"""The worker entry (`manage.py run_worker`), its sweep, and RQ jobs that retry."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from redis import Redis
from rq import Retry

from config.task_queue import RETRIES, RETRY_INTERVALS_SECONDS, RetryingQueue
from shop.management.commands import run_worker
from shop.management.commands.run_worker import Sweeper
from shop.models import Order, OrderEmail, OrderEmailKind, OrderEmailStatus, OrderStatus
from shop.services.order_status import order_mark_paid
from shop.tasks import sweep
from tests.shop.checkout_support import cart_with, place


@pytest.fixture
def queue_that_only_records(settings):
    """A queue whose tasks never run, like a worker that was killed: only the sweep can do their work."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db
def test_the_sweep_releases_an_expired_order_and_sends_a_due_receipt_whose_tasks_never_ran(
    queue_that_only_records, django_capture_on_commit_callbacks
):
    # Given an unpaid order whose reservation has ended, and a paid order whose receipt task was lost
    cart = cart_with(stock=5, quantity=2)
    variant = cart.lines.get().variant
    with django_capture_on_commit_callbacks(execute=True):
        expired = place(cart)
        paid = place(cart_with())
        order_mark_paid(order=paid, payment_intent_id="pi_1")
    Order.objects.filter(pk=expired.pk).update(reserved_until=timezone.now() - timedelta(seconds=1))
    variant.refresh_from_db()
    assert variant.stock_quantity == 3 and mail.outbox == []

    # When the sweep runs
    released, sent = sweep()

    # Then the stock is back, the receipt has gone out, and a second sweep finds nothing to do
    expired.refresh_from_db()
    variant.refresh_from_db()
    assert (released, sent) == (1, 1)
    assert expired.status == OrderStatus.CANCELLED and variant.stock_quantity == 5
    receipt = OrderEmail.objects.get(order=paid, kind=OrderEmailKind.RECEIPT)
    assert receipt.status == OrderEmailStatus.SENT and len(mail.outbox) == 1
    assert sweep() == (0, 0)


def test_the_sweeper_sweeps_at_once_then_exactly_once_per_interval():
    # Given a sweeper whose sweeps are counted
    runs = []
    third = threading.Event()

    def counted():
        runs.append(threading.get_ident())
        if len(runs) == 3:
            third.set()
        return 0, 0

    sweeper = Sweeper(seconds=0.2, sweep_once=counted)

    # When it starts, it sweeps at once, then waits a whole interval before the next
    sweeper.start()
    try:
        assert third.wait(timeout=5)
        sweeper.stop()
        sweeper.join(timeout=5)
    finally:
        sweeper.stop()

    # Then each interval ran one sweep, all in the sweeper's own thread, and it stops when told
    assert len(runs) == 3 and set(runs) == {sweeper.ident}
    assert not sweeper.is_alive()


def test_a_failed_sweep_is_logged_and_the_next_one_still_runs(caplog):
    outcomes = iter([RuntimeError("database restarting"), (1, 0)])

    def flaky():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    sweeper = Sweeper(seconds=60, sweep_once=flaky)
    with caplog.at_level(logging.INFO, logger=run_worker.__name__):
        sweeper.run_once()
        sweeper.run_once()
    assert "The sweep failed" in caplog.text and "released 1 expired order" in caplog.text


@pytest.fixture
def started(monkeypatch):
    """What run_worker starts, recorded instead of run: the sweepers and the worker command."""
    record = {"sweepers": [], "commands": []}
    monkeypatch.setattr(Sweeper, "start", lambda sweeper: record["sweepers"].append(sweeper))
    monkeypatch.setattr(
        run_worker, "call_command", lambda command, **options: record["commands"].append((command, options))
    )
    return record


def test_run_worker_starts_the_sweep_and_the_database_worker(settings, started):
    settings.TASKS_SWEEP_SECONDS = 45
    call_command("run_worker")
    (sweeper,) = started["sweepers"]
    assert sweeper.seconds == 45 and sweeper.sweep_once is sweep
    ((name, options),) = started["commands"]
    assert name == "db_worker" and options["reload"] is False


def test_with_rq_run_worker_starts_rqworker_with_its_scheduler_and_the_sweep(settings, started):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    call_command("run_worker", "--sweep-seconds", "5", "--name", "worker-1")
    (sweeper,) = started["sweepers"]
    assert sweeper.seconds == 5
    ((name, options),) = started["commands"]
    assert name == "rqworker"
    assert options["with_scheduler"] is True and options["job_class"] == "django_tasks_rq.Job"
    assert options["name"] == "worker-1"


def test_with_reload_only_the_reloaded_child_sweeps(settings, started, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("RUN_MAIN", raising=False)
    call_command("run_worker")
    assert started["sweepers"] == [] and started["commands"][0][1]["reload"] is True
    monkeypatch.setenv("RUN_MAIN", "true")
    call_command("run_worker")
    assert len(started["sweepers"]) == 1


def test_rq_jobs_are_created_with_retries():
    queue = RetryingQueue("default", connection=Redis(host="127.0.0.1", port=1))  # nothing is sent to Redis
    job = queue.create_job("shop.tasks.release_unpaid_order", args=[1])
    assert job.retries_left == RETRIES and job.retry_intervals == RETRY_INTERVALS_SECONDS
    chosen = queue.create_job("shop.tasks.release_unpaid_order", args=[1], retry=Retry(max=1))
    assert chosen.retries_left == 1
