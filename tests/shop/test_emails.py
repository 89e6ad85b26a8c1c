"""Order emails through the worker: a mail outage never fails a payment, each email arrives once, and
payment problems get one reminder before the reservation ends — never while paying, never once paid."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from shop import payments
from shop.models import OrderEmail, OrderEmailKind, OrderEmailStatus, OrderStatus
from shop.payment_messages import payment_problem_message
from shop.services.notifications import MAX_ATTEMPTS, order_emails_send_due, retry_delay
from shop.services.order_status import order_mark_paid, order_release_if_unpaid
from shop.services.payment import order_pay
from shop.tasks import send_order_email
from tests.shop.checkout_support import WEBHOOK_SECRET, cart_with, intent_event, place, signed
from tests.shop.concurrency import REAL_COMMITS
from tests.shop.test_checkout_views import placed
from tests.shop.test_payments import ScriptedStripe, intent

pytestmark = pytest.mark.django_db

RECEIPT_SUBJECT = "is confirmed"
REMINDER_SUBJECT = "still waiting for payment"
DECLINED = (
    402,
    {
        "error": {
            "type": "card_error",
            "code": "card_declined",
            "message": "Your card was declined.",
            "payment_intent": {"id": "pi_declined"},
        }
    },
)


class FlakyProvider(AnymailTestBackend):
    """anymail's test backend, refusing the next `failures` sends the way a provider outage would."""

    failures = 0

    def post_to_esp(self, payload, message):
        if FlakyProvider.failures > 0:
            FlakyProvider.failures -= 1
            raise AnymailAPIError("503 Service Unavailable (simulated provider outage)")
        return super().post_to_esp(payload, message)


