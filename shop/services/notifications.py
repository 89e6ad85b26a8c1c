"""Order emails through the worker: written down in the service's transaction, sent by a task after commit.

A failing mail provider only delays a message: the task records the error and tries again later
(1, 2, 4 … minutes, at most an hour apart, MAX_ATTEMPTS in all), so no request ever fails because of
mail. Each email is a row per order and kind (`OrderEmail`), claimed before it is sent and marked sent
after, so retries, replayed webhooks and the sweep deliver it once. Only a worker that dies between
the provider's "accepted" and the row's "sent" can send it twice, after CLAIM_TIMEOUT.

Payment problems send nothing at the time: the shopper is on the payment page, which says what went
wrong. The one payment email is a reminder shortly before the reservation ends, to an order that is
still unpaid then (declined, 3-D Secure abandoned or failed, or never tried); a paid order gets none.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from config.languages import supported_language
from shop import emails
from shop.models import Order, OrderEmail, OrderEmailKind, OrderEmailStatus, OrderStatus, Refund, RefundStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600
CLAIM_TIMEOUT = timedelta(minutes=10)

SENDERS = {
    OrderEmailKind.RECEIPT: emails.send_order_confirmation,
    OrderEmailKind.PAYMENT_REMINDER: emails.send_payment_reminder,
    OrderEmailKind.FULFILLED: emails.send_order_fulfilled,
    OrderEmailKind.SHIPPED: emails.send_order_shipped,
    OrderEmailKind.CANCELLED: emails.send_order_cancelled,
    OrderEmailKind.REFUNDED: emails.send_order_refunded,
}


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed try, wait 2^(n-1) minutes, never more than an hour."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS))


def order_receipt_schedule(*, order: Order) -> None:
    """Inside the transaction that marks the order paid: its receipt goes out once that commits."""
    _schedule(order=order, kind=OrderEmailKind.RECEIPT, send_after=timezone.now())


def order_payment_reminder_schedule(*, order: Order) -> None:
    """Inside the transaction that places the order: one reminder ORDER_PAYMENT_REMINDER_MINUTES before
    the reservation ends, which is only sent if the order is still unpaid by then."""
    if order.reserved_until is None:
        return
    send_after = order.reserved_until - timedelta(minutes=settings.ORDER_PAYMENT_REMINDER_MINUTES)
    if send_after > timezone.now():  # a reservation too short to remind in would remind a shopper mid-payment
        _schedule(order=order, kind=OrderEmailKind.PAYMENT_REMINDER, send_after=send_after)


def order_staff_email_schedule(*, order: Order, kind: str, refund: Refund | None = None) -> None:
    """Inside the staff action's transaction: the fulfilled, shipped, cancelled or refunded email goes out once
    it commits.

    One fulfilled, one shipped and one cancelled email per order; one refunded email per refund, so a second partial refund
    tells the shopper about its own amount.
    """
    _schedule(order=order, kind=kind, send_after=timezone.now(), refund=refund)


def _schedule(*, order: Order, kind: str, send_after: datetime, refund: Refund | None = None) -> None:
    email, created = OrderEmail.objects.get_or_create(
        order=order, kind=kind, refund=refund, defaults={"send_after": send_after}
    )
    if created:
        transaction.on_commit(lambda: _enqueue(email_id=email.pk, run_after=email.send_after))


def _enqueue(*, email_id: int, run_after: datetime) -> None:
    """Hand the email to the worker; if that fails (queue down) the row stays pending for the sweep."""
    from shop.tasks import send_order_email

    try:
        if run_after <= timezone.now():
            send_order_email.enqueue(email_id)
        elif send_order_email.get_backend().supports_defer:
            send_order_email.using(run_after=run_after).enqueue(email_id)
        # else: a backend that cannot wait (the immediate one) leaves it to order_emails_send_due.
    except Exception:
        logger.exception("Could not enqueue order email %s; the sweep will send it", email_id)


def order_email_send(*, email_id: int, now: datetime | None = None) -> bool:
    """Send one recorded email if it is due, unclaimed and still true; True once it has gone out.

    Never raises for a failing provider: the error is kept, and the next try is scheduled.
    """
    now = now or timezone.now()
    due = Q(status=OrderEmailStatus.PENDING) | Q(status=OrderEmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    claimed = OrderEmail.objects.filter(due, pk=email_id, send_after__lte=now).update(
        status=OrderEmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False  # sent already, taken by another worker, not due yet, or gone
    email = OrderEmail.objects.select_related("order", "refund").get(pk=email_id)
    if not _still_true(email=email, now=now):
        OrderEmail.objects.filter(pk=email.pk).update(status=OrderEmailStatus.SKIPPED)
        return False
    try:
        # Written in the order's language, links to its pages included (/fr/... for French).
        with translation.override(supported_language(email.order.language)):
            if email.refund_id is not None:
                emails.send_order_refunded(order_id=email.order_id, refund_id=email.refund_id)
            else:
                SENDERS[email.kind](order_id=email.order_id)
    except Exception as error:
        _send_failed(email=email, error=error, now=now)
        return False
    OrderEmail.objects.filter(pk=email.pk).update(status=OrderEmailStatus.SENT, sent_at=timezone.now(), last_error="")
    return True


def _still_true(*, email: OrderEmail, now: datetime) -> bool:
    """Checked at send time, not when scheduled: a receipt needs a paid order, a reminder an open one."""
    order = email.order
    if email.kind == OrderEmailKind.RECEIPT:
        return order.is_paid
    if email.kind == OrderEmailKind.FULFILLED:
        return order.status == OrderStatus.FULFILLED  # shipped or cancelled since: that email says it instead
    if email.kind == OrderEmailKind.SHIPPED:
        return order.shipped_at is not None
    if email.kind == OrderEmailKind.CANCELLED:
        return order.status == OrderStatus.CANCELLED
    if email.kind == OrderEmailKind.REFUNDED:
        if email.refund_id is not None:
            return email.refund.status == RefundStatus.SUCCEEDED
        return order.refunded_total > 0
    return (
        order.status == OrderStatus.PENDING_PAYMENT and order.reserved_until is not None and now < order.reserved_until
    )


def _send_failed(*, email: OrderEmail, error: Exception, now: datetime) -> None:
    message = f"{type(error).__name__}: {error}"[:300]
    if email.attempts >= MAX_ATTEMPTS:
        OrderEmail.objects.filter(pk=email.pk).update(status=OrderEmailStatus.FAILED, last_error=message)
        logger.error(
            "Gave up on the %s email for order %s after %d tries: %s", email.kind, email.order, email.attempts, message
        )
        return
    retry_at = now + retry_delay(email.attempts)
    OrderEmail.objects.filter(pk=email.pk).update(
        status=OrderEmailStatus.PENDING, send_after=retry_at, last_error=message
    )
    logger.warning(
        "The %s email for order %s failed (try %d of %d), retrying at %s: %s",
        email.kind,
        email.order,
        email.attempts,
        MAX_ATTEMPTS,
        retry_at.isoformat(),
        message,
    )
    _enqueue(email_id=email.pk, run_after=retry_at)


def order_emails_send_due(*, now: datetime | None = None) -> int:
    """The sweep behind the tasks: send every recorded email that is due; returns how many went out.

    It catches up after a queue or provider outage, and it is how a backend that cannot defer a task
    delivers reminders and retries.
    """
    now = now or timezone.now()
    due = Q(status=OrderEmailStatus.PENDING) | Q(status=OrderEmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    email_ids = list(OrderEmail.objects.filter(due, send_after__lte=now).values_list("pk", flat=True))
    return sum(order_email_send(email_id=email_id, now=now) for email_id in email_ids)
