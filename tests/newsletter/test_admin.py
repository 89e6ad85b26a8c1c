"""Staff and the Marketing group in the Wagtail admin: subscribers and consent events, read-only."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group

from newsletter.models import ConsentEvent, ConsentType, SignupSource, Subscriber, SubscriberStatus
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def marketing_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(user)
    return client


def subscriber(email: str, **kwargs) -> Subscriber:
    defaults = {"wants_articles": True, "source": SignupSource.FOOTER, "status": SubscriberStatus.CONFIRMED}
    return Subscriber.objects.create(email=email, **{**defaults, **kwargs})


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_marketing_group_holds_the_admin_and_newsletter_permissions_only():
    permissions = {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name="Marketing").permissions.all()
    }
    assert "wagtailadmin.access_admin" in permissions
    assert "newsletter.view_subscriber" in permissions and "newsletter.view_consentevent" in permissions
    assert {p.split(".")[0] for p in permissions} == {"wagtailadmin", "newsletter"}
    # Consent records can be read, never changed or deleted, even by Marketing.
    assert not {"newsletter.change_consentevent", "newsletter.delete_consentevent"} & permissions


def test_marketing_staff_see_subscribers_and_not_orders(marketing_client):
    subscriber("ada@example.com")
    assert "ada@example.com" in marketing_client.get("/admin/subscribers/").content.decode()
    assert marketing_client.get("/admin/consent_events/").status_code == 200
    assert marketing_client.get("/admin/orders/").status_code in (302, 403)


def test_subscribers_search_by_email_and_filter_by_status_topic_and_source(staff_client):
    subscriber("ada@example.com", wants_offers=True)
    subscriber("bo@example.com", status=SubscriberStatus.PENDING, source=SignupSource.CHECKOUT)
    subscriber("cy@example.com", status=SubscriberStatus.UNSUBSCRIBED, wants_articles=False, wants_offers=True)

    def listed(**query) -> set[str]:
        page = staff_client.get("/admin/subscribers/", query).content.decode()
        return {email for email in ("ada@example.com", "bo@example.com", "cy@example.com") if email in page}

    assert listed(q="bo@") == {"bo@example.com"}
    assert listed(status="pending") == {"bo@example.com"}
    assert listed(source="checkout") == {"bo@example.com"}
    assert listed(topic="offers") == {"ada@example.com", "cy@example.com"}
    assert listed(topic="articles") == {"ada@example.com", "bo@example.com"}


def test_the_subscriber_csv_export_writes_formula_cells_as_text(staff_client):
    subscriber('"=HYPERLINK(1)"@example.com', language="=cmd")
    rows = _csv(staff_client.get("/admin/subscribers/", {"export": "csv"}))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_consent_events_are_read_only_in_the_admin(staff_client):
    event = ConsentEvent.objects.create(subscriber=subscriber("ada@example.com"), consent_type=ConsentType.EXPRESS)
    assert staff_client.get(f"/admin/consent_events/inspect/{event.pk}/").status_code == 200
    assert staff_client.get(f"/admin/consent_events/edit/{event.pk}/").status_code == 404
    assert staff_client.get(f"/admin/consent_events/delete/{event.pk}/").status_code == 404
    assert staff_client.get("/admin/subscribers/add/").status_code == 404
