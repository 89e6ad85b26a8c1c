"""Staff suppress an address: no more email of any kind, a withdrawal on record, and it can never be added."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from newsletter import selectors
from newsletter.back_in_stock import AlertContext, back_in_stock_request
from newsletter.importing import read_import_file
from newsletter.models import (
    Audience,
    BackInStockRequest,
    BackInStockStatus,
    Campaign,
    ConsentEvent,
    ConsentType,
    SignupSource,
    Subscriber,
    SubscriberStatus,
)
from newsletter.services import ConfirmResult, subscriber_confirm, subscriber_sign_up
from newsletter.staff_services import subscriber_suppress, subscribers_import
from tests.factories import ProductVariantFactory, StaffFactory, UserFactory
from tests.newsletter.conftest import FORM_CONTEXT

pytestmark = pytest.mark.django_db

SUPPRESS = "/admin/subscribers/suppress/"


@pytest.fixture
def staff(client):
    user = StaffFactory(username="grace")
    client.force_login(user)
    return user


def subscriber(email: str, **kwargs) -> Subscriber:
    defaults = {"wants_articles": True, "source": SignupSource.FOOTER, "status": SubscriberStatus.CONFIRMED}
    return Subscriber.objects.create(email=email, **{**defaults, **kwargs})


def mailable(subscriber: Subscriber) -> bool:
    """Whether a campaign could reach them: the sending lane's selector where it exists, else the status rule."""
    eligible = getattr(selectors, "eligible_subscribers", None)
    if eligible is None:
        return Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.CONFIRMED).exists()
    campaign = Campaign(subject="Hello", audience=Audience.ALL, body=[])
    return eligible(campaign).filter(pk=subscriber.pk).exists()


def test_suppressing_a_subscriber_stops_all_mail_and_records_a_withdrawal(staff):
    ada = subscriber("ada@example.com")
    ConsentEvent.objects.create(subscriber=ada, consent_type=ConsentType.EXPRESS, source=SignupSource.FOOTER)
    assert mailable(ada)

    result = subscriber_suppress(email="ADA@example.com", staff_user=staff, reason="asked by phone")

    assert result.changed and result.was_on_list
    ada.refresh_from_db()
    assert ada.status == SubscriberStatus.SUPPRESSED and ada.unsubscribed_at is not None
    assert not mailable(ada)
    withdrawal = ConsentEvent.objects.filter(withdrawn_at__isnull=False).get()
    assert (withdrawal.source, withdrawal.consent_type) == (SignupSource.STAFF, ConsentType.EXPRESS)
    assert withdrawal.source_detail == "suppressed by grace: asked by phone"


def test_suppressing_twice_records_one_withdrawal(staff):
    subscriber("ada@example.com")
    subscriber_suppress(email="ada@example.com", staff_user=staff)
    again = subscriber_suppress(email="ada@example.com", staff_user=staff)
    assert not again.changed
    assert ConsentEvent.objects.filter(withdrawn_at__isnull=False).count() == 1


def test_an_address_not_on_the_list_is_suppressed_so_it_can_never_be_added(staff, shop_details):
    result = subscriber_suppress(email="stranger@example.com", staff_user=staff)
    assert result.changed and not result.was_on_list
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED

    # A signup gets nothing, an import skips it, and a back-in-stock request is never made.
    subscriber_sign_up(email="Stranger@example.com", topics=["articles"], context=FORM_CONTEXT)
    rows, _ = read_import_file(b"email,consent_source\nstranger@example.com,Sheet\n", now=result.subscriber.created_at)
    summary = subscribers_import(rows=rows)
    variant = ProductVariantFactory(stock_quantity=0)
    back_in_stock_request(email="stranger@example.com", variant_id=variant.pk, context=AlertContext())

    assert len(mail.outbox) == 0
    assert summary.imported == [] and "Suppressed" in summary.skipped[0].reason
    assert BackInStockRequest.objects.count() == 0
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED


def test_suppressing_cancels_the_addresses_waiting_alerts(staff, shop_details):
    variant = ProductVariantFactory(stock_quantity=0)
    back_in_stock_request(email="ada@example.com", variant_id=variant.pk, context=AlertContext())
    subscriber_suppress(email="ada@example.com", staff_user=staff)
    assert BackInStockRequest.objects.get().status == BackInStockStatus.CANCELLED


def test_a_pending_subscribers_link_stops_working_once_suppressed(staff, shop_details):
    subscriber_sign_up(email="ada@example.com", topics=["articles"], context=FORM_CONTEXT)
    line = next(line for line in mail.outbox[0].body.splitlines() if "/newsletter/confirm/" in line)
    subscriber_suppress(email="ada@example.com", staff_user=staff)
    assert subscriber_confirm(token=line.strip().rstrip("/").rsplit("/", 1)[1]) == ConfirmResult.INVALID
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED


# --- the admin -------------------------------------------------------------------------------------------------


def test_staff_suppress_from_the_subscribers_page(client, staff):
    ada = subscriber("ada@example.com")
    page = client.get(f"/admin/subscribers/inspect/{ada.pk}/").content.decode()
    assert f"{SUPPRESS}{ada.pk}/" in page

    form = client.get(f"{SUPPRESS}{ada.pk}/").content.decode()
    assert 'value="ada@example.com"' in form
    response = client.post(f"{SUPPRESS}{ada.pk}/", {"email": "ada@example.com", "reason": "complained by phone"})

    assert response.status_code == 302 and response.url == f"/admin/subscribers/inspect/{ada.pk}/"
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED
    assert "is suppressed" in client.get(response.url).content.decode()


def test_staff_suppress_an_address_that_is_not_a_subscriber_from_the_list(client, staff):
    assert SUPPRESS in client.get("/admin/subscribers/").content.decode()
    response = client.post(SUPPRESS, {"email": "stranger@example.com"})
    assert response.status_code == 302
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED


def test_a_bad_address_is_a_form_error(client, staff):
    response = client.post(SUPPRESS, {"email": "nope"})
    assert response.status_code == 400 and "valid email" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_a_get_never_suppresses(client, staff):
    subscriber("ada@example.com")
    client.get(SUPPRESS, {"email": "ada@example.com"})
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


def test_suppressing_needs_the_change_permission_and_a_csrf_token(client):
    subscriber("ada@example.com")
    marketer = UserFactory(is_staff=True)
    marketer.groups.add(Group.objects.get(name="Marketing"))
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Group.objects.get(name="Marketing").permissions.exclude(codename="change_subscriber"))

    client.force_login(viewer)
    assert client.post(SUPPRESS, {"email": "ada@example.com"}).status_code in (302, 403)
    assert SUPPRESS not in client.get("/admin/subscribers/").content.decode()

    client.force_login(marketer)
    client.handler.enforce_csrf_checks = True
    assert client.post(SUPPRESS, {"email": "ada@example.com"}).status_code == 403
    client.handler.enforce_csrf_checks = False
    assert client.post(SUPPRESS, {"email": "ada@example.com"}).status_code == 302
    assert Subscriber.objects.get().status == SubscriberStatus.SUPPRESSED
