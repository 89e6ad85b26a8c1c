"""Honest reference prices: the Competition Bureau's time and volume tests, each boundary from both sides.

The rules (shop.reference_prices) are tested on plain values; then the price path (offers, cards, product
page, cart), the price history service, the admin's warning and the demo's Basalt set, under a frozen clock.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from freezegun import freeze_time

from shop.models import Order, OrderStatus, Promotion, VariantPriceChange
from shop.money import Money
from shop.reference_prices import (
    LOWEST_PRICE_WINDOW,
    TIME_TEST_WINDOW,
    PriceFacts,
    PricePoint,
    UnitsSold,
    genuine_reference,
    lowest_recent_price,
    passes_time_test,
    passes_volume_test,
    reference_verdict,
)
from shop.selectors.offers import variant_offers
from shop.selectors.reference_prices import price_facts
from shop.services.price_history import variant_price_history_start, variant_prices_record
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    ProductVariantFactory,
    StaffFactory,
    price_history,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
HALF = TIME_TEST_WINDOW / 2  # 91 days 12 hours
SECOND = timedelta(seconds=1)


def held_until(reduced_at: datetime) -> tuple[PricePoint, ...]:
    """$104.00 since long before the window, then $89.00 from `reduced_at`."""
    return (PricePoint(NOW - timedelta(days=400), Decimal("104.00")), PricePoint(reduced_at, Decimal("89.00")))


# --- the time test ----------------------------------------------------------------------------------


def test_the_time_test_needs_more_than_half_of_six_months():
    start = NOW - TIME_TEST_WINDOW
    # Held exactly half the window: not more than half.
    assert not passes_time_test(held_until(start + HALF), Decimal("104.00"), now=NOW)
    assert not passes_time_test(held_until(start + HALF - SECOND), Decimal("104.00"), now=NOW)
    assert passes_time_test(held_until(start + HALF + SECOND), Decimal("104.00"), now=NOW)


def test_the_time_test_counts_that_price_or_higher_and_never_a_cent_less():
    history = held_until(NOW - timedelta(days=30))
    assert passes_time_test(history, Decimal("104.00"), now=NOW)
    assert passes_time_test(history, Decimal("103.99"), now=NOW)
    assert not passes_time_test(history, Decimal("104.01"), now=NOW)


def test_time_before_the_first_recorded_price_counts_against_the_time_test():
    # Offered at $104 for 100 days, then $89: but nothing is known before 100 days ago.
    history = (PricePoint(NOW - timedelta(days=100), Decimal("104.00")), PricePoint(NOW, Decimal("89.00")))
    assert passes_time_test(history, Decimal("104.00"), now=NOW)
    history = (PricePoint(NOW - timedelta(days=91), Decimal("104.00")), PricePoint(NOW, Decimal("89.00")))
    assert not passes_time_test(history, Decimal("104.00"), now=NOW)


def test_a_price_held_only_before_the_six_months_does_not_count():
    history = (
        PricePoint(NOW - timedelta(days=400), Decimal("104.00")),
        PricePoint(NOW - TIME_TEST_WINDOW, Decimal("89.00")),
    )
    assert not passes_time_test(history, Decimal("104.00"), now=NOW)


# --- the volume test --------------------------------------------------------------------------------


def test_the_volume_test_needs_more_than_half_of_the_units_at_that_price_or_above():
    def sold(at_or_above: int, below: int) -> tuple[UnitsSold, ...]:
        return (UnitsSold(Decimal("104.00"), at_or_above), UnitsSold(Decimal("103.99"), below))

    assert not passes_volume_test(sold(5, 5), Decimal("104.00"))
    assert passes_volume_test(sold(6, 5), Decimal("104.00"))
    assert not passes_volume_test(sold(5, 6), Decimal("104.00"))
    assert not passes_volume_test((), Decimal("104.00"))  # nothing sold proves nothing


def test_units_sold_above_the_reference_count_too():
    assert passes_volume_test((UnitsSold(Decimal("120.00"), 3), UnitsSold(Decimal("89.00"), 2)), Decimal("104.00"))


# --- the verdict and what is struck through -------------------------------------------------------------


def test_a_failing_reference_price_says_why_and_is_not_struck_through():
    facts = PriceFacts(history=(PricePoint(NOW - timedelta(days=10), Decimal("89.00")),))
    verdict = reference_verdict(Money("104.00"), facts, now=NOW)
    assert not verdict.passes
    assert "0 of 183 days" in verdict.reason and "0 of 0 units" in verdict.reason
    assert genuine_reference(Money("104.00"), Money("89.00"), facts, now=NOW) is None


def test_a_reference_price_passing_either_test_is_struck_through():
    by_time = PriceFacts(history=held_until(NOW - timedelta(days=20)))
    by_volume = PriceFacts(
        history=(PricePoint(NOW - timedelta(days=10), Decimal("89.00")),), sold=(UnitsSold(Decimal("104.00"), 3),)
    )
    assert genuine_reference(Money("104.00"), Money("89.00"), by_time, now=NOW) == Money("104.00")
    assert genuine_reference(Money("104.00"), Money("89.00"), by_volume, now=NOW) == Money("104.00")
    # Not above the price: nothing to strike through, passing or not.
    assert genuine_reference(Money("89.00"), Money("89.00"), by_time, now=NOW) is None


# --- the lowest price of the last 30 days ---------------------------------------------------------------


def test_the_lowest_price_counts_a_price_in_force_at_any_moment_of_the_last_30_days():
    start = NOW - LOWEST_PRICE_WINDOW

    def history(ended_at):
        return (PricePoint(NOW - timedelta(days=60), Decimal("79.00")), PricePoint(ended_at, Decimal("89.00")))

    assert lowest_recent_price(history(start), now=NOW) == Money("89.00")
    assert lowest_recent_price(history(start + SECOND), now=NOW) == Money("79.00")
    assert lowest_recent_price((), now=NOW) is None


# --- the price path -------------------------------------------------------------------------------------


def _basalt(*, history=None):
    category = CategoryFactory()
    product = ProductFactory(category=category, variant=False)
    variant = ProductVariantFactory(
        product=product, sku="KS-STN-BAS20", price=Decimal("89.00"), compare_at_price=Decimal("104.00")
    )
    if history:
        price_history(variant, *history)
    return product, variant


def _sale(product):
    sale = Promotion.objects.create(
        name="Spring sale", kind="percent", value=Decimal("15"), starts_at=NOW - timedelta(hours=1)
    )
    sale.products.set([product])
    return sale


@pytest.mark.django_db
@freeze_time(NOW)
def test_in_a_sale_basalt_is_struck_against_its_own_price_when_104_was_never_charged():
    product, variant = _basalt()
    _sale(product)
    (offer,) = variant_offers([variant])
    assert (offer.price, offer.was) == (Money("75.65"), Money("89.00"))
    assert offer.lowest_recent == Money("89.00")


@pytest.mark.django_db
@freeze_time(NOW)
def test_in_a_sale_basalt_is_struck_against_104_when_the_history_supports_it():
    product, variant = _basalt(history=[(200, "104.00"), (20, "89.00")])
    _sale(product)
    (offer,) = variant_offers([variant])
    assert (offer.price, offer.was) == (Money("75.65"), Money("104.00"))
    assert offer.lowest_recent == Money("89.00")


@pytest.mark.django_db
@freeze_time(NOW)
def test_without_a_sale_an_unsupported_compare_at_price_is_not_shown():
    _product, variant = _basalt(history=[(80, "104.00"), (20, "89.00")])  # 60 of 183 days at $104
    (offer,) = variant_offers([variant])
    assert (offer.price, offer.was, offer.on_sale) == (Money("89.00"), None, False)
    assert offer.lowest_recent is None


def _paid_order_line(variant, *, unit_price: str, quantity: int, placed: datetime, status=OrderStatus.PAID):
    order = Order.objects.create(
        email="ada@example.com",
        status=status,
        subtotal=Decimal("0.00"),
        total=Decimal("0.00"),
        shipping_method="standard",
        shipping_name="Ada",
        shipping_line1="1 Main St",
        shipping_city="Toronto",
        shipping_province="ON",
        shipping_postal_code="M5V 1A1",
        idempotency_key=f"ref-{uuid.uuid4()}",
    )
    order.lines.create(
        variant=variant,
        product_name="Basalt",
        sku=variant.sku,
        unit_price=Decimal(unit_price),
        quantity=quantity,
        line_total=Decimal(unit_price) * quantity,
    )
    type(order).objects.filter(pk=order.pk).update(created_at=placed)


@pytest.mark.django_db
@freeze_time(NOW)
def test_the_volume_test_reads_paid_order_lines_of_the_last_twelve_months():
    _product, variant = _basalt()
    _paid_order_line(variant, unit_price="104.00", quantity=3, placed=NOW - timedelta(days=365) + SECOND)
    _paid_order_line(variant, unit_price="89.00", quantity=2, placed=NOW - timedelta(days=10))
    _paid_order_line(variant, unit_price="89.00", quantity=9, placed=NOW - timedelta(days=365))  # a year ago: out
    _paid_order_line(variant, unit_price="89.00", quantity=9, placed=NOW, status=OrderStatus.PENDING_PAYMENT)
    (offer,) = variant_offers([variant])
    assert offer.was == Money("104.00")

    _paid_order_line(variant, unit_price="89.00", quantity=1, placed=NOW - timedelta(days=1))  # now 3 of 6
    (offer,) = variant_offers([variant])
    assert offer.was is None


@pytest.mark.django_db
@freeze_time(NOW)
def test_price_facts_for_many_variants_cost_one_query(django_assert_num_queries):
    variants = [_basalt()[1]] + [ProductVariantFactory() for _ in range(5)]
    with django_assert_num_queries(1):
        facts = price_facts([variant.pk for variant in variants], now=NOW)
    assert facts[variants[0].pk].history == (PricePoint(NOW, Decimal("89.00")),)


@pytest.mark.django_db
def test_price_facts_keep_the_price_in_force_when_the_look_back_began():
    _product, variant = _basalt(history=[(900, "120.00"), (500, "104.00"), (20, "89.00")])
    facts = price_facts([variant.pk], now=variant.price_changes.last().changed_at + timedelta(days=20))
    assert [point.price for point in facts[variant.pk].history] == [Decimal("104.00"), Decimal("89.00")]


@pytest.mark.django_db
@freeze_time(NOW)
def test_the_product_page_card_and_cart_show_the_30_day_low_beside_a_sale_price(client, site):
    product, variant = _basalt()
    _sale(product)
    note = "Lowest regular price in the last 30 days: $89.00"

    page = BeautifulSoup(client.get(product.get_absolute_url()).content, "html.parser")
    assert page.select_one(".product__summary .price__lowest").get_text(strip=True) == note
    assert page.select_one(".product__summary .price__was").get_text(strip=True).endswith("$89.00")
    listing = BeautifulSoup(client.get("/shop/").content, "html.parser")
    assert listing.select_one(".product-card .price__lowest").get_text(strip=True) == note
    assert client.post("/cart/add.js", {"id": variant.pk, "quantity": 1}).status_code == 200
    cart = BeautifulSoup(client.get("/cart/").content, "html.parser")
    assert cart.select_one(".cart-line .price__lowest").get_text(strip=True) == note


@pytest.mark.django_db
@freeze_time(NOW)
def test_no_30_day_note_without_a_sale_price(client, site):
    product, _variant = _basalt()
    page = BeautifulSoup(client.get(product.get_absolute_url()).content, "html.parser")
    assert page.select_one(".price__lowest") is None
    assert page.select_one(".product__summary .price__was") is None


# --- the price history ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_price_change_is_recorded_once_with_its_time():
    variant = ProductVariantFactory(price=Decimal("89.00"))
    assert list(variant.price_changes.values_list("price", flat=True)) == [Decimal("89.00")]

    assert variant_prices_record(variant_ids=[variant.pk]) == []  # unchanged: nothing written
    variant.price = Decimal("79.00")
    variant.save()
    with freeze_time(NOW):
        (row,) = variant_prices_record(variant_ids=[variant.pk])
    assert (row.price, row.changed_at) == (Decimal("79.00"), NOW)


@pytest.mark.django_db
def test_a_known_past_is_written_only_for_a_variant_without_history():
    variant = ProductVariantFactory(price=Decimal("28.00"), price_history=False)
    with freeze_time(NOW):
        points = [(NOW - timedelta(days=300), Decimal("34.00")), (NOW - timedelta(days=14), Decimal("28.00"))]
        assert len(variant_price_history_start(variant_id=variant.pk, points=points)) == 2
        assert variant_price_history_start(variant_id=variant.pk, points=points) == []
    other = ProductVariantFactory(price=Decimal("28.00"), price_history=False)
    with pytest.raises(ValueError, match="current price"):
        variant_price_history_start(variant_id=other.pk, points=[(NOW, Decimal("34.00"))])
    assert not VariantPriceChange.objects.filter(variant=other).exists()


# --- the admin ------------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, site):
    client.force_login(StaffFactory())
    return client


@pytest.mark.django_db
def test_the_product_editor_flags_a_reference_price_the_storefront_will_not_show(staff_client):
    product, _variant = _basalt()
    response = staff_client.get(reverse("wagtailsnippets_shop_product:edit", args=[product.pk]))
    text = response.content.decode()
    assert "KS-STN-BAS20: the compare-at price $104.00 will not be shown to shoppers." in text
    assert "only 0 of 183 days" in text


@pytest.mark.django_db
def test_a_genuine_reference_price_is_not_flagged(staff_client):
    product, _variant = _basalt(history=[(200, "104.00"), (20, "89.00")])
    response = staff_client.get(reverse("wagtailsnippets_shop_product:edit", args=[product.pk]))
    assert "will not be shown to shoppers" not in response.content.decode()


@pytest.mark.django_db
def test_staff_can_save_a_failing_reference_price_and_are_told_the_storefront_will_not_show_it(staff_client):
    from tests.shop.test_catalogue_admin import _product_form, _variant

    product, variant = _basalt()
    url = reverse("wagtailsnippets_shop_product:edit", args=[product.pk])
    data = _product_form(
        product.category,
        name=product.name,
        slug=product.slug,
        variants=[_variant(id=variant.pk, sku=variant.sku, price="79.00", compare_at_price="104.00")],
    )
    data["variants-INITIAL_FORMS"] = "1"
    with freeze_time(NOW):
        response = staff_client.post(url, data, follow=True)

    assert response.status_code == 200
    variant.refresh_from_db()
    assert (variant.price, variant.compare_at_price) == (Decimal("79.00"), Decimal("104.00"))
    messages = [str(message) for message in response.context["messages"]]
    assert any("KS-STN-BAS20: the compare-at price $104.00 will not be shown to shoppers." in m for m in messages)
    # The admin's save recorded the new price with its time, after the first one.
    latest = variant.price_changes.order_by("pk").last()
    assert (variant.price_changes.count(), latest.price, latest.changed_at) == (2, Decimal("79.00"), NOW)
