"""Real sends with real processes: a local SMTP sink, a scratch database, `manage.py run_worker` as a child.

Used by the crash test and the CI sends (tests/newsletter/test_sending_workers.py) and by `make bench`
(bench/newsletter_send.py). Everything runs the production settings against a scratch database of its own
(a SQLite file, or a PostgreSQL database), so nothing here touches the test run's database.

`python -m tests.newsletter.real_send seed --subscribers N` (with the same environment as the worker) fills
the scratch database and starts the campaign; the task it enqueues waits in the real queue for the worker.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
THROWAWAY_SECRET_KEY = secrets.token_urlsafe(48)


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the SMTP sink ---------------------------------------------------------------------------------


class MailSink:
    """An aiosmtpd server on a free loopback port that counts each message per recipient.

    `delay` slows each message down (seconds), like a remote server would, so a worker can be killed mid-send.
    """

    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: Counter[str] = Counter()
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        if self.delay:
            await asyncio.sleep(self.delay)
        now = time.perf_counter()
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
            self.first_at = self.first_at or now
            self.last_at = now
        return "250 Message accepted for delivery"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    def duplicates(self) -> int:
        with self.lock:
            return sum(count - 1 for count in self.received.values() if count > 1)

    def __enter__(self) -> MailSink:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, ready_timeout=10)
        self.controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.controller.stop()


# --- the scratch database and the processes --------------------------------------------------------


@dataclass
class Scratch:
    """A scratch database (SQLite file, or `database_url` on PostgreSQL) and the environment of every process."""

    workdir: Path
    database_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def sqlite_path(self) -> Path:
        return self.workdir / "send.sqlite3"

    def env(self, **overrides: str) -> dict[str, str]:
        # Only what is set here (and in `extra_env`) chooses the database, the queue and the mail backend.
        inherited = {
            "DATABASE_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "TASKS_BACKEND",
            "REDIS_URL",
            "EMAIL_HOST",
            "EMAIL_PORT",
        }
        env = {key: value for key, value in os.environ.items() if key not in inherited}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=THROWAWAY_SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            SQLITE_PATH=str(self.sqlite_path),
            MEDIA_ROOT=str(self.workdir / "media"),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            LOG_LEVEL="ERROR",
            PYTHONUNBUFFERED="1",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def run(self, *args: str, timeout: float = 600, **env: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=BASE_DIR, env=self.env(**env), capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def migrate(self) -> None:
        self.run("manage.py", "migrate", "--noinput", "-v0")

    def seed(self, *, subscribers: int, ineligible: int = 0, **env: str) -> int:
        """Fill the database and start a campaign to `subscribers` people; returns the campaign's id."""
        output = self.run(
            "-m",
            "tests.newsletter.real_send",
            "seed",
            f"--subscribers={subscribers}",
            f"--ineligible={ineligible}",
            **env,
        )
        return json.loads(output.strip().splitlines()[-1])["campaign"]

    def start_worker(self, *, log: Path, **env: str) -> subprocess.Popen:
        """`manage.py run_worker` in its own session (so a SIGKILL reaches it and only it)."""
        with log.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--sweep-seconds", "1"],
                cwd=BASE_DIR,
                env=self.env(**env),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def query(self, sql: str, *params) -> list[tuple]:
        if self.database_url.startswith("postgres"):
            import psycopg

            with psycopg.connect(self.database_url.replace("postgres://", "postgresql://", 1)) as connection:
                return list(connection.execute(sql.replace("?", "%s"), params).fetchall())
        with closing(sqlite3.connect(self.sqlite_path, timeout=30)) as connection:
            return list(connection.execute(sql, params).fetchall())

    def statuses(self, campaign_id: int) -> dict[str, int]:
        rows = self.query(
            "SELECT status, COUNT(*) FROM newsletter_campaignrecipient WHERE campaign_id = ? GROUP BY status",
            campaign_id,
        )
        return dict(rows)

    def campaign_status(self, campaign_id: int) -> str:
        return self.query("SELECT status FROM newsletter_campaign WHERE id = ?", campaign_id)[0][0]

    def eligible_addresses(self, campaign_id: int) -> set[str]:
        rows = self.query("SELECT email FROM newsletter_campaignrecipient WHERE campaign_id = ?", campaign_id)
        return {email.lower() for (email,) in rows}

    def wait_until_sent(self, campaign_id: int, *, timeout: float, worker: subprocess.Popen | None = None) -> None:
        deadline = time.monotonic() + timeout
        while self.campaign_status(campaign_id) != "sent":
            if worker is not None and worker.poll() is not None:
                raise RuntimeError(f"The worker exited with {worker.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Campaign {campaign_id} not sent in {timeout} s: {self.statuses(campaign_id)}")
            time.sleep(0.2)


def peak_rss_mb(pid: int) -> float:
    """A running process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """A running process's CPU time so far (user + system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


# --- seeding (runs in a child process with the worker's environment) ------------------------------


def seed(*, subscribers: int, ineligible: int) -> int:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from newsletter.models import Campaign, ConsentEvent, ConsentType, SignupSource, Subscriber, SubscriberStatus
    from newsletter.sending import campaign_send_now

    now = timezone.now()
    people = [
        Subscriber(
            email=f"reader{number:05d}@example.com",
            status=SubscriberStatus.CONFIRMED,
            wants_articles=True,
            source=SignupSource.FOOTER,
            confirmed_at=now,
        )
        for number in range(subscribers)
    ]
    states = [SubscriberStatus.PENDING, SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SUPPRESSED]
    people += [
        Subscriber(
            email=f"never{number:05d}@example.com",
            status=states[number % len(states)],
            wants_articles=True,
            source=SignupSource.FOOTER,
        )
        for number in range(ineligible)
    ]
    with transaction.atomic():
        created = Subscriber.objects.bulk_create(people, batch_size=1000)
        ConsentEvent.objects.bulk_create(
            [
                ConsentEvent(subscriber=person, consent_type=ConsentType.EXPRESS, confirmed_at=now)
                for person in created
                if person.status == SubscriberStatus.CONFIRMED
            ],
            batch_size=1000,
        )
        campaign = Campaign.objects.create(
            subject="Hot stones for cold evenings",
            preheader="Three ways to use basalt this winter",
            body=[
                ("heading", {"text": "Warm up slowly", "level": "h2"}),
                ("paragraph", "<p>Heat the stones to <b>50 °C</b>, then place them along the spine.</p>" * 5),
            ],
        )
    campaign_send_now(campaign_id=campaign.pk)
    return campaign.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed"])
    parser.add_argument("--subscribers", type=int, required=True)
    parser.add_argument("--ineligible", type=int, default=0)
    args = parser.parse_args()
    campaign_id = seed(subscribers=args.subscribers, ineligible=args.ineligible)
    sys.stdout.write(json.dumps({"campaign": campaign_id}) + "\n")


if __name__ == "__main__":
    main()
