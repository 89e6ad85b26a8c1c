"""What staff do to the list by hand: import subscribers with their consent source, and suppress addresses.

Both are one transaction each and write a consent record for every change. An import never brings back
anyone who left or was suppressed, and never touches someone already confirmed; a suppression holds even
for an address that was never on the list, so a later signup or import can never add it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from newsletter.back_in_stock import back_in_stock_cancel_for_email
from newsletter.importing import ImportRefused, ImportRow, RowProblem
from newsletter.models import (
    ConsentEvent,
    ConsentType,
    SignupSource,
    Subscriber,
    SubscriberStatus,
    normalise_email,
)

LOOKUP_CHUNK = 500


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)


def subscribers_import(*, rows: Sequence[ImportRow], problems: Sequence[RowProblem] = ()) -> ImportSummary:
    """Add the rows as confirmed subscribers, each with an express-consent record naming its source.

    A pending subscriber is confirmed by the row's consent; a confirmed, unsubscribed or suppressed one is
    skipped with the reason, unchanged. All rows or none: if someone signs up with one of the addresses
    while the import runs, nothing is imported and ImportRefused asks staff to try again.
    """
    summary = ImportSummary(skipped=list(problems))
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = _existing_by_email([row.email for row in rows])
            new_subscribers: list[Subscriber] = []
            events: list[ConsentEvent] = []
            for row in rows:
                subscriber = existing.get(row.email.lower())
                reason = _why_not(subscriber)
                if reason:
                    summary.skipped.append(RowProblem(row.line, row.email, reason))
                    continue
                confirmed_at = row.consented_at or now
                if subscriber is None:
                    subscriber = Subscriber(email=row.email, source=SignupSource.IMPORT)
                    new_subscribers.append(subscriber)
                subscriber.status = SubscriberStatus.CONFIRMED
                subscriber.wants_articles = "articles" in row.topics
                subscriber.wants_offers = "offers" in row.topics
                subscriber.language = row.language
                subscriber.confirmed_at = confirmed_at
                subscriber.unsubscribed_at = None
                subscriber.confirmation_nonce = ""
                if subscriber.pk is not None:
                    subscriber.save(
                        update_fields=[
                            "status",
                            "wants_articles",
                            "wants_offers",
                            "language",
                            "confirmed_at",
                            "unsubscribed_at",
                            "confirmation_nonce",
                        ]
                    )
                events.append(
                    ConsentEvent(
                        subscriber=subscriber,
                        consent_type=ConsentType.EXPRESS,
                        source=SignupSource.IMPORT,
                        source_detail=f"import: {row.consent_source}"[:300],
                        confirmed_at=confirmed_at,
                    )
                )
                summary.imported.append(row.email)
            Subscriber.objects.bulk_create(new_subscribers)
            for event in events:
                event.subscriber_id = event.subscriber.pk
            ConsentEvent.objects.bulk_create(events)
    except IntegrityError as error:
        raise ImportRefused(
            _("Someone signed up with one of these addresses during the import. Nothing was imported; try again.")
        ) from error
    summary.skipped.sort(key=lambda problem: problem.line)
    return summary


def _existing_by_email(emails: Sequence[str]) -> dict[str, Subscriber]:
    lowered = sorted({email.lower() for email in emails})
    found: dict[str, Subscriber] = {}
    for start in range(0, len(lowered), LOOKUP_CHUNK):
        chunk = lowered[start : start + LOOKUP_CHUNK]
        query = Subscriber.objects.select_for_update().annotate(email_lower=Lower("email"))
        for subscriber in query.filter(email_lower__in=chunk):
            found[subscriber.email_lower] = subscriber
    return found


def _why_not(subscriber: Subscriber | None) -> str:
    """Why an import leaves this subscriber alone, or "" when it may add or confirm them."""
    if subscriber is None or subscriber.status == SubscriberStatus.PENDING:
        return ""
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return _("Already a confirmed subscriber; left as it is.")
    if subscriber.status == SubscriberStatus.SUPPRESSED:
        return _("Suppressed: this address is never added again.")
    left = subscriber.unsubscribed_at
    if left is not None:
        return _("Unsubscribed on %(date)s: an import never subscribes them again.") % {
            "date": date_format(timezone.localtime(left), "DATE_FORMAT")
        }
    return _("Unsubscribed: an import never subscribes them again.")


@dataclass(frozen=True, slots=True)
class SuppressResult:
    subscriber: Subscriber
    changed: bool
    was_on_list: bool


def subscriber_suppress(*, email: str, staff_user=None, reason: str = "") -> SuppressResult:
    """Never mail this address again: suppressed, with a withdrawal on record, and its alerts cancelled.

    An address that is not on the list is added as suppressed, so no signup or import can add it later.
    """
    email = normalise_email(email)
    now = timezone.now()
    who = getattr(staff_user, "get_username", lambda: "")()
    detail = _("suppressed by %(who)s") % {"who": who} if who else _("suppressed by staff")
    if reason.strip():
        detail = f"{detail}: {' '.join(reason.split())}"
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        was_on_list = subscriber is not None
        if subscriber is None:
            try:
                with transaction.atomic():
                    # A topic only to satisfy the table's check; a suppressed address is mailed nothing.
                    subscriber = Subscriber.objects.create(
                        email=email, status=SubscriberStatus.SUPPRESSED, wants_articles=True, source=SignupSource.STAFF
                    )
            except IntegrityError:  # signed up a moment ago
                subscriber = Subscriber.objects.select_for_update().get(email__iexact=email)
                was_on_list = True
        elif subscriber.status == SubscriberStatus.SUPPRESSED:
            return SuppressResult(subscriber=subscriber, changed=False, was_on_list=True)
        if was_on_list:
            subscriber.status = SubscriberStatus.SUPPRESSED
            subscriber.unsubscribed_at = subscriber.unsubscribed_at or now
            subscriber.confirmation_nonce = ""
            subscriber.save(update_fields=["status", "unsubscribed_at", "confirmation_nonce"])
        latest = subscriber.consent_events.filter(withdrawn_at__isnull=True).order_by("-recorded_at", "-pk").first()
        ConsentEvent.objects.create(
            subscriber=subscriber,
            consent_type=latest.consent_type if latest else ConsentType.EXPRESS,
            source=SignupSource.STAFF,
            source_detail=str(detail)[:300],
            withdrawn_at=now,
        )
        back_in_stock_cancel_for_email(email=email)
    return SuppressResult(subscriber=subscriber, changed=True, was_on_list=was_on_list)
