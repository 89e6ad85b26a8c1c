"""Staff see orders in the Wagtail admin: list, filters, search and the detail page."""

import pytest

from shop.services.order_status import order_mark_paid
from tests.factories import StaffFactory
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_the_order_list_filters_by_status_and_searches_by_email(staff_client):
    paid = place(cart_with(), email="paid@example.com")
    order_mark_paid(order=paid)
    unpaid = place(cart_with(), email="unpaid@example.com")
    listing = staff_client.get("/admin/orders/", {"status": "paid"}).content.decode()
    assert paid.number in listing and unpaid.number not in listing
    found = staff_client.get("/admin/orders/", {"q": "unpaid@"}).content.decode()
    assert unpaid.number in found and paid.number not in found


def test_the_order_detail_shows_lines_tax_lines_and_history(staff_client):
    order = place(cart_with(price="100.00"))
    order_mark_paid(order=order)
    page = staff_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    line = order.lines.get()
    assert line.sku in page and "HST 13%" in page
    assert "Order placed" in page and "Payment received" in page


def test_orders_cannot_be_edited_by_hand(staff_client):
    order = place(cart_with())
    assert staff_client.get(f"/admin/orders/edit/{order.pk}/").status_code == 404


def _csv(response) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_export_writes_formula_cells_as_text(staff_client):
    # Given orders whose email and name a spreadsheet would run as formulas
    from shop.models import Order

    first = place(cart_with(), email="=1+1@example.com")
    Order.objects.filter(pk=first.pk).update(shipping_name='=HYPERLINK("http://evil.example","x")')
    second = place(cart_with(), email="+cmd@example.com")
    Order.objects.filter(pk=second.pk).update(shipping_name="@SUM(A1)")
    third = place(cart_with(), email="-2+3@example.com")
    Order.objects.filter(pk=third.pk).update(shipping_name="\tTab")
    # When staff export the order list as CSV
    rows = _csv(staff_client.get("/admin/orders/", {"export": "csv"}))
    # Then every such cell starts with a quote, and plain cells and amounts are left alone
    cells = {row[0]: row for row in rows[1:]}
    assert cells[first.number][1:3] == ["'=1+1@example.com", '\'=HYPERLINK("http://evil.example","x")']
    assert cells[second.number][1:3] == ["'+cmd@example.com", "'@SUM(A1)"]
    assert cells[third.number][1:3] == ["'-2+3@example.com", "'\tTab"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    assert cells[first.number][-3] == str(first.total)


def test_every_admin_list_of_ours_exports_through_the_formula_guard(staff_client):
    from wagtail.admin.viewsets import viewsets

    from shop.admin.export import SpreadsheetSafeExportMixin

    staff_client.get("/admin/")  # the admin's URLs, and with them every viewset, are loaded
    ours = [
        viewset
        for viewset in viewsets.viewsets
        if hasattr(viewset, "index_view_class")
        and getattr(getattr(viewset, "model", None), "_meta", None)
        and viewset.model._meta.app_label in {"shop", "content", "compare", "newsletter"}
    ]
    assert ours
    unguarded = [
        type(viewset).__name__
        for viewset in ours
        if not issubclass(viewset.index_view_class, SpreadsheetSafeExportMixin)
        and (getattr(viewset, "list_export", None) or viewset.model._meta.app_label == "shop")
    ]
    assert unguarded == []
