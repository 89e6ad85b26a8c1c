"""Builders for the sending tests: subscribers in every state with their consent records, campaigns, paid orders."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from newsletter.models import (
    Audience,
    Campaign,
    ConsentEvent,
    ConsentType,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)
from newsletter.rules import implied_consent_expires
from shop.models import Order, OrderLine, OrderStatus

_numbers = count(1)


def subscriber(
    email: str | None = None,
    *,
    status: str = SubscriberStatus.CONFIRMED,
    articles: bool = True,
    offers: bool = False,
    consent: str | None = ConsentType.EXPRESS,
    purchased_at: datetime | None = None,
) -> Subscriber:
    """A subscriber and the consent record their status implies (express by default, or implied by a purchase)."""
    email = email or f"person{next(_numbers)}@example.com"
    now = timezone.now()
    person = Subscriber.objects.create(
        email=email,
        status=status,
        wants_articles=articles,
        wants_offers=offers,
        source=SignupSource.CHECKOUT if consent == ConsentType.IMPLIED_BY_PURCHASE else SignupSource.FOOTER,
        confirmed_at=now if status != SubscriberStatus.PENDING else None,
    )
    if consent == ConsentType.EXPRESS and status != SubscriberStatus.PENDING:
        ConsentEvent.objects.create(subscriber=person, consent_type=ConsentType.EXPRESS, confirmed_at=now)
    elif consent == ConsentType.IMPLIED_BY_PURCHASE:
        bought = purchased_at or now
        ConsentEvent.objects.create(
            subscriber=person,
            consent_type=ConsentType.IMPLIED_BY_PURCHASE,
            source=SignupSource.CHECKOUT,
            confirmed_at=bought,
            expires_at=implied_consent_expires(bought),
        )
    return person


def campaign(**fields) -> Campaign:
    values = {
        "subject": "Hot stones for cold evenings",
        "body": [("paragraph", "<p>Heat the stones slowly.</p>")],
        "audience": Audience.ARTICLES,
    }
    values.update(fields)
    return Campaign.objects.create(**values)


def paid_order(email: str, *, variant, status: str = OrderStatus.PAID) -> Order:
    order = Order.objects.create(
        email=email,
        status=status,
        subtotal=Decimal("10.00"),
        total=Decimal("10.00"),
        shipping_method="standard",
        shipping_name="Ada",
        shipping_line1="1 Main St",
        shipping_city="Halifax",
        shipping_province="NS",
        shipping_postal_code="B3H 1A1",
        idempotency_key=f"key-{next(_numbers)}",
        paid_at=timezone.now() - timedelta(days=1),
    )
    OrderLine.objects.create(
        order=order,
        variant=variant,
        product_id_snapshot=variant.product_id,
        product_name=variant.product.name,
        sku=f"SKU-{next(_numbers)}",
        unit_price=Decimal("10.00"),
        quantity=1,
        line_total=Decimal("10.00"),
    )
    return order


class ProviderDown(BaseEmailBackend):
    """A mail backend whose provider is unreachable: every send raises."""

    def send_messages(self, email_messages):
        raise ConnectionError("The mail provider is not answering")
