"""The worker's side of sending a campaign: claim a batch, check each person again, send, write down what happened.

Claiming. A worker takes up to NEWSLETTER_BATCH_SIZE queued rows at a time and marks them SENDING with its
own claim token and a lease (NEWSLETTER_LEASE_SECONDS). On PostgreSQL the rows are picked with
`SELECT … FOR UPDATE SKIP LOCKED`, so several workers take different rows side by side and never wait on
each other. SQLite has no row locks: there the claim is one `UPDATE … WHERE status = 'queued'` over a
`LIMIT`ed sub-select, which SQLite runs under its single database write lock, so two workers can never
claim the same row, they only take turns (one worker at a time does the claiming; run one worker on SQLite).

Crash safety. A row is marked SENT only after its email left; a worker killed mid-batch leaves its rows
SENDING until the lease ends, when the reaper (in the sweep) hands them back to the queue and another worker
sends them. So nobody is missed, and the only people who can get an email twice are those whose rows were
in flight in the batch of the worker that died (at most one batch per dead worker).

Checking again. Whoever left, was suppressed, changed topics or lost consent after the campaign started is
skipped: the batch is sent in rounds of one email per mail connection, and each round's subscribers are asked
again (one query on their primary keys) right before its emails are handed to the connections.

Rate limit. NewsletterSettings.send_rate_per_second, shared by every worker: each batch takes its emails from
a counter per one-second window in the rate-limit cache (Redis, or the database, as the forms' rate limits),
and waits for the next second when the window is full. Batches are no bigger than the rate, so a window is
never overshot; with 0 there is no limit.

Failures. An email the backend refuses (provider down) goes back to the queue with `next_attempt_at` 1, 2,
4 … minutes later; after NEWSLETTER_MAX_ATTEMPTS tries it is FAILED, which the campaign's progress reports.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone, translation

from config.caches import NEWSLETTER_SEND_RATE
from config.languages import supported_language
from newsletter.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus
from newsletter.models.campaigns import NOT_ACCEPTED
from newsletter.rendering import RecipientLinks, personalise
from newsletter.selectors import SenderDetails, eligible_subscribers, send_rate_per_second, sender_details
from newsletter.services import preferences_url, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

ACTIVE = (RecipientStatus.QUEUED, RecipientStatus.SENDING)


def batch_size() -> int:
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)))


def lease_seconds() -> float:
    return float(getattr(settings, "NEWSLETTER_LEASE_SECONDS", 300))


def max_attempts() -> int:
    return max(1, int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5)))


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed try, wait 2^(n-1) times NEWSLETTER_FIRST_RETRY_SECONDS (a minute by default)."""
    first = float(getattr(settings, "NEWSLETTER_FIRST_RETRY_SECONDS", 60))
    return timedelta(seconds=first * 2 ** max(attempts - 1, 0))


def worker_name() -> str:
    return f"{socket.gethostname()[:24]}:{os.getpid()}"


def due(now: datetime) -> Q:
    return Q(status=RecipientStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


# --- Claiming --------------------------------------------------------------------------------------


def claim_batch(*, campaign_id: int, size: int, now: datetime | None = None) -> str | None:
    """Take up to `size` due rows of a campaign that is sending; returns the claim token, or None if none."""
    now = now or timezone.now()
    token = f"{worker_name()}:{uuid.uuid4().hex[:16]}"
    changes = {
        "status": RecipientStatus.SENDING,
        "claimed_by": token,
        "lease_expires_at": now + timedelta(seconds=lease_seconds()),
        "attempts": F("attempts") + 1,
    }
    with transaction.atomic():
        if not Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).exists():
            return None
        candidates = CampaignRecipient.objects.filter(due(now), campaign_id=campaign_id).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            ids = list(candidates.select_for_update(skip_locked=True).values_list("pk", flat=True)[:size])
            claimed = CampaignRecipient.objects.filter(pk__in=ids).update(**changes) if ids else 0
        else:
            # One statement: SQLite runs it under its write lock, and the status test keeps it from re-claiming.
            claimed = CampaignRecipient.objects.filter(
                due(now), pk__in=candidates.values("pk")[:size], campaign_id=campaign_id
            ).update(**changes)
    return token if claimed else None


# --- Sending ---------------------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    sent: dict[int, str] = field(default_factory=dict)  # row id -> message id
    failed: dict[int, str] = field(default_factory=dict)  # row id -> error
    skipped: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sent) + len(self.failed) + len(self.skipped)


