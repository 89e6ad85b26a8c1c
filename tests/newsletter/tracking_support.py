"""Campaigns with recipients, and the tracking webhook's requests as Mailgun and Postmark send them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from newsletter.models import (
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    ConsentEvent,
    ConsentType,
    RecipientStatus,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)

WEBHOOK_SECRET = "mailgun-hooks:correct-horse-battery"
SIGNING_KEY = "whsec-test-signing-key"
MAILGUN_URL = reverse("newsletter:mailgun_tracking")
POSTMARK_URL = reverse("newsletter:postmark_tracking")
SENT_AT = timezone.now() - timedelta(hours=1)


def confirmed_subscriber(email: str = "ada@example.com") -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email, status=SubscriberStatus.CONFIRMED, wants_articles=True, source=SignupSource.FOOTER
    )
    ConsentEvent.objects.create(
        subscriber=subscriber, consent_type=ConsentType.EXPRESS, source=SignupSource.FOOTER, confirmed_at=SENT_AT
    )
    return subscriber


def sending_campaign(subject: str = "Spring stones", status: str = CampaignStatus.SENDING) -> Campaign:
    return Campaign.objects.create(subject=subject, body=[], status=status, started_at=SENT_AT)


def sent_recipient(campaign: Campaign, subscriber: Subscriber, message_id: str = "") -> CampaignRecipient:
    return CampaignRecipient.objects.create(
        campaign=campaign,
        subscriber=subscriber,
        email=subscriber.email,
        status=RecipientStatus.SENT,
        sent_at=SENT_AT,
        message_id=message_id or f"<{campaign.pk}.{subscriber.pk}@mg.knotandstone.example>",
    )


def many_recipients(campaign: Campaign, count: int, *, status: str = RecipientStatus.SENT, start: int = 0) -> None:
    """`count` confirmed subscribers on `campaign`, created in bulk (for the complaint-rate boundaries)."""
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{start + n}@example.com", status=SubscriberStatus.CONFIRMED, wants_articles=True)
        for n in range(count)
    )
    sent = status == RecipientStatus.SENT
    CampaignRecipient.objects.bulk_create(
        CampaignRecipient(
            campaign=campaign,
            subscriber=subscriber,
            email=subscriber.email,
            status=status,
            sent_at=SENT_AT if sent else None,
        )
        for subscriber in subscribers
    )


def basic_auth(credentials: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def mailgun_event(
    event: str,
    *,
    token: str,
    email: str = "ada@example.com",
    recipient_id: int | None = None,
    message_id: str = "",
    signing_key: str = SIGNING_KEY,
    **event_data,
) -> dict:
    """A Mailgun webhook body (JSON, signed with HMAC-SHA256 of timestamp + token), as Mailgun documents it."""
    timestamp = "1764420000"
    signature = hmac.new(signing_key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    data = {
        "event": event,
        "id": f"mg-{token}",
        "timestamp": 1764420000.25,
        "recipient": email,
        "message": {"headers": {"message-id": message_id.strip("<>") or "unknown@mg.knotandstone.example"}},
        "user-variables": {} if recipient_id is None else {"campaign_recipient_id": str(recipient_id)},
        "tags": ["campaign"],
        **event_data,
    }
    return {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": data}


def post_mailgun(client, payload: dict, credentials: str | None = WEBHOOK_SECRET):
    headers = basic_auth(credentials) if credentials else {}
    return client.post(MAILGUN_URL, data=json.dumps(payload), content_type="application/json", **headers)


def post_postmark(client, payload: dict, credentials: str | None = WEBHOOK_SECRET):
    headers = basic_auth(credentials) if credentials else {}
    return client.post(POSTMARK_URL, data=json.dumps(payload), content_type="application/json", **headers)
