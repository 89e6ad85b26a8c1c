"""Staff manage the catalogue in the Wagtail admin: list, search, filter, create and edit products."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from shop.models import CategoryTranslation, OptionTranslation, Product, ProductTranslation
from shop.selectors.cards import product_cards
from tests.factories import (
    BrandFactory,
    CategoryFactory,
    MassageGunFactory,
    ProductFactory,
    ProductVariantFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_shop_product:list"


@pytest.fixture
def staff_client(client, site):
    client.force_login(StaffFactory())
    return client


def _variant(**overrides) -> dict:
    return {
        "sku": "STONE-001",
        "colour": "",
        "size": "Large",
        "price": "89.00",
        "compare_at_price": "",
        "stock_quantity": "12",
        "low_stock_threshold": "3",
        "weight_g": "1800",
        **overrides,
    }


def _product_form(category, *, variants, images=(), translations=(), **overrides) -> dict:
    return nested_form_data(
        {
            "name": "Basalt hot stone set",
            "slug": "basalt-hot-stone-set",
            "summary": "Twelve smooth basalt stones.",
            "description": rich_text("<p>Heats evenly and holds warmth.</p>"),
            "category": category.pk,
            "brand": "",
            "product_type": "stone_set",
            "is_active": "on",
            "material": "Basalt",
            "piece_count": "12",
            "variants": inline_formset(list(variants), min=1),
            "images": inline_formset(list(images)),
            "translations": inline_formset(list(translations)),
            **overrides,
        }
    )


def test_staff_see_products_with_price_range_and_total_stock(staff_client):
    product = ProductFactory(name="Pulse Pro", variant__price=Decimal("299.00"), variant__stock_quantity=4)
    ProductVariantFactory(product=product, price=Decimal("349.00"), stock_quantity=3)

    response = staff_client.get(reverse(LIST_URL))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pulse Pro" in page
    assert "$299.00 – $349.00" in page
    assert ">7<" in page.replace(" ", "").replace("\n", "")


def test_products_sit_in_a_shop_menu_group(staff_client):
    response = staff_client.get(reverse("wagtailadmin_home"))
    assert b"Shop" in response.content
    assert reverse(LIST_URL).encode() in response.content


@pytest.mark.parametrize("search", ["pulse", "PULSE-BLK-01", "Arcwave", "pistolet"])
def test_staff_find_products_by_name_sku_brand_or_french_name(staff_client, search):
    pulse = ProductFactory(name="Pulse Pro", brand=BrandFactory(name="Arcwave"), variant__sku="PULSE-BLK-01")
    french, _created = Locale.objects.get_or_create(language_code="fr")
    ProductTranslation.objects.create(product=pulse, locale=french, name="Pistolet de massage Pulse Pro")
    ProductFactory(name="Jade roller", variant__sku="JADE-01")

    response = staff_client.get(reverse(LIST_URL), {"q": search})

    assert response.status_code == 200
    assert b"Pulse Pro" in response.content
    assert b"Jade roller" not in response.content


def test_staff_filter_products_by_category_and_active_flag(staff_client):
    guns = CategoryFactory(name="Guns")
    ProductFactory(name="Pulse Pro", category=guns)
    ProductFactory(name="Retired gun", category=guns, is_active=False)
    ProductFactory(name="Jade roller")

    response = staff_client.get(reverse(LIST_URL), {"category": guns.pk, "is_active": "true"})

    assert b"Pulse Pro" in response.content
    assert b"Retired gun" not in response.content
    assert b"Jade roller" not in response.content


def test_staff_create_a_product_with_a_variant(staff_client):
    category = CategoryFactory()

    response = staff_client.post(
        reverse("wagtailsnippets_shop_product:add"), _product_form(category, variants=[_variant()])
    )

    assert response.status_code == 302
    product = Product.objects.get(slug="basalt-hot-stone-set")
    assert product.piece_count == 12
    assert product.variants.get().price == Decimal("89.00")


def test_the_add_form_shows_specifications_with_the_types_they_apply_to(staff_client):
    response = staff_client.get(reverse("wagtailsnippets_shop_product:add"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Specifications" in page
    assert "Applies to: Percussion massage gun." in page
    assert "Applies to: Percussion massage gun, Massage stone set, Trigger-point tool." in page


def test_a_product_without_variants_is_refused(staff_client):
    response = staff_client.post(
        reverse("wagtailsnippets_shop_product:add"), _product_form(CategoryFactory(), variants=[])
    )

    assert response.status_code == 200
    assert "Add at least one variant" in response.content.decode()
    assert not Product.objects.exists()


def test_a_sku_already_used_by_another_product_is_a_clear_form_error(staff_client):
    ProductFactory(name="Jade roller", variant__sku="STONE-001")

    response = staff_client.post(
        reverse("wagtailsnippets_shop_product:add"), _product_form(CategoryFactory(), variants=[_variant()])
    )

    assert response.status_code == 200
    assert "SKU “STONE-001” already belongs to “Jade roller”" in response.content.decode()
    assert not Product.objects.filter(slug="basalt-hot-stone-set").exists()


def test_the_same_sku_twice_on_one_product_is_a_clear_form_error(staff_client):
    response = staff_client.post(
        reverse("wagtailsnippets_shop_product:add"),
        _product_form(CategoryFactory(), variants=[_variant(), _variant(size="Small")]),
    )

    assert response.status_code == 200
    assert "SKU “STONE-001” is used twice on this product" in response.content.decode()
    assert not Product.objects.exists()


def test_staff_edit_stock_and_price_of_an_existing_variant(staff_client):
    gun = MassageGunFactory(name="Pulse Pro", slug="pulse-pro", variant__sku="PULSE-01", category=CategoryFactory())
    variant = gun.variants.get()
    url = reverse("wagtailsnippets_shop_product:edit", args=[gun.pk])
    assert staff_client.get(url).status_code == 200

    data = _product_form(
        gun.category,
        name="Pulse Pro",
        slug="pulse-pro",
        product_type="massage_gun",
        variants=[_variant(id=variant.pk, sku="PULSE-01", price="279.00", stock_quantity="0")],
    )
    data["variants-INITIAL_FORMS"] = "1"
    response = staff_client.post(url, data)

    assert response.status_code == 302
    variant.refresh_from_db()
    assert (variant.price, variant.stock_quantity) == (Decimal("279.00"), 0)


@pytest.mark.parametrize("viewset", ["category", "brand"])
def test_staff_list_categories_and_brands(staff_client, viewset):
    CategoryFactory(name="Massage stones")
    BrandFactory(name="Arcwave")

    response = staff_client.get(reverse(f"wagtailsnippets_shop_{viewset}:list"))

    assert response.status_code == 200
    assert (b"Massage stones" if viewset == "category" else b"Arcwave") in response.content


def test_products_can_still_be_chosen_as_snippets(staff_client):
    ProductFactory(name="Pulse Pro")

    response = staff_client.get(reverse("wagtailsnippetchoosers_shop_product:choose"))

    assert response.status_code == 200
    assert b"Pulse Pro" in response.content


def test_staff_write_a_products_french_in_its_translations_tab(staff_client, django_capture_on_commit_callbacks):
    french, _created = Locale.objects.get_or_create(language_code="fr")
    stone = ProductFactory(name="Basalt set", slug="basalt-set", variant__sku="BAS-01", category=CategoryFactory())
    variant = stone.variants.get()
    url = reverse("wagtailsnippets_shop_product:edit", args=[stone.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert b"Translations" in page.content and b"translations-TOTAL_FORMS" in page.content

    data = _product_form(
        stone.category,
        name="Basalt set",
        slug="basalt-set",
        variants=[_variant(id=variant.pk, sku="BAS-01")],
        translations=[
            {
                "locale": french.pk,
                "name": "Ensemble de basalte",
                "summary": "Douze pierres de basalte.",
                "description": rich_text("<p>Une roche dense.</p>"),
                "material": "Basalte",
                "sizes": "",
                "ingredients": "",
            }
        ],
    )
    data["variants-INITIAL_FORMS"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)

    assert response.status_code == 302
    saved = ProductTranslation.objects.get(product=stone)
    assert (saved.locale, saved.name, saved.material) == (french, "Ensemble de basalte", "Basalte")
    stone.refresh_from_db()
    assert stone.name == "Basalt set"
    with translation.override("fr"):
        assert product_cards([stone.pk])[0].name == "Ensemble de basalte"


def test_staff_write_a_categorys_french_and_the_option_glossary(staff_client):
    french, _created = Locale.objects.get_or_create(language_code="fr")
    category = CategoryFactory(name="Massage stones", slug="massage-stones")
    url = reverse("wagtailsnippets_shop_category:edit", args=[category.pk])
    assert staff_client.get(url).status_code == 200

    data = nested_form_data(
        {
            "name": "Massage stones",
            "slug": "massage-stones",
            "description": "",
            "image": "",
            "translations": inline_formset(
                [{"locale": french.pk, "name": "Pierres de massage", "description": "Pour la chaleur."}]
            ),
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert CategoryTranslation.objects.get(category=category).name == "Pierres de massage"

    add = reverse("wagtailsnippets_shop_optiontranslation:add")
    assert staff_client.get(add).status_code == 200
    response = staff_client.post(add, {"locale": french.pk, "value": "Glacier white", "translation": "Blanc glacier"})
    assert response.status_code == 302
    assert OptionTranslation.objects.get(value="Glacier white").translation == "Blanc glacier"
    listed = staff_client.get(reverse("wagtailsnippets_shop_optiontranslation:list"))
    assert listed.status_code == 200 and b"Blanc glacier" in listed.content


def test_two_translations_in_one_language_are_refused_with_a_message(staff_client):
    french, _created = Locale.objects.get_or_create(language_code="fr")
    category = CategoryFactory(name="Massage stones", slug="massage-stones")
    url = reverse("wagtailsnippets_shop_category:edit", args=[category.pk])
    row = {"locale": french.pk, "name": "Pierres", "description": ""}

    response = staff_client.post(
        url,
        nested_form_data(
            {
                "name": "Massage stones",
                "slug": "massage-stones",
                "description": "",
                "image": "",
                "translations": inline_formset([row, {**row, "name": "Pierres de massage"}]),
            }
        ),
    )

    assert response.status_code == 200
    assert not CategoryTranslation.objects.exists()
