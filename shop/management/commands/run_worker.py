"""`manage.py run_worker`: the background worker for whichever task backend is configured, with the sweep.

- The default database queue: django-tasks-db's `db_worker`.
- TASKS_BACKEND=rq: django-rq's `rqworker --with-scheduler --job-class django_tasks_rq.Job`. The scheduler
  is what runs the tasks enqueued with `run_after` (releasing an unpaid order when its reservation ends,
  payment reminders, email retries) and RQ's retries (config.task_queue); without it they wait forever.

Next to the worker, in the same process, a thread runs `shop.tasks.sweep` at start and then every
TASKS_SWEEP_SECONDS: it releases every expired unpaid order and sends every due email even when their
own task was lost (a worker killed mid-job, a queue flushed, a backend that cannot defer). So no cron
job is needed: as long as one worker runs, expired orders give their stock back. Several workers
sweep side by side safely.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from shop.tasks import sweep

logger = logging.getLogger(__name__)


class Sweeper(threading.Thread):
    """Runs `sweep_once` now and then every `seconds` until stopped; one failed sweep never ends the loop."""

    def __init__(self, *, seconds: float, sweep_once: Callable[[], object] = sweep) -> None:
        super().__init__(name="sweep", daemon=True)  # a daemon: it ends with the worker it runs next to
        self.seconds = seconds
        self.sweep_once = sweep_once
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            close_old_connections()
            try:
                self.run_once()
            finally:
                connections.close_all()  # this thread's connections only; the next sweep opens fresh ones
            self.stopped.wait(self.seconds)

    def run_once(self) -> None:
        try:
            released, sent = self.sweep_once()
        except Exception:
            logger.exception("The sweep failed; trying again in %s s", self.seconds)
            return
        if released or sent:
            logger.info("Sweep: released %d expired order(s), sent %d due email(s)", released, sent)

    def stop(self) -> None:
        self.stopped.set()


def uses_rq() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq.")


class Command(BaseCommand):
    help = (
        "Run the background task worker (db_worker, or rqworker with its scheduler when TASKS_BACKEND=rq) "
        "and, next to it, the sweep that releases expired unpaid orders and sends due emails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sweep-seconds",
            type=float,
            default=None,
            help="Seconds between sweeps (default: the TASKS_SWEEP_SECONDS setting).",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            default=None,
            help="Restart the database worker on code changes (default: on when DEBUG; not with RQ).",
        )
        parser.add_argument("--name", default=None, help="The worker's name (RQ only; default: generated).")

    def handle(self, *args, sweep_seconds=None, reload=None, name=None, verbosity=1, **options):
        seconds = sweep_seconds if sweep_seconds is not None else settings.TASKS_SWEEP_SECONDS
        rq = uses_rq()
        reload = bool(settings.DEBUG if reload is None else reload) and not rq
        # With reload, this process only restarts a child that runs this command again: sweep in the child.
        if not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            Sweeper(seconds=seconds).start()
        if rq:
            worker_options = {"name": name} if name else {}
            call_command(
                "rqworker",
                with_scheduler=True,
                job_class="django_tasks_rq.Job",
                verbosity=verbosity,
                **worker_options,
            )
        else:
            call_command("db_worker", reload=reload, startup_delay=False, verbosity=verbosity)
