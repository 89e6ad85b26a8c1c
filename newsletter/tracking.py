"""What the email provider reports after sending: delivered, bounced, complained, unsubscribed, opened, clicked.

`record_tracking_event` is the one service the tracking webhook (newsletter.webhooks) calls, once per event,
each in one transaction. The event is written down first: its unique `event_id` turns a repeated event
into a no-op, also when two copies race. Then it updates the campaign recipient's timestamps and acts on the
subscriber: a hard bounce or a spam complaint suppresses the address for good, an unsubscribe reported by
the provider unsubscribes, and too many complaints stop the campaign (newsletter.rules.complaint_rate_too_high).

Events about mail that was not a campaign (a confirmation, an order receipt) find no recipient; a hard
bounce, complaint or unsubscribe still acts on the subscriber with that address, since it is the same mailbox.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from typing import Any

from anymail.signals import AnymailTrackingEvent, RejectReason
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from newsletter import rules
from newsletter.models import (
    CampaignRecipient,
    ConsentEvent,
    ConsentType,
    DeliveryEvent,
    DeliveryEventType,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)
from newsletter.sending import CampaignActionRefused, campaign_stop
from newsletter.services import subscriber_unsubscribe

logger = logging.getLogger(__name__)

# The sending worker puts each recipient's row id in anymail's merge_metadata under this key.
RECIPIENT_METADATA_KEY = "campaign_recipient_id"

# Which recipient timestamp each event sets (the first time only).
RECIPIENT_TIMESTAMPS = {
    DeliveryEventType.DELIVERED: "delivered_at",
    DeliveryEventType.BOUNCED: "bounced_at",
    DeliveryEventType.COMPLAINED: "complained_at",
    DeliveryEventType.UNSUBSCRIBED: "unsubscribed_at",
    DeliveryEventType.OPENED: "opened_at",
    DeliveryEventType.CLICKED: "clicked_at",
}
# The provider refused to send because it already knows the address is dead: the same as a hard bounce.
DEAD_ADDRESS_REASONS = frozenset({RejectReason.BOUNCED, RejectReason.INVALID})

MAX_ESP_EVENT_CHARS = 4000
MAX_ESP_VALUE_CHARS = 300
# Mailgun's HMAC block proves the event came from Mailgun; it tells staff nothing afterwards.
DROPPED_ESP_KEYS = frozenset({"signature"})


def record_tracking_event(*, event: AnymailTrackingEvent, esp_name: str) -> bool:
    """Write down one provider event and act on it, once. Returns False for an event already recorded."""
    event_type = event.event_type if event.event_type in DeliveryEventType.values else DeliveryEventType.UNKNOWN
    if event_type == DeliveryEventType.REJECTED and event.reject_reason in DEAD_ADDRESS_REASONS:
        event_type = DeliveryEventType.BOUNCED
    happened_at = event.timestamp if isinstance(event.timestamp, datetime) else timezone.now()
    # Signed by the provider, yet shaped by whoever sent the message: keep only what has the expected type.
    event.recipient, event.message_id, event.reject_reason = (
        _text(event.recipient),
        _text(event.message_id),
        _text(event.reject_reason),
    )
    event.metadata = event.metadata if isinstance(event.metadata, dict) else {}
    with transaction.atomic():
        recipient = _find_recipient(event)
        try:
            with transaction.atomic():  # a savepoint: a repeated event id fails here and nothing else happens
                DeliveryEvent.objects.create(
                    event_id=(event.event_id or derived_event_id(esp_name, event.esp_event))[:255],
                    event_type=event_type,
                    esp_name=esp_name[:32],
                    recipient=recipient,
                    email=event.recipient[:254],
                    message_id=event.message_id[:255],
                    reject_reason=event.reject_reason[:32],
                    occurred_at=event.timestamp if isinstance(event.timestamp, datetime) else None,
                    esp_event=trimmed_esp_event(event.esp_event),
                )
        except IntegrityError:
            return False
        if recipient is not None:
            _stamp_recipient(recipient.pk, event_type, happened_at)
        subscriber_id = recipient.subscriber_id if recipient else _subscriber_id_for(event.recipient)
        if subscriber_id is None:
            return True
        if event_type == DeliveryEventType.BOUNCED:
            subscriber_suppress(subscriber_id=subscriber_id, source=SignupSource.BOUNCE)
        elif event_type == DeliveryEventType.COMPLAINED:
            subscriber_suppress(subscriber_id=subscriber_id, source=SignupSource.COMPLAINT)
            if recipient is not None:
                campaign_stop_if_complaints_too_many(campaign_id=recipient.campaign_id)
        elif event_type == DeliveryEventType.UNSUBSCRIBED:
            subscriber_unsubscribe(subscriber=Subscriber(pk=subscriber_id), source=SignupSource.PROVIDER)
    return True


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _find_recipient(event: AnymailTrackingEvent) -> CampaignRecipient | None:
    """The recipient named in the message's metadata, else the one the provider's message id was recorded for."""
    recipients = CampaignRecipient.objects.only("pk", "campaign_id", "subscriber_id")
    try:
        recipient_id = int(event.metadata.get(RECIPIENT_METADATA_KEY))
    except (TypeError, ValueError):
        recipient_id = None
    if recipient_id is not None and 0 < recipient_id < 2**63:  # beyond that no row has it, and SQLite overflows
        recipient = recipients.filter(pk=recipient_id).first()
        if recipient is not None:
            return recipient
    if not event.message_id:
        return None
    bare = event.message_id.strip().strip("<>")
    candidates = recipients.filter(message_id__in={event.message_id, bare, f"<{bare}>"})
    if event.recipient:
        # A batch send can share one message id between its recipients; the address tells them apart.
        candidates = candidates.filter(email__iexact=event.recipient)
    return candidates.order_by("-pk").first()


def _subscriber_id_for(email: str | None) -> int | None:
    if not email:
        return None
    return Subscriber.objects.filter(email__iexact=email.strip()).values_list("pk", flat=True).first()


def _stamp_recipient(recipient_id: int, event_type: str, when: datetime) -> None:
    """Set the event's timestamp on the recipient the first time it happens; a click also counts as an open."""
    fields = [RECIPIENT_TIMESTAMPS[event_type]] if event_type in RECIPIENT_TIMESTAMPS else []
    if event_type == DeliveryEventType.CLICKED:
        fields.append("opened_at")  # the click came from an opened message, even with its images blocked
    for field in fields:
        CampaignRecipient.objects.filter(pk=recipient_id, **{f"{field}__isnull": True}).update(**{field: when})


