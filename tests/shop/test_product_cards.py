"""Product cards: read as values in a fixed number of queries, and their HTML reused only while nothing they show changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.images import get_image_model

from shop.models import ProductImage, ProductVariant
from shop.money import Money
from shop.selectors.cards import CARD_RENDITION, CARD_RENDITIONS, CARD_SRCSET_RENDITIONS, product_cards
from tests.factories import ProductFactory, ProductVariantFactory, PromotionFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def card_named(response, name: str):
    for card in soup(response).select(".product-card"):
        if card.select_one(".product-card__name").get_text(strip=True) == name:
            return card
    raise AssertionError(f"no card for {name!r}")


def without_csrf_tokens(card) -> str:
    """The card's HTML with its CSRF tokens blanked: Django masks the visitor's token afresh on every page."""
    for field in card.select("input[name=csrfmiddlewaretoken]"):
        field["value"] = ""
    return str(card)


def card_templates_rendered(response) -> int:
    return sum(1 for template in response.templates if template.name == "includes/product_card.html")


# --- reading cards ---------------------------------------------------------------------------


def test_cards_come_in_the_order_asked_and_leave_out_inactive_products():
    first, hidden, second = ProductFactory(), ProductFactory(is_active=False), ProductFactory()

    cards = product_cards([second.pk, hidden.pk, first.pk, second.pk])

    assert [card.pk for card in cards] == [second.pk, first.pk]


def test_a_card_prices_from_the_cheapest_variant_and_is_in_stock_while_any_variant_is():
    product = ProductFactory(variant__price=Decimal("35.00"), variant__stock_quantity=0, variant__size="Large")
    ProductVariantFactory(product=product, price=Decimal("30.00"), stock_quantity=2, size="Small", colour="Jade")

    (card,) = product_cards([product.pk])

    assert card.offer.price == Money("30.00")
    assert card.has_price_range is True
    assert card.in_stock is True
    assert [(variant.title, variant.in_stock) for variant in card.variants] == [
        ("Large", False),
        ("Jade / Small", True),
    ]
    assert card.url == product.get_absolute_url()


def test_a_card_shows_the_running_sale_against_the_regular_price():
    product = ProductFactory(variant__price=Decimal("100.00"))
    PromotionFactory(products=[product], kind="percent", value=Decimal("20"))

    (card,) = product_cards([product.pk])

    assert card.offer.price == Money("80.00")
    assert card.offer.was == Money("100.00")
    assert card.offer.on_sale
    assert card.offer.lead.sale_name is not None


@pytest.mark.parametrize("count", [1, 20])
def test_cards_cost_three_queries_however_many_products(make_catalogue, django_assert_num_queries, count):
    ids = [product.pk for product in make_catalogue(count)]
    product_cards(ids)  # makes the card renditions once

    # Products with variants, images with renditions, the variants' price facts (reference prices).
    with django_assert_num_queries(3):
        cards = product_cards(ids)

    assert len(cards) == count
    assert all(card.image is not None for card in cards)


def test_missing_card_renditions_are_made_once_and_found_after(make_catalogue):
    (product,) = make_catalogue(1)
    rendition_model = get_image_model().get_rendition_model()
    rendition_model.objects.all().delete()

    (card,) = product_cards([product.pk])

    stored = rendition_model.objects.get(filter_spec=CARD_RENDITION)
    assert card.image.url == stored.url
    assert (card.image.width, card.image.height) == (stored.width, stored.height)
    assert product_cards([product.pk])[0].image == card.image
    assert rendition_model.objects.count() == len(CARD_RENDITIONS)


def test_a_cards_srcset_offers_its_webp_renditions_by_width(make_catalogue):
    (product,) = make_catalogue(1)

    (card,) = product_cards([product.pk])

    rendition_model = get_image_model().get_rendition_model()
    webp = {r.url: r.width for r in rendition_model.objects.filter(filter_spec__in=CARD_SRCSET_RENDITIONS)}
    candidates = [candidate.split() for candidate in card.image.srcset.split(", ")]
    # Each candidate is one of the card's WebP renditions at its own width, and no width comes twice.
    assert candidates and all(
        url.endswith(".webp") and webp[url] == int(size.removesuffix("w")) for url, size in candidates
    )
    assert len({size for _url, size in candidates}) == len(candidates)


def test_moving_an_images_focal_point_gives_the_card_a_new_rendition(make_catalogue):
    (product,) = make_catalogue(1)
    before = product_cards([product.pk])[0].image
    image = ProductImage.objects.filter(product=product).first().image
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 5, 5, 10, 10
    image.save()

    after = product_cards([product.pk])[0].image

    assert after.url != before.url


def test_a_card_whose_image_file_is_gone_shows_no_picture(make_catalogue):
    (product,) = make_catalogue(1)
    image = ProductImage.objects.filter(product=product).first().image
    get_image_model().get_rendition_model().objects.all().delete()
    image.file.storage.delete(image.file.name)

    (card,) = product_cards([product.pk])

    assert card.image is None


# --- rendering cards -------------------------------------------------------------------------


@pytest.fixture
def basalt(site):
    return ProductFactory(name="Basalt set", variant__price=Decimal("45.00"), variant__stock_quantity=3)


def test_a_second_listing_reuses_the_card_html_and_prints_the_same_page(client, basalt):
    first = client.get("/shop/")
    second = client.get("/shop/")

    assert card_templates_rendered(first) == 1
    assert card_templates_rendered(second) == 0
    assert without_csrf_tokens(card_named(second, "Basalt set")) == without_csrf_tokens(card_named(first, "Basalt set"))


def test_a_new_price_shows_on_the_very_next_page(client, basalt):
    client.get("/shop/")
    variant = basalt.variants.get()
    variant.price = Decimal("39.00")
    variant.save()

    card = card_named(client.get("/shop/"), "Basalt set")

    assert card.select_one(".price__current").get_text(strip=True) == "$39.00"


def test_stock_sold_through_a_bulk_update_shows_sold_out_on_the_very_next_page(client, basalt):
    client.get("/shop/")
    # The stock service writes with UPDATE … SET stock_quantity, which no save() hook would see.
    ProductVariant.objects.filter(product=basalt).update(stock_quantity=0)

    card = card_named(client.get("/shop/"), "Basalt set")

    assert "product-card--sold-out" in card["class"]
    assert card.select_one(".add-to-cart__button").has_attr("disabled")


def test_a_sale_shows_on_the_first_page_after_it_starts(client, basalt):
    now = timezone.now()
    PromotionFactory(products=[basalt], kind="percent", value=Decimal("10"), starts_at=now + timedelta(seconds=10))
    with freeze_time(now):
        before = card_named(client.get("/shop/"), "Basalt set")

    with freeze_time(now + timedelta(seconds=11)):
        card = card_named(client.get("/shop/"), "Basalt set")

    assert before.select_one(".price__current").get_text(strip=True) == "$45.00"
    assert card.select_one(".price__current").get_text(" ", strip=True) == "Sale price $40.50"
    assert card.select_one(".price__was").get_text(" ", strip=True) == "Regular price $45.00"


def test_every_visitor_gets_their_own_csrf_token_in_cached_cards_and_it_is_accepted(basalt):
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        form = card_named(visitor.get("/shop/", HTTP_COOKIE="seen=1"), "Basalt set").select_one("form.add-to-cart")
        fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
        tokens.append(fields["csrfmiddlewaretoken"])

        response = visitor.post(form["action"], fields)

        assert response.status_code == 302
    assert tokens[0] != tokens[1]


def test_cards_come_back_to_the_page_they_were_on_with_the_address_escaped(client, basalt):
    client.get("/shop/?sort=price_asc")

    response = client.get("/shop/", {"sort": "price_asc", "q": '"><b>x</b>'})

    card = card_named(response, "Basalt set")
    assert card.select_one("form.add-to-cart input[name=next]")["value"] == "/shop/"
    assert card.select_one("form.compare-toggle input[name=next]")["value"] == response.wsgi_request.get_full_path()
    assert b"<b>x</b>" not in response.content


def test_a_product_picked_for_comparison_shows_remove_while_the_others_offer_add(client, basalt):
    other = ProductFactory(name="Jade set")
    client.get("/shop/")
    client.post(reverse("compare:add"), {"slug": basalt.slug})

    response = client.get("/shop/")

    picked = card_named(response, "Basalt set").select_one("form.compare-toggle")
    unpicked = card_named(response, other.name).select_one("form.compare-toggle")
    assert picked["action"] == reverse("compare:remove")
    assert picked.select_one("[data-compare-checkbox]").has_attr("checked")
    assert unpicked["action"] == reverse("compare:add")
    assert not unpicked.select_one("[data-compare-checkbox]").has_attr("checked")