def send_claimed(*, campaign: Campaign, token: str, sender: SenderDetails | None = None) -> BatchOutcome:
    """Send the rows claimed under `token` over a few mail connections and write down each outcome."""
    rows = list(
        CampaignRecipient.objects.filter(claimed_by=token, status=RecipientStatus.SENDING)
        .select_related("subscriber")
        .only("pk", "email", "attempts", "subscriber__id", "subscriber__email", "subscriber__secret")
        .order_by("pk")
    )
    outcome = BatchOutcome()
    # Built once per batch (with the shop's implied-consent setting as it is now), asked once per round below.
    eligible = eligible_subscribers(campaign)
    # A first look over the whole batch, so the rate limit counts only emails that may go out...
    sendable = _still_eligible(eligible, rows, outcome)
    if sendable:
        rate_limit_take(len(sendable))
        # ...and each email is checked again just before it is handed to its connection (_send).
        _send(campaign, sendable, sender or sender_details(), outcome, eligible=eligible)
    record(outcome=outcome, rows={row.pk: row for row in rows}, token=token)
    return outcome


def _still_eligible(
    eligible: QuerySet, rows: list[CampaignRecipient], outcome: BatchOutcome
) -> list[CampaignRecipient]:
    """The rows whose subscriber may be mailed right now (one indexed query); the others are noted as skipped."""
    allowed = set(eligible.filter(pk__in=[row.subscriber_id for row in rows]).values_list("pk", flat=True))
    outcome.skipped.extend(row.pk for row in rows if row.subscriber_id not in allowed)
    return [row for row in rows if row.subscriber_id in allowed]


def send_connections() -> int:
    return max(1, int(getattr(settings, "NEWSLETTER_SEND_CONNECTIONS", 4)))


def _send(
    campaign: Campaign,
    rows: list[CampaignRecipient],
    sender: SenderDetails,
    outcome: BatchOutcome,
    *,
    eligible: QuerySet,
) -> None:
    """Send in rounds of one email per open mail connection, each round checked again just before it leaves.

    Whoever unsubscribed, was suppressed or lost consent a moment ago is skipped: the check (one query on the
    subscribers' primary keys for the whole round, in this thread) comes right before the round's emails are
    handed to their connections, so at most the round's own few emails (one per connection, sent side by
    side) were already on their way. The connections stay open for the whole batch and send side by side, so
    one connection's waiting on the server overlaps the others'; the threads only build and send messages
    (no database work), so Django's backends need not be thread-safe, and each connection is used by one
    thread at a time.
    """
    domain = parseaddr(sender.from_email)[1].rpartition("@")[2] or "localhost"
    wanted = min(send_connections(), len(rows))
    pool = ThreadPoolExecutor(max_workers=wanted, thread_name_prefix="newsletter-send") if wanted > 1 else None
    connections: list = []
    try:
        connections, error = _open_connections(wanted, pool)
        if not connections:  # the provider is down: the whole batch waits for its next try
            outcome.failed.update({row.pk: error for row in rows})
            return

        def send(job):
            return _send_one(job[0], campaign, job[1], sender, domain)

        for start in range(0, len(rows), len(connections)):
            ready = _still_eligible(eligible, rows[start : start + len(connections)], outcome)
            jobs = list(zip(connections, ready, strict=False))
            for pk, message_id, failure in pool.map(send, jobs) if pool and len(jobs) > 1 else map(send, jobs):
                if failure:
                    outcome.failed[pk] = failure
                else:
                    outcome.sent[pk] = message_id
    finally:
        for mail in connections:
            _close(mail)
        if pool is not None:
            pool.shutdown()


def _open_connections(count: int, pool: ThreadPoolExecutor | None) -> tuple[list, str]:
    """Open `count` mail connections (side by side); returns those that opened, and the last error if any did not."""

    def opened(_n):
        mail = get_connection()
        try:
            mail.open()
        except Exception as error:
            return None, _describe(error)
        return mail, ""

    results = list(pool.map(opened, range(count)) if pool else map(opened, range(count)))
    errors = [error for mail, error in results if mail is None]
    return [mail for mail, _error in results if mail is not None], (errors[-1] if errors else "")


def _close(mail) -> None:
    try:
        mail.close()
    except Exception:
        logger.warning("Closing the mail connection failed", exc_info=True)


def _send_one(
    mail, campaign: Campaign, row: CampaignRecipient, sender: SenderDetails, domain: str
) -> tuple[int, str, str]:
    """Send one row's email: (row id, the message id, "") when it left, (row id, "", the error) when not."""
    message = campaign_message(campaign, row, sender=sender, domain=domain)
    try:
        delivered = mail.send_messages([message])
    except Exception as error:
        return row.pk, "", _describe(error)
    if not delivered:
        return row.pk, "", NOT_ACCEPTED  # a code, shown to staff in their language (models.send_error_text)
    status = getattr(message, "anymail_status", None)
    provider_id = getattr(status, "message_id", None) if status is not None else None
    message_id = provider_id if provider_id not in (None, "") else message.extra_headers["Message-ID"]
    return row.pk, str(message_id)[:255], ""


