"""The article's product block explains itself in the editor and lets shoppers add a product to their cart."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from content.models import ArticlePage
from shop.models import CartLine
from tests.content.conftest import product_block
from tests.factories import ProductFactory, ProductVariantFactory, StaffFactory

pytestmark = pytest.mark.django_db


def product_block_def():
    return ArticlePage.body.field.stream_block.child_blocks["products"]


def test_the_block_has_a_label_that_names_its_products_and_says_prices_are_live():
    block = product_block_def()

    assert block.label == "Products from the shop"
    # Wagtail fills {products} with the chosen products' names in the collapsed block's header.
    assert "{products}" in block.meta.label_format
    assert "live" in str(block.meta.help_text)
    assert block.get_description()


def test_the_editor_page_carries_the_blocks_label_and_live_prices_note(client, make_article):
    article = make_article(body=[product_block(ProductFactory(name="Basalt stones"))])
    client.force_login(StaffFactory())

    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()

    assert "Products from the shop" in html
    assert "Prices, sale prices and stock are live" in html
    assert "Basalt stones" in html  # the chosen product is named in the block's chooser


def test_the_block_preview_shows_real_products(client, home_page):
    ProductFactory(name="Basalt stones", variant__price=Decimal("49.00"))
    client.force_login(StaffFactory())

    response = client.get(reverse("wagtailadmin_block_preview"), {"id": product_block_def().definition_prefix})

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one(".product-teaser__name").get_text(strip=True) == "Basalt stones"
    assert "$49.00" in page.get_text()


def test_the_rendered_block_has_a_no_js_add_to_cart_form_with_csrf(make_article):
    # Given an article with a product block, read by a shopper whose browser checks CSRF
    from django.test import Client

    stones = ProductFactory(name="Basalt stones", variant__stock_quantity=5)
    article = make_article(body=[product_block(stones)])
    shopper = Client(enforce_csrf_checks=True)

    page = BeautifulSoup(shopper.get(article.url).content, "html.parser")
    form = page.select_one(".product-block form.add-to-cart")

    assert form["action"] == reverse("shop:cart_add") and form["method"] == "post"
    fields = {field["name"]: field.get("value") for field in form.select("input[name]")}
    assert fields["csrfmiddlewaretoken"]
    assert fields["next"] == article.url

    # When they submit it without JavaScript
    response = shopper.post(form["action"], fields)

    # Then the product is in their cart and they are back on the article
    assert response.status_code == 302 and response["Location"] == article.url
    assert CartLine.objects.get().variant == stones.variants.get()


def test_a_product_with_options_offers_a_picker_with_ids_unique_on_the_page(client, make_article):
    stones = ProductFactory(name="Basalt stones", variant__colour="Black")
    ProductVariantFactory(product=stones, colour="Grey")
    article = make_article(body=[product_block(stones)])
    article.related_products = [stones]
    article.save()

    page = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert page.select_one(".product-block select[name=variant]")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_a_sold_out_product_says_so_instead_of_offering_the_cart(client, make_article):
    article = make_article(body=[product_block(ProductFactory(variant__stock_quantity=0))])

    button = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".product-block button")

    assert button.has_attr("disabled") and button.get_text(strip=True) == "Sold out"
