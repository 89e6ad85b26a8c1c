"""Signing up, confirming, changing topics and leaving. Each service is one transaction; mail goes after commit."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from config.languages import supported_language
from config.mail import enqueue_email
from newsletter import tokens
from newsletter.models import ConsentEvent, ConsentType, Subscriber, SubscriberStatus, normalise_email
from newsletter.selectors import SenderDetails, sender_details

logger = logging.getLogger(__name__)

RESEND_AFTER = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class SignupContext:
    """What the signup saw, kept for the consent record: the consent text as shown, its language and version."""

    source: str
    language: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    consent_text_version: str = ""
    consent_text: str = ""
    consent_language: str = ""


class ConfirmResult(Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already"
    EXPIRED = "expired"
    INVALID = "invalid"


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = tokens.standing_token(subscriber.pk, subscriber.secret, salt=tokens.UNSUBSCRIBE_SALT)
    return site_url(reverse("newsletter:unsubscribe", args=[token]))


def preferences_url(subscriber: Subscriber) -> str:
    token = tokens.standing_token(subscriber.pk, subscriber.secret, salt=tokens.PREFERENCES_SALT)
    return site_url(reverse("newsletter:preferences", args=[token]))


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """The RFC 8058 one-click unsubscribe headers every campaign email to `subscriber` carries."""
    url = unsubscribe_url(subscriber)
    if url.startswith("http://"):
        url = "https://" + url.removeprefix("http://")  # mail clients only offer one-click over HTTPS
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def subscriber_sign_up(*, email: str, topics: list[str], context: SignupContext, sender: SenderDetails | None = None):
    """Start (or restart) the double opt-in for `email`. The caller shows the same answer whatever happened.

    A new or former subscriber becomes pending and gets a confirmation link, at most once per 10 minutes;
    a confirmed one gets a short "you're already subscribed" note instead (also at most once per 10 minutes);
    a suppressed address gets nothing.
    """
    email = normalise_email(email)
    wants_articles, wants_offers = "articles" in topics, "offers" in topics
    if not (wants_articles or wants_offers):
        raise ValueError("A subscriber picks at least one topic.")
    now = timezone.now()
    with transaction.atomic():
        subscriber = _locked_or_new(email, context)
        if subscriber.status == SubscriberStatus.SUPPRESSED:
            return subscriber
        recently_sent = subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < RESEND_AFTER
        if subscriber.status == SubscriberStatus.CONFIRMED:
            if not recently_sent:
                subscriber.confirmation_sent_at = now
                subscriber.save(update_fields=["confirmation_sent_at"])
                _send(subscriber, "already_subscribed", sender=sender)
            return subscriber
        subscriber.status = SubscriberStatus.PENDING
        subscriber.wants_articles, subscriber.wants_offers = wants_articles, wants_offers
        subscriber.language = context.language or subscriber.language
        subscriber.source = subscriber.source or context.source
        subscriber.pending_source = context.source
        subscriber.pending_consent_version = context.consent_text_version or ""
        subscriber.pending_consent_text = context.consent_text or ""
        subscriber.pending_consent_language = context.consent_language or ""
        subscriber.pending_ip = context.ip_address or None
        subscriber.pending_user_agent = (context.user_agent or "")[:300]
        fields = [
            "status",
            "wants_articles",
            "wants_offers",
            "language",
            "source",
            "pending_source",
            "pending_consent_version",
            "pending_consent_text",
            "pending_consent_language",
            "pending_ip",
            "pending_user_agent",
        ]
        if not recently_sent:
            subscriber.confirmation_nonce = secrets.token_urlsafe(16)
            subscriber.confirmation_sent_at = now
            fields += ["confirmation_nonce", "confirmation_sent_at"]
        subscriber.save(update_fields=fields)
        if not recently_sent:
            _send(subscriber, "confirm", sender=sender)
    return subscriber


def _locked_or_new(email: str, context: SignupContext) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            # Topics are set by the caller right after; one is needed for the row's check constraint.
            return Subscriber.objects.create(
                email=email, wants_articles=True, source=context.source, language=context.language
            )
    except IntegrityError:  # another request created it a moment ago
        return Subscriber.objects.select_for_update().get(email__iexact=email)


def subscriber_confirm(*, token: str, ip_address: str | None = None, user_agent: str = "") -> ConfirmResult:
    """Use a confirmation link: the subscriber becomes confirmed and express consent is recorded, once.

    The consent record keeps both ends of the double opt-in: the signup's IP and browser, and the
    confirming request's (`ip_address`, `user_agent`).
    """
    try:
        parts = tokens.read_confirm_token(token)
    except tokens.LinkExpired:
        return ConfirmResult.EXPIRED
    except tokens.LinkInvalid:
        return ConfirmResult.INVALID
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=parts.subscriber_id).first()
        if subscriber is None:
            return ConfirmResult.INVALID
        if not subscriber.confirmation_nonce or not constant_time_compare(subscriber.confirmation_nonce, parts.secret):
            if subscriber.status == SubscriberStatus.CONFIRMED:
                return ConfirmResult.ALREADY_CONFIRMED
            return ConfirmResult.INVALID
        if subscriber.status != SubscriberStatus.PENDING:
            return ConfirmResult.INVALID
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.confirmation_nonce = ""
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "confirmation_nonce"])
        ConsentEvent.objects.create(
            subscriber=subscriber,
            consent_type=ConsentType.EXPRESS,
            source=subscriber.pending_source or subscriber.source,
            consent_text_version=subscriber.pending_consent_version,
            consent_text=subscriber.pending_consent_text,
            consent_language=subscriber.pending_consent_language,
            ip_address=subscriber.pending_ip,
            user_agent=subscriber.pending_user_agent,
            confirmed_at=now,
            confirmed_ip_address=ip_address or None,
            confirmed_user_agent=(user_agent or "")[:300],
        )
    return ConfirmResult.CONFIRMED


def subscriber_from_link(token: str, *, salt: str) -> Subscriber | None:
    """The subscriber an unsubscribe or preferences link belongs to, or None for a link that is not theirs."""
    try:
        parts = tokens.read_standing_token(token, salt=salt)
    except tokens.LinkInvalid:
        return None
    subscriber = Subscriber.objects.filter(pk=parts.subscriber_id).first()
    if subscriber is None or not constant_time_compare(subscriber.secret, parts.secret):
        return None
    return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber, source: str = "") -> bool:
    """Leave at once: no further email, and a consent record says when. True if it changed anything."""
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SUPPRESSED):
            return False
        # Implied consent from a purchase is consent too, and its withdrawal is recorded the same way.
        was_confirmed = subscriber.status in (SubscriberStatus.CONFIRMED, SubscriberStatus.IMPLIED)
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.confirmation_nonce = ""
        subscriber.save(update_fields=["status", "unsubscribed_at", "confirmation_nonce"])
        if was_confirmed:
            ConsentEvent.objects.create(
                subscriber=subscriber,
                consent_type=_current_consent_type(subscriber),
                source=source,
                withdrawn_at=now,
            )
    return True


def _current_consent_type(subscriber: Subscriber) -> str:
    latest = subscriber.consent_events.filter(withdrawn_at__isnull=True).order_by("-recorded_at", "-pk").first()
    return latest.consent_type if latest else ConsentType.EXPRESS


def subscriber_set_topics(*, subscriber: Subscriber, topics: list[str]) -> None:
    wants_articles, wants_offers = "articles" in topics, "offers" in topics
    if not (wants_articles or wants_offers):
        raise ValueError("A subscriber picks at least one topic; to pick none, unsubscribe.")
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(wants_articles=wants_articles, wants_offers=wants_offers)


def _send(subscriber: Subscriber, template: str, *, sender: SenderDetails | None) -> None:
    """Render the email now, in the subscriber's language, and hand it to the worker after commit."""
    sender = sender or sender_details()
    context = {"subscriber": subscriber, "sender": sender, "preferences_url": preferences_url(subscriber)}
    if template == "confirm":
        token = tokens.confirm_token(subscriber.pk, subscriber.confirmation_nonce)
        context["confirm_url"] = site_url(reverse("newsletter:confirm", args=[token]))
    with translation.override(supported_language(subscriber.language)):
        subject = render_to_string(f"newsletter/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"newsletter/email/{template}.txt", context)
        html = render_to_string(f"newsletter/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=sender.from_email, to=[subscriber.email])
    if sender.reply_to:
        message.reply_to = [sender.reply_to]
    message.attach_alternative(html, "text/html")
    enqueue_email(message)
