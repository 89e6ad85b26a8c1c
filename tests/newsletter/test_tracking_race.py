"""The same complaint delivered ten times at once (a provider retrying) is recorded and acted on once."""

from __future__ import annotations

import pytest
from django.test import Client

from newsletter.models import ConsentEvent, DeliveryEvent, Subscriber
from tests.newsletter.tracking_support import (
    SIGNING_KEY,
    WEBHOOK_SECRET,
    confirmed_subscriber,
    mailgun_event,
    post_mailgun,
    sending_campaign,
    sent_recipient,
)
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database


@pytest.fixture(autouse=True)
def provider_settings(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def _check_ok(response):
    assert response.status_code == 200, response.status_code


@REAL_COMMITS
def test_one_complaint_replayed_ten_times_at_once_is_recorded_once(tmp_path):
    recipient = sent_recipient(sending_campaign(), confirmed_subscriber())
    payload = mailgun_event("complained", token="replayed-token", recipient_id=recipient.pk)
    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(lambda index: _check_ok(post_mailgun(Client(), payload)), 10)
        events = in_a_thread(lambda: DeliveryEvent.objects.count())
        withdrawals = in_a_thread(lambda: ConsentEvent.objects.filter(withdrawn_at__isnull=False).count())
        status = in_a_thread(lambda: Subscriber.objects.get().status)
    assert outcomes == {"ok": 10}
    assert events == 1
    assert withdrawals == 1
    assert status == "suppressed"