def subscriber_suppress(*, subscriber_id: int, source: str) -> bool:
    """Never mail this address again (a hard bounce, a spam complaint); consent held is recorded as withdrawn.

    True if it changed anything. A pending subscriber's confirmation link stops working too.
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status == SubscriberStatus.SUPPRESSED:
            return False
        held_consent = subscriber.status in (SubscriberStatus.CONFIRMED, SubscriberStatus.IMPLIED)
        subscriber.status = SubscriberStatus.SUPPRESSED
        subscriber.confirmation_nonce = ""
        subscriber.save(update_fields=["status", "confirmation_nonce"])
        if held_consent:
            latest = subscriber.consent_events.filter(withdrawn_at__isnull=True).order_by("-recorded_at", "-pk")
            consent_type = latest.values_list("consent_type", flat=True).first() or ConsentType.EXPRESS
            ConsentEvent.objects.create(
                subscriber=subscriber, consent_type=consent_type, source=source, withdrawn_at=now
            )
    return True


def campaign_stop_if_complaints_too_many(*, campaign_id: int) -> bool:
    """Stop a sending (or paused) campaign whose complaint rate passed the limit. True if it stopped it."""
    counts = CampaignRecipient.objects.filter(campaign_id=campaign_id).aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        complaints=Count("pk", filter=Q(complained_at__isnull=False)),
    )
    if not rules.complaint_rate_too_high(complaints=counts["complaints"], sent=counts["sent"]):
        return False
    try:
        # Stored as a code and its figures: staff read the words in their own language (stop_reason_text).
        campaign_stop(campaign_id=campaign_id, reason="complaints", params=counts)
    except CampaignActionRefused:  # already sent, stopped or cancelled: nothing left to stop
        return False
    return True


def derived_event_id(esp_name: str, esp_event: Any) -> str:
    """An id for an event the provider sent without one (Postmark's deliveries, opens and clicks).

    The provider resends exactly the same payload when it retries, so the same payload gets the same id.
    """
    if hasattr(esp_event, "lists"):  # a QueryDict from a form post
        esp_event = dict(esp_event.lists())
    payload = json.dumps(esp_event, sort_keys=True, default=str)
    return f"{esp_name.lower()}:sha256:{hashlib.sha256(payload.encode()).hexdigest()}"


def trimmed_esp_event(esp_event: Any) -> dict:
    """The provider's event as stored: its signature dropped, long values cut, at most about 4,000 characters."""
    if hasattr(esp_event, "dict"):  # a QueryDict from a form post
        esp_event = esp_event.dict()
    if not isinstance(esp_event, dict):
        return {"value": str(esp_event)[:MAX_ESP_VALUE_CHARS]}
    trimmed = _shortened({key: value for key, value in esp_event.items() if key not in DROPPED_ESP_KEYS})
    text = json.dumps(trimmed, default=str)
    if len(text) > MAX_ESP_EVENT_CHARS:
        return {"trimmed": text[:MAX_ESP_EVENT_CHARS]}
    return trimmed


def _shortened(value: Any, depth: int = 0) -> Any:
    if depth > 4:
        return str(value)[:MAX_ESP_VALUE_CHARS]
    if isinstance(value, dict):
        return {str(key)[:100]: _shortened(item, depth + 1) for key, item in list(value.items())[:50]}
    if isinstance(value, list | tuple):
        return [_shortened(item, depth + 1) for item in value[:20]]
    if isinstance(value, str):
        return value[:MAX_ESP_VALUE_CHARS]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:MAX_ESP_VALUE_CHARS]
