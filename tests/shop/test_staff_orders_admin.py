"""Staff run orders from the Wagtail admin: the list's filters and export, the detail page, its actions
(each a CSRF-protected POST, cancel and refund confirmed first) and the printables."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from shop import payments
from shop.models import Order, OrderEmail, OrderEmailKind, OrderStatus, Refund, ShopSettings
from tests.factories import StaffFactory, UserFactory
from tests.shop.checkout_support import cart_with, place
from tests.shop.test_payments import ScriptedStripe, timeout
from tests.shop.test_staff_orders import paid_order, posted, sold_out_while_paying, stripe_refund, stripe_refunds_listed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_staff"
    settings.STRIPE_API_BASE = ""


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def listing(client, **params) -> str:
    return client.get("/admin/orders/", params).content.decode()


def action(client, order, name, **data):
    return client.post(f"/admin/orders/inspect/{order.pk}/{name}/", data, follow=True)


# --- who may see it ----------------------------------------------------------------------------------------


def test_the_order_pages_answer_staff(staff_client):
    order = paid_order()
    for url in (
        "/admin/orders/",
        f"/admin/orders/inspect/{order.pk}/",
        f"/admin/orders/print/{order.pk}/packing-slip/",
        f"/admin/orders/print/{order.pk}/invoice/",
    ):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "shopper"])
def test_the_order_pages_and_actions_refuse_anyone_else(client, who):
    order = paid_order()
    if who == "shopper":
        client.force_login(UserFactory())
    for url in (
        "/admin/orders/",
        f"/admin/orders/inspect/{order.pk}/",
        f"/admin/orders/print/{order.pk}/invoice/",
    ):
        assert client.get(url).status_code in (302, 403), url
    response = client.post(f"/admin/orders/inspect/{order.pk}/fulfil/")
    assert response.status_code in (302, 403)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_staff_without_the_order_permission_cannot_act(client):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    order = paid_order()
    # Wagtail turns the refusal into a redirect to the dashboard with a "no permission" message
    assert client.post(f"/admin/orders/inspect/{order.pk}/fulfil/").status_code in (302, 403)
    assert client.get(f"/admin/orders/print/{order.pk}/invoice/").status_code in (302, 403)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_an_action_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory())
    order = paid_order()
    assert client.post(f"/admin/orders/inspect/{order.pk}/fulfil/").status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_actions_only_answer_posts(staff_client):
    order = paid_order()
    assert staff_client.get(f"/admin/orders/inspect/{order.pk}/fulfil/").status_code == 405


# --- the list ----------------------------------------------------------------------------------------------


def test_the_list_filters_by_province(staff_client):
    ontario = place(cart_with(), email="on@example.com")
    quebec = place(cart_with(), email="qc@example.com")
    Order.objects.filter(pk=quebec.pk).update(shipping_province="QC")
    page = listing(staff_client, shipping_province="QC")
    assert quebec.number in page and ontario.number not in page


def test_the_refund_due_filter_and_badge_find_the_order_paid_after_its_stock_sold(staff_client):
    due = sold_out_while_paying()
    paid = paid_order()
    unpaid_cancelled = place(cart_with())
    Order.objects.filter(pk=unpaid_cancelled.pk).update(status=OrderStatus.CANCELLED)
    page = listing(staff_client, refund_due="true")
    assert due.number in page and paid.number not in page and unpaid_cancelled.number not in page
    assert "Refund due" in page
    detail = staff_client.get(f"/admin/orders/inspect/{due.pk}/").content.decode()
    assert "Refund due" in detail and "Refund…" in detail


def test_the_list_filters_by_date_and_searches_by_number(staff_client):
    old = place(cart_with())
    new = place(cart_with())
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    page = listing(staff_client, created_at_from=since)
    assert new.number in page and old.number not in page
    page = listing(staff_client, q=old.number)
    assert old.number in page and new.number not in page


def test_the_csv_export_covers_a_date_range(staff_client):
    inside = place(cart_with(), email="inside@example.com")
    before = place(cart_with(), email="before@example.com")
    after = place(cart_with(), email="after@example.com")
    now = timezone.now()
    Order.objects.filter(pk=inside.pk).update(created_at=now - timedelta(days=10))
    Order.objects.filter(pk=before.pk).update(created_at=now - timedelta(days=40))
    Order.objects.filter(pk=after.pk).update(created_at=now)
    response = staff_client.get(
        "/admin/orders/",
        {
            "export": "csv",
            "created_at_from": (now - timedelta(days=20)).date().isoformat(),
            "created_at_to": (now - timedelta(days=5)).date().isoformat(),
        },
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [inside.number]
    assert "Refund due" in rows[0] or "refund due" in [cell.lower() for cell in rows[0]]
    # A partial refund leaves the status alone; the export says it in its own column.
    Order.objects.filter(pk=inside.pk).update(refunded_total=Decimal("1.00"))
    response = staff_client.get("/admin/orders/", {"export": "csv", "q": inside.number})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    column = rows[0].index("Partially refunded")
    assert [row[column] for row in rows[1:]] == ["True"]


@pytest.mark.parametrize("query", [{}, {"refund_due": "true"}, {"q": "KS-B1"}, {"status": "paid"}])
def test_the_order_list_costs_the_same_at_10_and_1000_orders(staff_client, query):
    template = paid_order()
    fields = {
        field.attname: getattr(template, field.attname)
        for field in Order._meta.concrete_fields
        if field.attname not in ("id", "number", "idempotency_key", "created_at", "refund_due")
    }
    made = 0

    def more_orders(count: int) -> None:
        nonlocal made
        Order.objects.bulk_create(
            Order(**fields, number=f"KS-B{n}", idempotency_key=f"bulk-{n}", refund_due=n % 7 == 0)
            for n in range(made, made + count)
        )
        made += count

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get("/admin/orders/", query).status_code == 200
        return len(context.captured_queries)

    more_orders(9)
    staff_client.get("/admin/orders/")  # warm the admin's one-off reads (site, settings, menus)
    at_ten = queries()
    more_orders(990)
    assert Order.objects.count() == 1000
    assert queries() == at_ten


# --- the detail page and its actions -----------------------------------------------------------------------


def test_the_detail_page_shows_payments_refunds_and_the_timeline(staff_client):
    order = paid_order(price="100.00")
    with payments.using_http_client(ScriptedStripe(stripe_refund(refund_id="re_shown"))):
        action(staff_client, order, "refund", mode="amount", amount="5.00", idempotency_key="k1", confirm="on")
    page = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "pi_123" in page and "re_shown" in page and "HST 13%" in page
    assert "Payment received" in page and "Refunded $5.00" in page


def test_staff_add_a_note_to_the_timeline(staff_client):
    order = paid_order()
    page = action(staff_client, order, "note", note="Left at the side door").content.decode()
    assert "Note added." in page and "Left at the side door" in page


def test_staff_ship_an_order_and_the_customer_is_emailed_once(staff_client):
    order = paid_order()
    page = action(staff_client, order, "ship", carrier="purolator", tracking_number="3290 1234 5678").content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and "purolator.com" in page
    assert OrderEmail.objects.filter(order=order, kind=OrderEmailKind.SHIPPED).count() == 1


def test_a_wrong_action_says_why(staff_client):
    order = place(cart_with())
    page = action(staff_client, order, "fulfil").content.decode()
    assert "Only a paid order can be marked fulfilled" in page


def test_cancel_asks_first_then_restocks_and_refunds(staff_client):
    order = paid_order(stock=3)
    first = action(staff_client, order, "cancel", reason="Out of town", idempotency_key="c1").content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and "will be refunded" in first and "Yes, go ahead" in first
    with payments.using_http_client(ScriptedStripe(stripe_refund())):
        done = action(
            staff_client, order, "cancel", reason="Out of town", idempotency_key="c1", confirm="on"
        ).content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and "cancelled" in done
    assert order.lines.get().variant.stock_quantity == 3 and order.refunded_total == order.total


def test_refund_asks_first_and_a_double_click_refunds_once(staff_client):
    order = paid_order(lines=2, price="50.00")
    line = order.lines.first()
    ask = action(staff_client, order, "refund", mode="lines", lines=[line.pk], idempotency_key="r1").content.decode()
    assert "Refund $56.50" in ask and not Refund.objects.exists()
    scripted = ScriptedStripe(stripe_refund())
    with payments.using_http_client(scripted):
        for _click in range(2):
            action(staff_client, order, "refund", mode="lines", lines=[line.pk], idempotency_key="r1", confirm="on")
    order.refresh_from_db()
    assert len(scripted.requests) == 1 and Refund.objects.count() == 1
    assert order.status == OrderStatus.PAID and order.is_partially_refunded and order.refunded_total == Decimal("56.50")


def test_a_stripe_refusal_during_a_refund_shows_a_clear_error_and_changes_nothing(staff_client):
    order = paid_order()
    refused = (402, {"error": {"type": "invalid_request_error", "message": "Charge has already been refunded."}})
    with payments.using_http_client(ScriptedStripe(refused)):
        page = action(staff_client, order, "refund", mode="full", idempotency_key="r2", confirm="on").content.decode()
    order.refresh_from_db()
    assert "The refund did not go through, and nothing was changed" in page
    assert order.status == OrderStatus.PAID and order.refunded_total == 0 and not Refund.objects.exists()


def test_after_a_stripe_timeout_the_retry_reuses_the_key_and_makes_one_refund(staff_client):
    # Stripe made the refund, but its answer timed out: the page comes back with the same key, and so does
    # the order's own refund form, so either retry gets Stripe's first refund back.
    order = paid_order(price="100.00")
    down = ScriptedStripe(timeout())
    back = ScriptedStripe(stripe_refunds_listed(), stripe_refund(1000, refund_id="re_once"))
    with payments.using_http_client(down):
        page = action(
            staff_client, order, "refund", mode="amount", amount="10.00", idempotency_key="r-slow", confirm="on"
        ).content.decode()
    assert "cannot tell whether the refund went through" in page
    assert 'value="r-slow"' in page and 'name="confirm" value="on"' in page
    detail = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert 'value="r-slow"' in detail and "Stripe did not answer" in detail
    ask = action(staff_client, order, "refund", mode="full", idempotency_key="r-slow").content.decode()
    assert "Stripe did not answer the refund of $10.00" in ask
    with payments.using_http_client(back):
        action(staff_client, order, "refund", mode="full", idempotency_key="r-slow", confirm="on")
    order.refresh_from_db()
    (refund,) = Refund.objects.all()
    assert refund.amount == Decimal("10.00") and refund.stripe_refund_id == "re_once"
    assert order.refunded_total == Decimal("10.00") and order.status == OrderStatus.PAID and order.is_partially_refunded
    assert {sent["idempotency_key"] for sent in posted(down, back)} == {"refund-r-slow"}
    assert len(posted(back)) == 1


def test_after_a_timeout_on_a_full_refund_the_order_page_still_offers_the_retry(staff_client):
    # All the money is in the unanswered refund, so nothing is "still refundable": the retry must stay on offer.
    order = paid_order(price="100.00")
    with payments.using_http_client(ScriptedStripe(timeout())):
        action(staff_client, order, "refund", mode="full", idempotency_key="r-all", confirm="on")
    detail = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert f"Stripe did not answer the refund of ${order.total}" in detail and 'value="r-all"' in detail
    back = ScriptedStripe(stripe_refunds_listed(), stripe_refund(order.total_cents, refund_id="re_all"))
    with payments.using_http_client(back):
        action(staff_client, order, "refund", mode="full", idempotency_key="r-all", confirm="on")
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and Refund.objects.get().stripe_refund_id == "re_all"
    detail = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "Stripe did not answer the refund" not in detail and 'value="r-all"' not in detail


# --- printables --------------------------------------------------------------------------------------------


def test_the_invoice_shows_the_sellers_name_address_and_tax_numbers(staff_client):
    from content.settings import SiteSettings  # the test may read content; shop itself never does

    site = Site.objects.get(is_default_site=True)
    shop_settings = ShopSettings.for_site(site)
    shop_settings.gst_hst_registration = "123456789 RT0001"
    shop_settings.qst_registration = "1234567890 TQ0001"
    shop_settings.save()
    site_settings = SiteSettings.for_site(site)
    site_settings.shop_name = "Knot & Stone Test Supply"
    site_settings.mailing_address = "12 Queen St\nKingston ON K7L 1A1"
    site_settings.save()
    order = paid_order()
    page = staff_client.get(f"/admin/orders/print/{order.pk}/invoice/").content.decode()
    assert "123456789 RT0001" in page and "1234567890 TQ0001" in page
    assert "Knot &amp; Stone Test Supply" in page and "Kingston ON K7L 1A1" in page
    assert "print.css" in page and "<script" not in page
    slip = staff_client.get(f"/admin/orders/print/{order.pk}/packing-slip/").content.decode()
    assert order.lines.get().sku in slip and "Ada Stone" in slip and "<script" not in slip
