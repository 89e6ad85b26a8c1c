"""Staff see orders in the Wagtail admin: list, filters, search and the detail page."""

import pytest

from shop.services.orders import order_mark_paid
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
