"""The tracking webhook: protected by its basic-auth secret, each provider event recorded once and acted on."""

from __future__ import annotations

import json

import pytest

from newsletter.models import (
    ConsentEvent,
    ConsentType,
    DeliveryEvent,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)
from tests.content.conftest import storefront_lock  # noqa: F401 - the storefront's lock, from the content tests
from tests.newsletter.tracking_support import (
    MAILGUN_URL,
    SIGNING_KEY,
    WEBHOOK_SECRET,
    basic_auth,
    confirmed_subscriber,
    mailgun_event,
    post_mailgun,
    post_postmark,
    sending_campaign,
    sent_recipient,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def provider_settings(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def recipient():
    return sent_recipient(sending_campaign(), confirmed_subscriber())


# --- who may call it ---------------------------------------------------------------------------


def test_without_the_secret_configured_the_webhook_refuses_everything(client, settings, recipient):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    response = post_mailgun(client, mailgun_event("delivered", token="t1", recipient_id=recipient.pk))
    assert response.status_code == 400
    assert b"not configured" in response.content
    assert not DeliveryEvent.objects.exists()
    recipient.refresh_from_db()
    assert recipient.delivered_at is None


@pytest.mark.parametrize("credentials", [None, "mailgun-hooks:wrong-password", "someone:else", "garbage-without-colon"])
def test_missing_or_wrong_credentials_get_401_with_a_challenge(client, recipient, credentials):
    response = post_mailgun(client, mailgun_event("delivered", token="t1", recipient_id=recipient.pk), credentials)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert not DeliveryEvent.objects.exists()


def test_a_malformed_authorization_header_gets_401(client, recipient):
    payload = json.dumps(mailgun_event("delivered", token="t1", recipient_id=recipient.pk))
    response = client.post(
        MAILGUN_URL, data=payload, content_type="application/json", HTTP_AUTHORIZATION="Basic !!not-base64!!"
    )
    assert response.status_code == 401


def test_a_wrong_mailgun_signature_gets_400(client, recipient):
    forged = mailgun_event("complained", token="t1", recipient_id=recipient.pk, signing_key="not-the-key")
    response = post_mailgun(client, forged)
    assert response.status_code == 400
    assert not DeliveryEvent.objects.exists()
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


def test_without_the_mailgun_signing_key_the_webhook_answers_400(client, settings, recipient):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}
    response = post_mailgun(client, mailgun_event("delivered", token="t1", recipient_id=recipient.pk))
    assert response.status_code == 400
    assert not DeliveryEvent.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"signature": {}}', b"[1, 2]"])
def test_an_unreadable_payload_gets_400_not_500(client, body):
    response = client.post(MAILGUN_URL, data=body, content_type="application/json", **basic_auth(WEBHOOK_SECRET))
    assert response.status_code == 400


def test_a_signed_payload_without_an_event_gets_400(client):
    payload = mailgun_event("delivered", token="t1")
    del payload["event-data"]["event"]
    assert post_mailgun(client, payload).status_code == 400


def test_the_webhook_needs_no_csrf_token_and_only_takes_post(recipient):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post_mailgun(strict, mailgun_event("delivered", token="t1", recipient_id=recipient.pk)).status_code == 200
    assert strict.get(MAILGUN_URL, **basic_auth(WEBHOOK_SECRET)).status_code == 405


def test_the_webhook_is_open_while_the_storefront_is_locked(client, storefront_lock, recipient):  # noqa: F811
    storefront_lock.is_locked = True
    storefront_lock.set_password("launch-day")
    storefront_lock.save()
    response = post_mailgun(client, mailgun_event("delivered", token="t1", recipient_id=recipient.pk))
    assert response.status_code == 200


# --- what each event does ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mailgun_name", "stamped", "left_alone"),
    [
        ("delivered", {"delivered_at"}, {"opened_at", "clicked_at", "bounced_at", "complained_at"}),
        ("opened", {"opened_at"}, {"delivered_at", "clicked_at"}),
        ("clicked", {"clicked_at", "opened_at"}, {"delivered_at", "bounced_at"}),
    ],
)
def test_engagement_events_stamp_the_recipient(client, recipient, mailgun_name, stamped, left_alone):
    response = post_mailgun(client, mailgun_event(mailgun_name, token="t1", recipient_id=recipient.pk))
    assert response.status_code == 200
    recipient.refresh_from_db()
    for field in stamped:
        assert getattr(recipient, field) is not None, field
    for field in left_alone:
        assert getattr(recipient, field) is None, field
    event = DeliveryEvent.objects.get()
    assert event.event_type == mailgun_name
    assert event.recipient == recipient
    assert event.email == "ada@example.com"
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED  # engagement never changes consent


