"""Mail that is not about an order (allauth's account emails) goes through the worker, with retries."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django_tasks import default_task_backend

from config import mail as worker_mail


class FlakyProvider(LocmemBackend):
    """Refuses the first `failures` messages, then delivers like the test backend."""

    failures = 0

    def send_messages(self, messages):
        if FlakyProvider.failures:
            FlakyProvider.failures -= 1
            raise ConnectionError("provider down")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_signing_up_sends_the_confirmation_through_the_worker(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/accounts/signup/",
            {"email": "Robin@Example.ca", "password1": "stone-warm-42-basalt", "password2": "stone-warm-42-basalt"},
        )

    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent in the request itself
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["robin@example.ca"]
    assert "confirm" in mail.outbox[0].subject.lower()


def test_a_message_survives_the_trip_through_the_task_as_plain_data():
    message = EmailMultiAlternatives("Subject", "Text", "shop@example.ca", ["a@example.ca"], headers={"X-Tag": "1"})
    message.attach_alternative("<p>Text</p>", "text/html")

    assert worker_mail.send_email_message.call(worker_mail.message_data(message)) is True

    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.to, sent.extra_headers) == (
        "Subject",
        "Text",
        ["a@example.ca"],
        {"X-Tag": "1"},
    )
    assert sent.alternatives[0][1] == "text/html"


def test_a_failing_provider_is_tried_again_later_and_never_raises(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.test_mail.FlakyProvider"
    FlakyProvider.failures = 1
    retries = []
    monkeypatch.setattr(worker_mail, "_enqueue", lambda data, *, attempt, delay=None: retries.append((attempt, delay)))
    data = worker_mail.message_data(EmailMultiAlternatives("Hi", "Text", "shop@example.ca", ["a@example.ca"]))

    assert worker_mail.send_email_message.call(data, 1) is False

    assert retries == [(2, worker_mail.retry_delay(1))]
    assert worker_mail.send_email_message.call(data, 2) is True
    assert len(mail.outbox) == 1


def test_the_last_try_gives_up_with_an_error_in_the_log(settings, caplog):
    settings.EMAIL_BACKEND = "tests.test_mail.FlakyProvider"
    FlakyProvider.failures = 1
    data = worker_mail.message_data(EmailMultiAlternatives("Hi", "Text", "shop@example.ca", ["a@example.ca"]))

    assert worker_mail.send_email_message.call(data, worker_mail.MAX_ATTEMPTS) is False

    assert "Gave up on mail" in caplog.text
    assert mail.outbox == []


def test_retries_wait_longer_each_time():
    assert [worker_mail.retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


def test_the_test_settings_run_tasks_at_once():
    assert not default_task_backend.supports_defer
