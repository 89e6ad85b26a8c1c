"""Stripe's webhook endpoint: verify, then hand the event to the service."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shop.payments import WebhookRejected, construct_webhook_event
from shop.services.webhooks import stripe_event_handle

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe cannot send our CSRF token; the signature check stands in for it.
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = construct_webhook_event(request.body, request.headers.get("Stripe-Signature"))
    except WebhookRejected as error:
        logger.warning("Rejected a Stripe webhook: %s", error)
        return HttpResponse(status=400)
    stripe_event_handle(event=event)
    return HttpResponse(status=200)