def test_a_hard_bounce_suppresses_the_address_and_records_the_withdrawal(client, recipient):
    payload = mailgun_event(
        "failed",
        token="t1",
        recipient_id=recipient.pk,
        severity="permanent",
        reason="bounce",
        **{"delivery-status": {"code": 550, "message": "5.1.1 No such mailbox", "description": ""}},
    )
    assert post_mailgun(client, payload).status_code == 200
    recipient.refresh_from_db()
    assert recipient.bounced_at is not None
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.SUPPRESSED
    withdrawal = ConsentEvent.objects.get(withdrawn_at__isnull=False)
    assert withdrawal.source == SignupSource.BOUNCE
    assert withdrawal.consent_type == ConsentType.EXPRESS
    assert DeliveryEvent.objects.get().event_type == "bounced"


def test_a_soft_bounce_is_recorded_and_changes_nothing(client, recipient):
    payload = mailgun_event("failed", token="t1", recipient_id=recipient.pk, severity="temporary", reason="generic")
    assert post_mailgun(client, payload).status_code == 200
    recipient.refresh_from_db()
    assert recipient.bounced_at is None
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    assert DeliveryEvent.objects.get().event_type == "deferred"
    assert not ConsentEvent.objects.filter(withdrawn_at__isnull=False).exists()


def test_a_complaint_suppresses_the_address_and_records_the_withdrawal(client, recipient):
    assert post_mailgun(client, mailgun_event("complained", token="t1", recipient_id=recipient.pk)).status_code == 200
    recipient.refresh_from_db()
    assert recipient.complained_at is not None
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED
    assert ConsentEvent.objects.get(withdrawn_at__isnull=False).source == SignupSource.COMPLAINT


def test_an_unsubscribe_reported_by_the_provider_unsubscribes(client, recipient):
    assert post_mailgun(client, mailgun_event("unsubscribed", token="t1", recipient_id=recipient.pk)).status_code == 200
    recipient.refresh_from_db()
    assert recipient.unsubscribed_at is not None
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert ConsentEvent.objects.get(withdrawn_at__isnull=False).source == SignupSource.PROVIDER


def test_a_complaint_after_an_unsubscribe_still_suppresses_without_a_second_withdrawal(client, recipient):
    post_mailgun(client, mailgun_event("unsubscribed", token="t1", recipient_id=recipient.pk))
    post_mailgun(client, mailgun_event("complained", token="t2", recipient_id=recipient.pk))
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED
    assert ConsentEvent.objects.filter(withdrawn_at__isnull=False).count() == 1


def test_a_repeated_event_id_is_recorded_and_acted_on_once(client, recipient):
    first = mailgun_event("opened", token="same-token", recipient_id=recipient.pk, timestamp=1764420000.0)
    assert post_mailgun(client, first).status_code == 200
    recipient.refresh_from_db()
    opened_at = recipient.opened_at
    again = mailgun_event("opened", token="same-token", recipient_id=recipient.pk, timestamp=1764429999.0)
    assert post_mailgun(client, again).status_code == 200  # answered 200, so the provider stops retrying
    assert DeliveryEvent.objects.count() == 1
    recipient.refresh_from_db()
    assert recipient.opened_at == opened_at


def test_a_repeated_complaint_withdraws_consent_once(client, recipient):
    payload = mailgun_event("complained", token="t1", recipient_id=recipient.pk)
    post_mailgun(client, payload)
    post_mailgun(client, payload)
    assert DeliveryEvent.objects.count() == 1
    assert ConsentEvent.objects.filter(withdrawn_at__isnull=False).count() == 1


def test_only_the_first_open_sets_the_time(client, recipient):
    post_mailgun(client, mailgun_event("opened", token="t1", recipient_id=recipient.pk, timestamp=1764420000.0))
    post_mailgun(client, mailgun_event("opened", token="t2", recipient_id=recipient.pk, timestamp=1764429999.0))
    recipient.refresh_from_db()
    assert recipient.opened_at.timestamp() == 1764420000.0
    assert DeliveryEvent.objects.count() == 2


# --- finding the recipient -----------------------------------------------------------------------


def test_without_metadata_the_recipient_is_found_by_message_id_and_address(client):
    campaign = sending_campaign()
    # One batch send: both messages share the provider's message id.
    ada = sent_recipient(campaign, confirmed_subscriber("ada@example.com"), message_id="<batch-1@mg.example>")
    bo = sent_recipient(campaign, confirmed_subscriber("bo@example.com"), message_id="<batch-1@mg.example>")
    post_mailgun(
        client, mailgun_event("delivered", token="t1", email="bo@example.com", message_id="batch-1@mg.example")
    )
    ada.refresh_from_db()
    bo.refresh_from_db()
    assert bo.delivered_at is not None
    assert ada.delivered_at is None
    assert DeliveryEvent.objects.get().recipient == bo


