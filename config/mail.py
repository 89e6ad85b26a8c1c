"""Mail that is not about an order (account sign-up, password resets) goes out through the worker too.

The message is rendered in the request, handed to a task after commit as plain data, and sent by the
worker, so a failing mail provider delays it and never fails the request. A send that fails is tried
again later (1, 2, 4 … minutes apart, MAX_ATTEMPTS in all) on a backend that can wait; the shopper can
also ask for a new link. Order emails have their own, stricter path (shop/services/notifications.py):
they are written down with the order and checked again at send time.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 60


def retry_delay(attempt: int) -> timedelta:
    """After the n-th failed try, wait 2^(n-1) minutes."""
    return timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** max(attempt - 1, 0))


def message_data(message: EmailMessage) -> dict:
    """A rendered message as the plain data a task argument must be (JSON)."""
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in alternatives],
    }


def enqueue_email(message: EmailMessage) -> None:
    """Send `message` from the worker once the current transaction commits (at once outside one)."""
    data = message_data(message)
    transaction.on_commit(lambda: _enqueue(data, attempt=1))


def _enqueue(data: dict, *, attempt: int, delay: timedelta | None = None) -> None:
    try:
        if delay is None:
            send_email_message.enqueue(data, attempt)
        elif send_email_message.get_backend().supports_defer:
            send_email_message.using(run_after=timezone.now() + delay).enqueue(data, attempt)
        else:
            logger.error("Could not send mail to %s and this task backend cannot retry later", data["to"])
    except Exception:
        logger.exception("Could not hand mail to %s to the worker", data["to"])


@task()
def send_email_message(data: dict, attempt: int = 1) -> bool:
    """Send one rendered message; on failure, schedule the next try until MAX_ATTEMPTS. True once sent."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        reply_to=data.get("reply_to") or None,
        headers=data.get("headers") or None,
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    try:
        message.send()
    except Exception as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error("Gave up on mail to %s after %d tries: %s", data["to"], attempt, error)
            return False
        logger.warning("Mail to %s failed (try %d of %d): %s", data["to"], attempt, MAX_ATTEMPTS, error)
        _enqueue(data, attempt=attempt + 1, delay=retry_delay(attempt))
        return False
    return True