@pytest.fixture
def provider_down(settings):
    """provider_down(times=n): the mail provider fails its next n sends, then recovers."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakyProvider"

    def down(*, times: int) -> None:
        FlakyProvider.failures = times

    yield down
    FlakyProvider.failures = 0


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_checkout"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_checkout"
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


def _webhook(client, order, event_id="evt_paid"):
    body, signature = signed(intent_event(order, event_id=event_id, intent_id="pi_123"))
    return client.post(
        "/shop/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def _subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


@REAL_COMMITS  # commits for real, so the emails' on_commit work runs inside each request, as in production
def test_a_mail_outage_never_fails_the_payment_and_the_receipt_arrives_exactly_once(client, provider_down):
    # Given a shopper on the payment page, and a mail provider that fails its next two sends
    order = placed(client, cart_with())
    provider_down(times=2)

    # When the card is charged, the shopper lands on the confirmation, and Stripe's webhook arrives twice
    with payments.using_http_client(ScriptedStripe(intent(order))):
        answer = client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_card_visa"})
    complete = client.get(f"/checkout/complete/{order.number}/")
    webhooks = [_webhook(client, order), _webhook(client, order), _webhook(client, order, "evt_again")]

    # Then every answer is a success, the order is paid, and no receipt has gone out yet
    order.refresh_from_db()
    assert answer.status_code == 200 and answer.json()["status"] == "succeeded"
    assert complete.status_code == 200 and "your order is confirmed" in complete.content.decode()
    assert [response.status_code for response in webhooks] == [200, 200, 200]
    assert order.status == OrderStatus.PAID
    assert mail.outbox == []
    receipt = OrderEmail.objects.get(order=order, kind=OrderEmailKind.RECEIPT)
    assert receipt.status == OrderEmailStatus.PENDING and receipt.attempts == 1 and "503" in receipt.last_error

    # When the sweep tries again while the provider is still down, then after it recovers
    later = timezone.now() + timedelta(minutes=5)
    assert order_emails_send_due(now=later) == 0
    assert order_emails_send_due(now=later + timedelta(hours=1)) == 1
    assert order_emails_send_due(now=later + timedelta(hours=2)) == 0
    assert _webhook(client, order, "evt_late_replay").status_code == 200

    # Then the receipt has arrived exactly once
    assert len(mail.outbox) == 1 and RECEIPT_SUBJECT in mail.outbox[0].subject
    receipt.refresh_from_db()
    assert receipt.status == OrderEmailStatus.SENT and receipt.attempts == 3


def test_a_webhook_that_pays_the_order_during_a_mail_outage_answers_200_and_the_receipt_follows(
    client, provider_down, django_capture_on_commit_callbacks
):
    order = place(cart_with())
    provider_down(times=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert _webhook(client, order).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert _webhook(client, order).status_code == 200  # Stripe's retry, already handled
    assert mail.outbox == []
    assert order_emails_send_due(now=timezone.now() + timedelta(minutes=2)) == 1
    assert len(mail.outbox) == 1 and RECEIPT_SUBJECT in mail.outbox[0].subject


def test_a_failed_send_is_retried_by_the_task_itself_later_on_a_backend_that_can_wait(
    settings, provider_down, django_capture_on_commit_callbacks
):
    # Given a queue that defers tasks (the dummy backend records them instead of running them)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = send_order_email.get_backend()
    order = place(cart_with())
    provider_down(times=1)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_1")
    (first,) = [result for result in backend.results if result.task.name == send_order_email.name]

    # When the worker runs the task and the provider fails
    started = timezone.now()
    assert send_order_email.call(*first.args) is False

    # Then the task has queued itself again, a minute later, and that run delivers the receipt
    retry = backend.results[-1]
    assert retry.task.name == send_order_email.name and retry.args == first.args
    assert started + retry_delay(1) <= retry.task.run_after <= timezone.now() + retry_delay(1)
    assert send_order_email.call(*retry.args) is False  # too early: it waits for its time
    OrderEmail.objects.update(send_after=timezone.now())
    assert send_order_email.call(*retry.args) is True
    assert send_order_email.call(*retry.args) is False  # a duplicate run sends nothing
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(1, timedelta(minutes=1)), (2, timedelta(minutes=2)), (3, timedelta(minutes=4)), (7, timedelta(hours=1))],
)
def test_retries_back_off_exponentially_up_to_an_hour(attempts, wait):
    assert retry_delay(attempts) == wait


def test_the_worker_gives_up_after_max_attempts_and_says_so(provider_down, caplog, django_capture_on_commit_callbacks):
    order = place(cart_with())
    provider_down(times=100)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_1")
    with caplog.at_level(logging.ERROR, logger="shop.services.notifications"):
        for hours in range(1, MAX_ATTEMPTS + 2):
            order_emails_send_due(now=timezone.now() + timedelta(hours=hours))
    receipt = OrderEmail.objects.get(kind=OrderEmailKind.RECEIPT)
    assert receipt.status == OrderEmailStatus.FAILED and receipt.attempts == MAX_ATTEMPTS
    assert "Gave up" in caplog.text and mail.outbox == []


def test_a_queue_that_refuses_the_task_never_fails_the_service_and_the_sweep_sends_it(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    order = place(cart_with())

    enqueue = ImmediateBackend.enqueue

    def queue_down(backend, task, args, kwargs):
        if task.name == send_order_email.name:
            raise ConnectionError("queue unavailable")
        return enqueue(backend, task, args, kwargs)

    monkeypatch.setattr(ImmediateBackend, "enqueue", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        assert order_mark_paid(order=order, payment_intent_id="pi_1") is True
    assert "Could not enqueue" in caplog.text and mail.outbox == []
    monkeypatch.undo()
    assert order_emails_send_due() == 1 and _subjects() == [f"Your order {order.number} is confirmed"]


def test_a_declined_card_then_a_successful_retry_sends_only_the_receipt(django_capture_on_commit_callbacks):
    order = place(cart_with())
    with django_capture_on_commit_callbacks(execute=True):
        with payments.using_http_client(ScriptedStripe(DECLINED)):
            assert not order_pay(order=order, payment_method_id="pm_declined").paid
        with payments.using_http_client(ScriptedStripe(intent(order))):
            assert order_pay(order=order, payment_method_id="pm_card_visa").paid
    order.refresh_from_db()
    assert order_emails_send_due(now=order.reserved_until - timedelta(minutes=5)) == 0
    assert _subjects() == [f"Your order {order.number} is confirmed"]


def test_a_failure_webhook_while_the_shopper_is_paying_sends_nothing(client, django_capture_on_commit_callbacks):
    order = place(cart_with())
    with payments.using_http_client(ScriptedStripe(intent(order, status="requires_action"))):
        order_pay(order=order, payment_method_id="pm_3ds")
    failed = intent_event(
        order,
        event_id="evt_3ds_failed",
        type="payment_intent.payment_failed",
        intent_id="pi_123",
        last_payment_error={
            "code": "payment_intent_authentication_failure",
            "message": "We are unable to authenticate your payment method.",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        body, signature = signed(failed)
        client.post("/shop/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
    order.refresh_from_db()
    assert order.last_payment_error == payment_problem_message("payment_intent_authentication_failure")
    assert mail.outbox == []


def test_an_order_still_unpaid_near_its_expiry_gets_exactly_one_reminder():
    # Given an order placed and not paid (here a failed 3-D Secure check, which tells us nothing by itself)
    order = place(cart_with())
    with payments.using_http_client(ScriptedStripe(intent(order, status="requires_action"))):
        order_pay(order=order, payment_method_id="pm_3ds")
    order.refresh_from_db()
    reminder = OrderEmail.objects.get(order=order, kind=OrderEmailKind.PAYMENT_REMINDER)

    # Then nothing goes out before the reminder's time, one reminder at it, and none on later runs
    assert order_emails_send_due() == 0
    near_expiry = order.reserved_until - timedelta(minutes=5)
    assert order_emails_send_due(now=near_expiry) == 1
    assert order_emails_send_due(now=near_expiry + timedelta(minutes=1)) == 0
    assert send_order_email.enqueue(reminder.pk).return_value is False
    assert _subjects() == [f"Your order {order.number} is still waiting for payment"]
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert f"/checkout/pay/{order.number}/" in message.body and f"/checkout/pay/{order.number}/" in html
    assert "only reminder" in message.body


def test_a_paid_order_gets_no_reminder(django_capture_on_commit_callbacks):
    order = place(cart_with())
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_1")
    order.refresh_from_db()
    assert order_emails_send_due(now=order.reserved_until - timedelta(minutes=5)) == 0
    assert _subjects() == [f"Your order {order.number} is confirmed"]
    assert OrderEmail.objects.get(kind=OrderEmailKind.PAYMENT_REMINDER).status == OrderEmailStatus.SKIPPED


def test_an_order_that_lapsed_before_the_sweep_ran_gets_no_reminder():
    order = place(cart_with())
    order.refresh_from_db()
    order_release_if_unpaid(order_id=order.pk, now=order.reserved_until)
    assert order_emails_send_due(now=order.reserved_until + timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_a_reservation_too_short_to_remind_in_schedules_no_reminder(settings):
    settings.ORDER_RESERVATION_MINUTES = 5
    place(cart_with())
    assert not OrderEmail.objects.filter(kind=OrderEmailKind.PAYMENT_REMINDER).exists()


def test_the_reminder_is_written_in_the_shoppers_language_source_strings():
    # Every string in the reminder's templates goes through {% translate %} / {% blocktranslate %}.
    from pathlib import Path

    from django.conf import settings

    for suffix in ("txt", "html"):
        text = (Path(settings.BASE_DIR) / "templates" / "email" / f"payment_reminder.{suffix}").read_text()
        assert "{% translate" in text and "{% blocktranslate" in text


def test_the_send_pending_emails_command_runs_the_sweep(provider_down, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    order = place(cart_with())
    provider_down(times=1)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_intent_id="pi_1")
    OrderEmail.objects.filter(kind=OrderEmailKind.RECEIPT).update(send_after=timezone.now())
    out = StringIO()
    call_command("send_pending_emails", stdout=out)
    assert out.getvalue().strip() == "Sent 1 order email(s)." and len(mail.outbox) == 1
