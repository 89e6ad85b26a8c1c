"""Staff adjust stock by hand with a reason, logged; variants at or under their threshold are listed."""

from __future__ import annotations

import pytest

from shop.models import ProductVariant, StockAdjustment, StockAdjustmentReason
from shop.services.stock_adjustments import StockAdjustmentProblem, stock_adjust
from tests.factories import ProductVariantFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_a_delivery_adds_units_and_is_logged_with_the_staff_member():
    variant = ProductVariantFactory(stock_quantity=2)
    staff = StaffFactory()
    adjustment = stock_adjust(
        variant_id=variant.pk, delta=10, reason=StockAdjustmentReason.RECEIVED, note="PO 77", staff_user=staff
    )
    assert ProductVariant.objects.get(pk=variant.pk).stock_quantity == 12
    assert (adjustment.delta, adjustment.stock_after, adjustment.staff_user, adjustment.note) == (
        10,
        12,
        staff,
        "PO 77",
    )


def test_a_write_off_never_takes_stock_below_zero_and_changes_nothing_when_refused():
    variant = ProductVariantFactory(stock_quantity=2)
    stock_adjust(variant_id=variant.pk, delta=-2, reason=StockAdjustmentReason.DAMAGED)
    with pytest.raises(StockAdjustmentProblem, match="Only 0"):
        stock_adjust(variant_id=variant.pk, delta=-1, reason=StockAdjustmentReason.DAMAGED)
    assert ProductVariant.objects.get(pk=variant.pk).stock_quantity == 0
    assert StockAdjustment.objects.count() == 1


@pytest.mark.parametrize(("delta", "reason"), [(0, StockAdjustmentReason.COUNT), (1, "whim")])
def test_an_adjustment_needs_a_change_and_a_reason(delta, reason):
    variant = ProductVariantFactory(stock_quantity=2)
    with pytest.raises(StockAdjustmentProblem):
        stock_adjust(variant_id=variant.pk, delta=delta, reason=reason)


@pytest.mark.parametrize(("stock", "low"), [(2, True), (3, True), (4, False)])
def test_a_variant_is_low_on_stock_at_or_under_its_threshold(stock, low):
    assert ProductVariantFactory(stock_quantity=stock, low_stock_threshold=3).is_low_on_stock is low


def test_staff_adjust_stock_from_the_admin_and_see_the_log_and_low_stock(staff_client):
    variant = ProductVariantFactory(stock_quantity=5, low_stock_threshold=3)
    response = staff_client.post(
        "/admin/stock_adjustments/add/",
        {"variant": variant.pk, "delta": "-3", "reason": "count", "note": "Shelf count"},
        follow=True,
    )
    assert response.status_code == 200
    assert ProductVariant.objects.get(pk=variant.pk).stock_quantity == 2
    log = staff_client.get("/admin/stock_adjustments/").content.decode()
    assert "Shelf count" in log
    assert variant.sku in staff_client.get("/admin/low_stock/").content.decode()


def test_the_admin_form_says_why_a_write_off_is_refused(staff_client):
    variant = ProductVariantFactory(stock_quantity=1)
    page = staff_client.post(
        "/admin/stock_adjustments/add/", {"variant": variant.pk, "delta": "-5", "reason": "lost"}
    ).content.decode()
    assert "Only 1 on the shelf" in page
    assert ProductVariant.objects.get(pk=variant.pk).stock_quantity == 1


def test_the_stock_pages_refuse_shoppers(client):
    client.force_login(UserFactory())
    for url in ("/admin/stock_adjustments/", "/admin/stock_adjustments/add/", "/admin/low_stock/"):
        assert client.get(url).status_code in (302, 403)
