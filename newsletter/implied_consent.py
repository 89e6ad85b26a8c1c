"""Implied consent from a purchase (CASL): a buyer may get marketing email for two years, if the shop says so.

Every paid order records it (newsletter.hooks.order_paid_record_implied_consent, one of SHOP_ORDER_PAID_HOOKS):
an IMPLIED_BY_PURCHASE consent event for the buyer's address, confirmed when the order was paid and expiring
two years later (newsletter.rules.implied_consent_expires). A buyer who never signed up becomes a subscriber
with the status "Implied consent (a purchase)" and the "Offers and new products" topic. Such a subscriber is
mailed only while the shop's newsletter settings use implied consent and the latest purchase is under two
years old; with the setting off, which is the default, never. That question has one answer, asked when a
campaign starts and again just before each email leaves: newsletter.selectors.eligible_subscribers.

What a buyer said themselves always wins: a confirmed subscriber keeps express consent (which never expires),
the checkout box's double opt-in stays pending until its link is used, and an address that unsubscribed or
was suppressed is left alone; a purchase does not undo a "no".
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from newsletter import rules
from newsletter.models import ConsentEvent, ConsentType, SignupSource, Subscriber, SubscriberStatus, normalise_email

# The statuses a purchase adds implied consent to; the others already said yes, or said no.
RECORDED_FOR = frozenset({SubscriberStatus.IMPLIED, SubscriberStatus.PENDING})


def implied_consent_record(*, email: str, purchased_at: datetime, language: str = "") -> Subscriber | None:
    """Write down the consent a purchase implies for `email`; returns the subscriber, or None for no address."""
    email = normalise_email(email)
    if not email:
        return None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        status=SubscriberStatus.IMPLIED,
                        wants_offers=True,
                        source=SignupSource.PURCHASE,
                        language=language,
                    )
            except IntegrityError:  # the same buyer's other order, or a signup, a moment ago
                subscriber = Subscriber.objects.select_for_update().get(email__iexact=email)
        if subscriber.status not in RECORDED_FOR:
            return subscriber
        ConsentEvent.objects.create(
            subscriber=subscriber,
            consent_type=ConsentType.IMPLIED_BY_PURCHASE,
            source=SignupSource.PURCHASE,
            confirmed_at=purchased_at,
            expires_at=rules.implied_consent_expires(purchased_at),
        )
    return subscriber
