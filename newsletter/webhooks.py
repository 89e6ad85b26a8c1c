"""The email provider's tracking webhook: anymail reads and checks the provider's request, we record the events.

anymail's webhook views normally announce each event on its `tracking` Django signal. The house style keeps
domain logic out of signals, so these views subclass anymail's own and hand each parsed event straight to
one service, newsletter.tracking.record_tracking_event; anymail still does the parts it knows best (the
basic-auth secret, Mailgun's HMAC signature, turning each provider's payload into one AnymailTrackingEvent).

Security is stricter than anymail's default, which accepts anything while no secret is set (with a warning):
- no ANYMAIL WEBHOOK_SECRET configured: 400, nothing recorded;
- credentials missing or wrong: 401 with a Basic challenge;
- Mailgun's signature wrong, or a payload that cannot be read: 400.

The views live under /newsletter/, which stays reachable while the storefront is password protected.
"""

from __future__ import annotations

import logging
from functools import wraps

from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from anymail.signals import EventType
from anymail.utils import get_request_basic_auth
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.http import HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt

from newsletter.tracking import record_tracking_event

logger = logging.getLogger(__name__)


UNREADABLE = (KeyError, IndexError, ValueError, TypeError, AttributeError, UnicodeDecodeError)


def _plain(text: str, status: int) -> HttpResponse:
    # Read by the provider's delivery log, not by a person: plain text, never cached.
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class RecordEventsMixin:
    """Replaces anymail's post(): check the secret ourselves (401, not 400), then record each event."""

    def post(self, request, *args, **kwargs):
        if not self.basic_auth:
            logger.error("%s tracking webhook called, but ANYMAIL_WEBHOOK_SECRET is not set", self.esp_name)
            return _plain("The tracking webhook is not configured.", 400)
        credentials = get_request_basic_auth(request) or ""
        if not any(constant_time_compare(credentials, allowed) for allowed in self.basic_auth):
            response = _plain("Authentication required.", 401)
            response["WWW-Authenticate"] = 'Basic realm="tracking webhook", charset="UTF-8"'
            return response
        try:
            self.run_validators(request)  # anymail's checks, e.g. Mailgun's signature
            events = self.parse_events(request)
        except AnymailWebhookValidationFailure as error:
            logger.warning("%s tracking webhook refused: %s", self.esp_name, error)
            return _plain("The request's signature does not match.", 400)
        except UNREADABLE as error:  # anymail expects the provider's shape; anything else is a bad request
            logger.warning("%s tracking webhook could not read its payload: %r", self.esp_name, error)
            return _plain("The request's payload could not be read.", 400)
        for event in events:
            record_tracking_event(event=event, esp_name=self.esp_name)
        return HttpResponse()


class MailgunTracking(RecordEventsMixin, MailgunTrackingWebhookView):
    """Mailgun reports every event with a unique token (delivered, permanent/temporary failures, complaints,
    unsubscribes, opens, clicks) and signs it with ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY."""


class PostmarkTracking(RecordEventsMixin, PostmarkTrackingWebhookView):
    """Postmark gives an id only to bounces and complaints; other events get one made from their payload."""

    def esp_to_anymail_event(self, esp_event):
        event = super().esp_to_anymail_event(esp_event)
        # anymail counts a soft bounce (and a virus notice) as "bounced"; only a hard bounce proves the
        # address dead, so the others count as delays, as a temporary failure does on Mailgun.
        if event.event_type == EventType.BOUNCED and esp_event.get("Type") != "HardBounce":
            event.event_type = EventType.DEFERRED
        return event


def answering_configuration_errors(view):
    """A webhook whose provider settings are missing (Mailgun's signing key) answers 400 instead of failing."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError as error:
            logger.error("Tracking webhook misconfigured: %s", error)
            return _plain("The tracking webhook is not configured.", 400)

    return csrf_exempt(wrapped)


mailgun_tracking = answering_configuration_errors(MailgunTracking.as_view())
postmark_tracking = answering_configuration_errors(PostmarkTracking.as_view())
