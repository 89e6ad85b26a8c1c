"""The staff's side of price match in the Wagtail admin: the queue, a request's page with Approve and Reject,
the competitor-price report, the dashboard panel, and the model permissions each one checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from shop.models import PriceMatchRequest, PriceMatchStatus
from tests.factories import ProductVariantFactory, StaffFactory, UserFactory
from tests.shop.price_match_support import filed_request

pytestmark = pytest.mark.django_db

INDEX = "/admin/price_match/"


def inspect_url(request) -> str:
    return reverse("price_match:inspect", args=[request.pk])


def action_url(request, action) -> str:
    return reverse("price_match:action", args=[request.pk, action])


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        *[Permission.objects.get(codename=codename, content_type__app_label="shop") for codename in codenames],
    )
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.mark.parametrize("count", [3, 15])
def test_the_queue_lists_requests_in_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries, count):
    variant = ProductVariantFactory(price=Decimal("100.00"))
    for index in range(count):
        filed_request(variant=variant, email=f"shopper{index}@example.com")
    admin_client.get(INDEX)  # warm the per-process memos (site, settings, menus)
    with django_assert_max_num_queries(10):  # 8 today, whatever the count
        response = admin_client.get(INDEX)
    page = response.content.decode()
    assert response.status_code == 200 and page.count(variant.sku) >= min(count, 15)
    assert "shopper0@example.com" in page


def test_the_queue_filters_by_status(admin_client):
    pending = filed_request(email="pending@example.com")
    rejected = filed_request(email="rejected@example.com")
    PriceMatchRequest.objects.filter(pk=rejected.pk).update(status=PriceMatchStatus.REJECTED)
    page = admin_client.get(INDEX, {"status": "pending"}).content.decode()
    assert pending.email in page and rejected.email not in page


def test_the_request_page_shows_the_policys_answer_and_the_log(admin_client):
    request = filed_request()
    page = admin_client.get(inspect_url(request)).content.decode()
    assert "Eligible" in page and "We can match $90.00 (our price is $100.00)." in page
    assert "Approve and email a code at $90.00" in page and 'name="reason"' in page
    assert "Request received" in page and "csrfmiddlewaretoken" in page


def test_staff_approve_from_the_request_page_and_the_shopper_gets_the_code(
    admin_client, django_capture_on_commit_callbacks
):
    request = filed_request()
    mail.outbox.clear()
    assert admin_client.get(action_url(request, "approve")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(action_url(request, "approve"), follow=True)
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.APPROVED
    assert f"code {request.discount_code.code} was emailed" in response.content.decode()
    assert request.discount_code.code in mail.outbox[0].body
    # A second click says so, and issues nothing more.
    response = admin_client.post(action_url(request, "approve"), follow=True)
    assert "already been approved" in response.content.decode()


def test_after_purchase_the_request_page_and_the_approval_show_the_amount_refunded(admin_client, settings):
    from shop import payments
    from tests.shop.test_payments import ScriptedStripe
    from tests.shop.test_price_match_services import paid_order, stripe_refund

    settings.STRIPE_SECRET_KEY = "sk_test_price_match"
    settings.STRIPE_API_BASE = ""
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=10)
    request = filed_request(variant=variant, order=paid_order(variant, quantity=2))
    page = admin_client.get(inspect_url(request)).content.decode()
    assert "Approve and refund $22.60 (down to $90.00 a unit, tax included)" in page
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        response = admin_client.post(action_url(request, "approve"), follow=True)
    assert "Approved: $22.60 was refunded" in response.content.decode()
    assert "$22.60" in admin_client.get(INDEX).content.decode()  # the queue shows it too


def test_staff_reject_with_a_reason_and_without_one_nothing_happens(admin_client, django_capture_on_commit_callbacks):
    request = filed_request()
    response = admin_client.post(action_url(request, "reject"), {"reason": ""}, follow=True)
    assert "Give the shopper a reason" in response.content.decode()
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(action_url(request, "reject"), {"reason": "That listing is used."})
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.REJECTED and "That listing is used." in mail.outbox[0].body


def test_the_queue_and_the_decisions_follow_the_model_permissions(client):
    request = filed_request()
    client.force_login(staff_with())  # an editor: admin access, no price-match permission
    assert client.get(INDEX).status_code in (302, 403)
    assert client.post(action_url(request, "approve")).status_code in (302, 403)
    assert "Pending price-match requests" not in client.get("/admin/").content.decode()

    client.force_login(staff_with("view_pricematchrequest"))
    assert client.get(INDEX).status_code == 200
    assert client.get(inspect_url(request)).status_code == 200
    assert "Approve and email a code" not in client.get(inspect_url(request)).content.decode()
    assert client.post(action_url(request, "approve")).status_code in (302, 403)
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.PENDING

    client.force_login(staff_with("view_pricematchrequest", "change_pricematchrequest"))
    client.post(action_url(request, "approve"))
    request.refresh_from_db()
    assert request.status == PriceMatchStatus.APPROVED


def test_the_dashboard_shows_the_pending_requests(admin_client):
    first = filed_request()
    filed_request(variant=first.variant, email="bo@example.com")
    page = admin_client.get("/admin/").content.decode()
    assert "Pending price-match requests (2)" in page and inspect_url(first) in page


def test_the_report_gives_competitor_prices_per_sku_and_a_safe_csv(admin_client):
    variant = ProductVariantFactory(price=Decimal("100.00"), sku="MG-PRO")
    filed_request(variant=variant, price="90.00")
    filed_request(variant=variant, price="85.50", retailer="Sore No More")
    filed_request(price="95.00", retailer="=HYPERLINK(1)")
    page = admin_client.get(reverse("price_match:report")).content.decode()
    assert "MG-PRO" in page and "$85.50" in page and "$90.00" in page
    response = admin_client.get(reverse("price_match:report"), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode().splitlines()
    assert rows[0].startswith("SKU,Product,Requests")
    mg = next(row for row in rows if row.startswith("MG-PRO"))
    assert ",2,0,85.50,90.00,Physio Depot; Sore No More," in mg
    assert "'=HYPERLINK(1)" in response.content.decode()  # a spreadsheet reads it as text, never a formula


def test_an_issued_code_shows_its_item_price_and_email_to_staff(admin_client):
    from shop.services.price_match import price_match_approve

    request = price_match_approve(request_id=filed_request().pk, staff_user=StaffFactory())
    code = request.discount_code
    page = admin_client.get(reverse("wagtailsnippets_shop_discountcode:edit", args=[code.pk])).content.decode()
    assert code.code in page and "90.00" in page and "ada@example.com" in page and str(request.variant) in page
