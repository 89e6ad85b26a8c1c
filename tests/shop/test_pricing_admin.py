"""Staff edit sale events, codes, shipping zones and tax rates under "Pricing & tax" in the admin."""

from datetime import date
from decimal import Decimal

import pytest

from shop.models import DiscountCode, Promotion, ShippingZone, TaxRate
from tests.factories import CategoryFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.mark.parametrize("model", ["promotion", "discountcode", "discountredemption", "shippingzone", "taxrate"])
def test_pricing_admin_pages_open(staff_client, model):
    assert staff_client.get(f"/admin/snippets/shop/{model}/").status_code == 200
    assert staff_client.get(f"/admin/snippets/shop/{model}/add/").status_code == 200


def test_pricing_menu_groups_the_tables(rf):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = StaffFactory()
    group = next(item for item in admin_menu.menu_items_for_request(request) if item.label == "Pricing & tax")
    labels = [item.label for item in group.menu.menu_items_for_request(request)]
    assert labels == ["Sale events", "Discount codes", "Code redemptions", "Shipping zones", "Tax rates"]


def add_prairies_zone(staff_client, *, days_min: str, days_max: str):
    """Staff save a new shipping zone for Manitoba and Saskatchewan with one standard rate at $13."""
    return staff_client.post(
        "/admin/snippets/shop/shippingzone/add/",
        {
            "name": "Prairies",
            "provinces": ["MB", "SK"],
            "rates-TOTAL_FORMS": "1",
            "rates-INITIAL_FORMS": "0",
            "rates-MIN_NUM_FORMS": "1",
            "rates-MAX_NUM_FORMS": "1000",
            "rates-0-method": "standard",
            "rates-0-price": "13.00",
            "rates-0-delivery_days_min": days_min,
            "rates-0-delivery_days_max": days_max,
            "rates-0-ORDER": "1",
            "rates-0-id": "",
            "rates-0-DELETE": "",
        },
    )


def test_staff_add_a_shipping_zone_with_rates(staff_client):
    response = add_prairies_zone(staff_client, days_min="3", days_max="6")
    assert response.status_code == 302, response.content.decode()[:2000]
    zone = ShippingZone.objects.get(name="Prairies")
    assert zone.provinces == ["MB", "SK"]
    assert [(rate.method, rate.price, rate.delivery_days_min, rate.delivery_days_max) for rate in zone.rates.all()] == [
        ("standard", Decimal("13.00"), 3, 6)
    ]


def test_a_delivery_estimate_ending_before_it_starts_is_explained_on_the_form(staff_client):
    response = add_prairies_zone(staff_client, days_min="6", days_max="2")
    assert response.status_code == 200
    assert "cannot be shorter than the shortest" in response.content.decode()
    assert not ShippingZone.objects.filter(name="Prairies").exists()


def test_staff_add_a_dated_tax_rate(staff_client):
    response = staff_client.post(
        "/admin/snippets/shop/taxrate/add/",
        {"province": "NS", "name": "HST", "rate": "0.13", "effective_from": "2030-01-01", "effective_to": ""},
    )
    assert response.status_code == 302
    assert TaxRate.objects.filter(province="NS", effective_from=date(2030, 1, 1)).exists()


def test_a_rate_given_as_a_percentage_is_refused(staff_client):
    response = staff_client.post(
        "/admin/snippets/shop/taxrate/add/",
        {"province": "ON", "name": "HST", "rate": "13", "effective_from": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "as a fraction" in response.content.decode()


def test_staff_add_a_code_in_any_case_and_duplicates_are_refused(staff_client):
    fields = {"code": "spring15", "kind": "percent", "value": "15", "is_active": "on"}
    assert staff_client.post("/admin/snippets/shop/discountcode/add/", fields).status_code == 302
    assert DiscountCode.objects.get().code == "SPRING15"
    again = staff_client.post("/admin/snippets/shop/discountcode/add/", {**fields, "code": "Spring15"})
    assert again.status_code == 200
    assert DiscountCode.objects.count() == 1


def test_staff_add_a_category_sale(staff_client):
    category = CategoryFactory()
    response = staff_client.post(
        "/admin/snippets/shop/promotion/add/",
        {
            "name": "Spring sale",
            "kind": "percent",
            "value": "20",
            "starts_at": "2026-03-01 00:00",
            "ends_at": "2026-03-15 00:00",
            "categories": [category.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Promotion.objects.get().categories.all()) == [category]


def test_two_rates_for_one_method_in_a_zone_are_refused_not_a_500(staff_client):
    rate = {"method": "standard", "price": "13.00", "id": "", "DELETE": ""}
    data = {
        "name": "Prairies",
        "provinces": ["MB"],
        "rates-TOTAL_FORMS": "2",
        "rates-INITIAL_FORMS": "0",
        "rates-MIN_NUM_FORMS": "1",
        "rates-MAX_NUM_FORMS": "1000",
    }
    for index in (0, 1):
        data.update({f"rates-{index}-{key}": value for key, value in rate.items()})
        data[f"rates-{index}-ORDER"] = str(index + 1)
    response = staff_client.post("/admin/snippets/shop/shippingzone/add/", data)
    assert response.status_code == 200
    assert not ShippingZone.objects.filter(name="Prairies").exists()