def campaign_message(
    campaign: Campaign, row: CampaignRecipient, *, sender: SenderDetails, domain: str
) -> EmailMultiAlternatives:
    """One recipient's email: the frozen content with their own links, headers and the row id for the provider.

    The links open the pages in the campaign's language (/fr/… for French), which is the recipient's: a
    campaign only reaches subscribers of its language (selectors.eligible_subscribers).
    """
    subscriber = row.subscriber
    with translation.override(supported_language(campaign.language)):
        links = RecipientLinks(unsubscribe_url=unsubscribe_url(subscriber), preferences_url=preferences_url(subscriber))
        one_click = unsubscribe_headers(subscriber)
    headers = {
        **one_click,
        "Message-ID": f"<campaign-{campaign.pk}.{row.pk}.{row.attempts}.{uuid.uuid4().hex[:12]}@{domain}>",
    }
    message = EmailMultiAlternatives(
        subject=campaign.frozen_subject,
        body=personalise(campaign.frozen_text, links),
        from_email=sender.from_email,
        to=[row.email],
        reply_to=[sender.reply_to] if sender.reply_to else None,
        headers=headers,
    )
    message.attach_alternative(personalise(campaign.frozen_html, links), "text/html")
    # anymail's extras (plain attributes the SMTP backend ignores): the provider's webhooks report them back.
    metadata = {"campaign_recipient_id": str(row.pk), "campaign_id": str(campaign.pk)}
    message.metadata = metadata
    message.merge_metadata = {row.email: metadata}
    message.tags = ["newsletter"]
    return message


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def record(*, outcome: BatchOutcome, rows: dict[int, CampaignRecipient], token: str, now: datetime | None = None):
    """Write a batch's outcomes in a few statements: one for the sent, one for the skipped, one per retry step."""
    now = now or timezone.now()
    released = {"lease_expires_at": None, "claimed_by": ""}
    with transaction.atomic():
        if outcome.sent:
            # Marked sent whoever holds the row now: the email did leave.
            CampaignRecipient.objects.filter(pk__in=outcome.sent).update(
                status=RecipientStatus.SENT,
                sent_at=now,
                last_error="",
                message_id=Case(
                    *(When(pk=pk, then=Value(message_id)) for pk, message_id in outcome.sent.items()),
                    output_field=CharField(),
                ),
                **released,
            )
        if outcome.skipped:
            CampaignRecipient.objects.filter(pk__in=outcome.skipped, claimed_by=token).update(
                status=RecipientStatus.SKIPPED, **released
            )
        by_attempts: dict[int, list[int]] = {}
        for pk in outcome.failed:
            by_attempts.setdefault(rows[pk].attempts, []).append(pk)
        for attempts, ids in by_attempts.items():
            error = outcome.failed[ids[0]]
            mine = CampaignRecipient.objects.filter(pk__in=ids, claimed_by=token, status=RecipientStatus.SENDING)
            if attempts >= max_attempts():
                mine.update(status=RecipientStatus.FAILED, last_error=error, next_attempt_at=None, **released)
            else:
                mine.update(
                    status=RecipientStatus.QUEUED,
                    last_error=error,
                    next_attempt_at=now + retry_delay(attempts),
                    **released,
                )
    if outcome.failed:
        logger.warning("%d campaign email(s) failed, e.g. %s", len(outcome.failed), next(iter(outcome.failed.values())))


# --- The rate limit --------------------------------------------------------------------------------


def clock() -> float:
    return time.time()


def rate_limit_take(count: int, *, rate: int | None = None, sleep=time.sleep) -> None:
    """Wait until `count` emails fit in the current one-second window of the shared counter (no wait at rate 0)."""
    rate = send_rate_per_second() if rate is None else rate
    if rate <= 0:
        return
    count = min(count, rate)
    cache = caches[settings.RATELIMIT_CACHE]
    while True:
        now = clock()
        key = NEWSLETTER_SEND_RATE.key_for(int(now))
        if cache.add(key, count, timeout=NEWSLETTER_SEND_RATE.seconds):
            return
        try:
            total = cache.incr(key, count)
        except ValueError:  # the window's key expired between add and incr
            continue
        if total <= rate:
            return
        sleep(max(0.001, int(now) + 1 - now))


def rate_limited_batch_size() -> int:
    rate = send_rate_per_second()
    return min(batch_size(), rate) if rate > 0 else batch_size()