def test_metadata_naming_no_recipient_falls_back_to_the_message_id(client):
    recipient = sent_recipient(sending_campaign(), confirmed_subscriber(), message_id="<m-1@mg.example>")
    post_mailgun(client, mailgun_event("delivered", token="t1", recipient_id=999_999, message_id="m-1@mg.example"))
    recipient.refresh_from_db()
    assert recipient.delivered_at is not None


@pytest.mark.parametrize("odd", ["", "abc", "-1", "0", "1e3", "99999999999999999999999999", None])
def test_odd_recipient_metadata_falls_back_to_the_message_id(client, odd):
    recipient = sent_recipient(sending_campaign(), confirmed_subscriber(), message_id="<m-1@mg.example>")
    payload = mailgun_event("delivered", token="t1", message_id="m-1@mg.example")
    payload["event-data"]["user-variables"] = {"campaign_recipient_id": odd}
    assert post_mailgun(client, payload).status_code == 200
    recipient.refresh_from_db()
    assert recipient.delivered_at is not None


@pytest.mark.parametrize(
    "odd",
    [
        {"recipient": ["ada@example.com"]},
        {"recipient": 42},
        {"user-variables": ["campaign_recipient_id", 1]},
        {"user-variables": "campaign_recipient_id=1"},
        {"message": {"headers": {"message-id": 12345}}},
        {"reason": ["bounce"], "severity": "permanent"},
    ],
)
def test_signed_events_with_odd_fields_are_recorded_never_a_500(client, recipient, odd):
    payload = mailgun_event("failed", token="t1", recipient_id=recipient.pk)
    payload["event-data"].update(odd)
    assert post_mailgun(client, payload).status_code in (200, 400)
    assert DeliveryEvent.objects.count() <= 1


def test_a_hard_bounce_on_other_mail_suppresses_the_subscriber_with_that_address(client):
    confirmed_subscriber("Ada@Example.com")
    payload = mailgun_event("failed", token="t1", email="ada@example.com", severity="permanent", reason="bounce")
    assert post_mailgun(client, payload).status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED
    assert DeliveryEvent.objects.get().recipient is None


def test_an_event_for_an_address_we_do_not_know_is_only_recorded(client):
    payload = mailgun_event("complained", token="t1", email="stranger@example.com")
    assert post_mailgun(client, payload).status_code == 200
    event = DeliveryEvent.objects.get()
    assert (event.event_type, event.recipient, event.email) == ("complained", None, "stranger@example.com")
    assert not Subscriber.objects.exists()


def test_the_stored_event_drops_the_signature_and_cuts_long_values(client, recipient):
    payload = mailgun_event("delivered", token="t1", recipient_id=recipient.pk, note="x" * 5000)
    post_mailgun(client, payload)
    stored = DeliveryEvent.objects.get().esp_event
    assert "signature" not in stored
    assert len(stored["event-data"]["note"]) == 300
    assert stored["event-data"]["event"] == "delivered"
    assert len(json.dumps(stored)) < 4100


# --- Postmark -------------------------------------------------------------------------------------


def postmark_bounce(bounce_type: str, *, bounce_id: int, email: str = "ada@example.com") -> dict:
    return {
        "RecordType": "Bounce",
        "ID": bounce_id,
        "Type": bounce_type,
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": email,
        "BouncedAt": "2026-11-29T10:00:00Z",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Metadata": {},
    }


def test_postmark_hard_bounce_suppresses_and_soft_bounce_does_not(client):
    confirmed_subscriber("ada@example.com")
    confirmed_subscriber("bo@example.com")
    assert post_postmark(client, postmark_bounce("SoftBounce", bounce_id=1, email="bo@example.com")).status_code == 200
    assert post_postmark(client, postmark_bounce("HardBounce", bounce_id=2)).status_code == 200
    assert Subscriber.objects.get(email="ada@example.com").status == SubscriberStatus.SUPPRESSED
    assert Subscriber.objects.get(email="bo@example.com").status == SubscriberStatus.CONFIRMED
    assert set(DeliveryEvent.objects.values_list("event_id", "event_type")) == {("1", "deferred"), ("2", "bounced")}


def test_a_postmark_delivery_without_an_id_is_still_recorded_once(client, recipient):
    delivery = {
        "RecordType": "Delivery",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Recipient": "ada@example.com",
        "DeliveredAt": "2026-11-29T10:00:00Z",
        "Metadata": {"campaign_recipient_id": str(recipient.pk)},
    }
    assert post_postmark(client, delivery).status_code == 200
    assert post_postmark(client, delivery).status_code == 200
    assert DeliveryEvent.objects.count() == 1
    assert DeliveryEvent.objects.get().event_id.startswith("postmark:sha256:")
    recipient.refresh_from_db()
    assert recipient.delivered_at is not None


def test_postmark_also_needs_the_secret(client, recipient):
    assert post_postmark(client, postmark_bounce("HardBounce", bounce_id=1), credentials=None).status_code == 401
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
