"""The RQ queue behind TASKS_BACKEND=rq: every job it creates is retried.

django-tasks-rq creates its jobs without RQ's `Retry`, so a job that raised, or whose worker was killed
mid-job (RQ then reports `AbandonedJobError`), was never run again. This queue gives each job a few
retries, spaced out by the worker's scheduler (`rqworker --with-scheduler`, which `manage.py run_worker`
starts). The shop's tasks are safe to run twice: each reads its rows afresh and does nothing when the work
is done already. The sweep in `run_worker` stays the last safety net behind them.
"""

from __future__ import annotations

from django_rq.queues import DjangoRQ
from rq import Retry

RETRIES = 3
RETRY_INTERVALS_SECONDS = [10, 60, 300]


class RetryingQueue(DjangoRQ):
    def create_job(self, *args, retry: Retry | None = None, **kwargs):
        return super().create_job(*args, retry=retry or Retry(max=RETRIES, interval=RETRY_INTERVALS_SECONDS), **kwargs)
