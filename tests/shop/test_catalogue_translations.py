"""The catalogue in French: every selector a shopper's page reads gives the French text when there is one,
the English when the translation is missing or blank, and costs the same queries in both languages."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from compare.selectors import comparison_page, product_names, tray_state
from compare.services import CompareSelection
from content.search import search_storefront
from shop.catalogue_query import parse_listing_query
from shop.models import CategoryTranslation, OptionTranslation, ProductTranslation
from shop.selectors.cards import product_cards
from shop.selectors.cart import cart_lines, cart_page, quote_lines
from shop.selectors.catalogue import category_by_slug, shop_categories
from shop.selectors.listing import catalogue_listing
from shop.selectors.price_match import variant_for_sku
from shop.selectors.product import product_detail, product_js
from shop.selectors.translations import catalogue_language
from shop.services.cart import CartError, cart_add_item, cart_refresh_stock
from shop.session_keys import CART_TOKEN
from shop.specifications import ProductType
from shop.views import catalogue as shop_views
from shop.views.cart_api import cart_json
from tests.factories import CartFactory, CartLineFactory, CategoryFactory, ProductFactory
from tests.shop.checkout_support import place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def french(db):
    locale, _created = Locale.objects.get_or_create(language_code="fr")
    return locale


@pytest.fixture
def stones(french):
    """A stone set with a full French translation and a colour in the glossary, and a roller with none."""
    category = CategoryFactory(name="Massage stones", slug="massage-stones", description="Stones for heat.")
    CategoryTranslation.objects.create(
        category=category, locale=french, name="Pierres de massage", description="Des pierres pour la chaleur."
    )
    stone = ProductFactory(
        name="Basalt Stone Set",
        slug="basalt-stone-set",
        summary="Twenty basalt stones.",
        description="<p>Dense volcanic rock.</p>",
        category=category,
        product_type=ProductType.STONE_SET,
        material="Basalt",
        sizes="2 large, 8 small",
        variant__sku="STONE-GRA",
        variant__colour="Glacier white",
        variant__size="Large",
        variant__price=Decimal("89.00"),
    )
    ProductTranslation.objects.create(
        product=stone,
        locale=french,
        name="Ensemble de pierres de basalte",
        summary="Vingt pierres de basalte.",
        description="<p>Une roche volcanique dense.</p>",
        material="Basalte",
        sizes="2 grandes, 8 petites",
    )
    OptionTranslation.objects.create(locale=french, value="Glacier white", translation="Blanc glacier")
    roller = ProductFactory(name="Ridged Roller", slug="ridged-roller", category=category, variant__sku="ROLL-1")
    return stone, roller


def test_the_active_language_picks_the_translation_and_english_picks_the_columns(french):
    assert catalogue_language() is None
    with translation.override("fr"):
        assert catalogue_language() == "fr"
    with translation.override("en"):
        assert catalogue_language() is None


def test_cards_are_named_in_french_with_their_options_and_fall_back_to_english(stones):
    stone, roller = stones

    with translation.override("fr"):
        cards = product_cards([stone.pk, roller.pk])
    english = product_cards([stone.pk, roller.pk])

    assert [card.name for card in cards] == ["Ensemble de pierres de basalte", "Ridged Roller"]
    # The glossary has "Glacier white"; "Large" has no French yet, so it reads in English.
    assert cards[0].variants[0].title == "Blanc glacier / Large"
    assert [card.name for card in english] == ["Basalt Stone Set", "Ridged Roller"]
    assert english[0].variants[0].title == "Glacier white / Large"


def test_a_blank_french_field_shows_the_english(stones, french):
    stone, _roller = stones
    ProductTranslation.objects.filter(product=stone).update(summary="", name="")

    with translation.override("fr"):
        detail = product_detail(stone.slug)

    assert detail.product.name == "Basalt Stone Set"
    assert detail.product.summary == "Twenty basalt stones."
    assert detail.product.description == "<p>Une roche volcanique dense.</p>"


def test_the_product_page_reads_name_text_specifications_category_and_options_in_french(stones):
    stone, _roller = stones

    with translation.override("fr"):
        detail = product_detail(stone.slug)
        data = product_js(stone.slug)

    product = detail.product
    assert (product.name, product.summary) == ("Ensemble de pierres de basalte", "Vingt pierres de basalte.")
    assert product.description == "<p>Une roche volcanique dense.</p>"
    assert product.category.name == "Pierres de massage"
    specs = {str(spec.field.label): spec.display for spec in detail.specifications}
    assert specs["Material"] == "Basalte" and specs["Sizes"] == "2 grandes, 8 petites"
    assert detail.selected.variant.title == "Blanc glacier / Large"
    assert data["title"] == "Ensemble de pierres de basalte"
    assert data["variants"][0]["title"] == "Blanc glacier / Large"


def test_in_english_the_product_page_is_unchanged(stones):
    stone, _roller = stones

    detail = product_detail(stone.slug)

    assert (detail.product.name, detail.product.material) == ("Basalt Stone Set", "Basalt")
    assert detail.product.category.name == "Massage stones"
    assert not hasattr(detail.product, "shown_language")


def test_a_product_read_in_french_is_never_saved_over_the_english(stones):
    stone, _roller = stones
    with translation.override("fr"):
        detail = product_detail(stone.slug)

    with pytest.raises(ValueError, match="fr text"):
        detail.product.save()
    with pytest.raises(ValueError):
        detail.selected.variant.save()
    stone.refresh_from_db()
    assert stone.name == "Basalt Stone Set"


def test_the_listing_sorts_a_to_z_by_the_french_names(stones, french):
    _stone, roller = stones
    ProductTranslation.objects.create(product=roller, locale=french, name="Bâton rouleau à stries")

    with translation.override("fr"):
        listing = catalogue_listing(parse_listing_query({}))
    english = catalogue_listing(parse_listing_query({}))

    # Featured first then A–Z: "Bâton…" before "Ensemble…" in French, "Basalt…" before "Ridged…" in English.
    assert [card.name for card in listing.page] == ["Bâton rouleau à stries", "Ensemble de pierres de basalte"]
    assert [card.name for card in english.page] == ["Basalt Stone Set", "Ridged Roller"]
    assert [option.label for option in listing.categories] == ["Pierres de massage"]


def test_categories_are_named_in_the_language_read_and_a_new_translation_shows_at_once(stones, french):
    other = CategoryFactory(name="Oils", slug="oils")

    with translation.override("fr"):
        before = {entry.slug: entry.name for entry in shop_categories()}
        CategoryTranslation.objects.create(category=other, locale=french, name="Huiles")
        after = {entry.slug: entry.name for entry in shop_categories()}
        category = category_by_slug("massage-stones")

    assert before == {"massage-stones": "Pierres de massage", "oils": "Oils"}
    assert after == {"massage-stones": "Pierres de massage", "oils": "Huiles"}
    assert (category.name, category.description) == ("Pierres de massage", "Des pierres pour la chaleur.")
    assert {entry.slug: entry.name for entry in shop_categories()}["oils"] == "Oils"


def test_the_cart_checkout_lines_and_cart_json_names_are_french(stones, client):
    stone, _roller = stones
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=stone.variants.get(), quantity=2)

    with translation.override("fr"):
        page = cart_page(cart=cart, province="QC")
        quote = quote_lines(cart_lines(cart), province="QC")

    row = page.rows[0]
    assert row.product_name == "Ensemble de pierres de basalte"
    assert row.variant_title == "Blanc glacier / Large"
    assert row.priced.title == "Ensemble de pierres de basalte — Blanc glacier / Large"
    assert quote.lines[0].title == "Ensemble de pierres de basalte — Blanc glacier / Large"
    assert cart_page(cart=cart, province="QC").rows[0].product_name == "Basalt Stone Set"


def test_the_carts_corrections_name_products_and_options_in_french(stones):
    stone, roller = stones
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=stone.variants.get(), quantity=5)
    CartLineFactory(cart=cart, variant=roller.variants.get(), quantity=1)
    stone.variants.update(stock_quantity=2)
    roller.__class__.objects.filter(pk=roller.pk).update(is_active=False)

    with translation.override("fr"):
        messages = cart_refresh_stock(cart=cart)
        with pytest.raises(CartError) as refused:
            cart_add_item(cart=cart, variant_id=roller.variants.get().pk, quantity=1)

    assert "Ensemble de pierres de basalte — Blanc glacier / Large" in messages[0]
    assert "Ridged Roller" in messages[1]  # no French name: the English one
    assert "Ridged Roller" in str(refused.value)
    ProductTranslation.objects.create(product=roller, locale=stones[0].translations.get().locale, name="Rouleau")
    with translation.override("fr"), pytest.raises(CartError, match="Rouleau"):
        cart_add_item(cart=cart, variant_id=roller.variants.get().pk, quantity=1)


def test_an_order_line_keeps_the_name_the_shopper_read_at_purchase(stones, french):
    stone, _roller = stones
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=stone.variants.get(), quantity=1)

    with translation.override("fr"):
        order = place(cart)
    # The translation changes later; the order line keeps what the shopper was sold.
    ProductTranslation.objects.filter(product=stone).update(name="Nouveau nom")

    line = order.lines.get()
    assert (line.product_name, line.variant_title) == ("Ensemble de pierres de basalte", "Blanc glacier / Large")
    english = CartFactory()
    CartLineFactory(cart=english, variant=stone.variants.get(), quantity=1)
    assert place(english, email="bo@example.com").lines.get().product_name == "Basalt Stone Set"


def test_the_price_match_form_names_the_variants_in_french(stones):
    stone, _roller = stones

    with translation.override("fr"):
        chosen, variants = variant_for_sku(product_slug=stone.slug, sku="STONE-GRA")

    assert (chosen.product.name, chosen.title) == ("Ensemble de pierres de basalte", "Blanc glacier / Large")
    assert variants == [chosen]


def test_the_comparison_and_the_tray_name_products_in_french(stones):
    stone, roller = stones

    with translation.override("fr"):
        page = comparison_page([stone.slug, roller.slug], only_differences=False)
        tray = tray_state(CompareSelection((stone.slug, roller.slug)))
        names = product_names([stone.slug])

    facts = {facts.slug: facts for _product, facts in page.columns}
    assert facts[stone.slug].name == "Ensemble de pierres de basalte"
    assert facts[roller.slug].name == "Ridged Roller"
    material = next(row for row in page.table.rows if row.attribute == "material")
    assert material.cells[0] == "Basalte"
    assert [item.name for item in tray.items] == ["Ensemble de pierres de basalte", "Ridged Roller"]
    assert names == {stone.slug: "Ensemble de pierres de basalte"}


def test_french_pages_cost_the_same_queries_as_english(stones):
    stone, roller = stones
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=stone.variants.get())
    CartLineFactory(cart=cart, variant=roller.variants.get())
    reads = {
        "cards": lambda: product_cards([stone.pk, roller.pk]),
        "listing": lambda: catalogue_listing(parse_listing_query({})),
        "product": lambda: product_detail(stone.slug),
        "product js": lambda: product_js(stone.slug),
        "cart": lambda: cart_page(cart=cart, province="ON"),
        "compare": lambda: comparison_page([stone.slug, roller.slug], only_differences=False),
    }
    for name, read in reads.items():
        read(), shop_categories()  # warm: renditions, cached lists
        with CaptureQueriesContext(connection) as english:
            read()
        with translation.override("fr"), CaptureQueriesContext(connection) as french:
            read()
        assert len(french) == len(english), name


def test_a_french_search_finds_products_by_their_french_text(stones, french, django_capture_on_commit_callbacks):
    stone, _roller = stones
    oil = ProductFactory(name="Sweet Almond Oil", slug="almond-oil")
    with django_capture_on_commit_callbacks(execute=True):
        # Saving a translation writes the product's search entry again, with the French in it.
        ProductTranslation.objects.filter(product=stone).get().save()
        ProductTranslation.objects.create(product=oil, locale=french, name="Huile d'amande douce")

    with translation.override("fr"):
        found_stones = [product.pk for product in search_storefront("pierres")[0:10]]
        found_oils = [product.pk for product in search_storefront("huile")[0:10]]

    assert found_stones == [stone.pk]
    assert found_oils == [oil.pk]
    assert [product.pk for product in search_storefront("basalt")[0:10]] == [stone.pk]


def _shopper_request(path: str):
    # The view itself, without the middleware: the language is the one made active around it here,
    # whatever the URL's own language prefix will say once there is one.
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def test_the_product_and_category_pages_render_the_french(stones, site):
    stone, _roller = stones

    with translation.override("fr"):
        product_html = shop_views.product(_shopper_request(f"/products/{stone.slug}/"), slug=stone.slug)
        category_html = shop_views.category(_shopper_request("/shop/massage-stones/"), category_slug="massage-stones")
    english_html = shop_views.product(_shopper_request(f"/products/{stone.slug}/"), slug=stone.slug)

    page = product_html.content.decode()
    assert '<h1 class="product__name">Ensemble de pierres de basalte</h1>' in page
    assert "Vingt pierres de basalte." in page and "Une roche volcanique dense." in page
    assert "Pierres de massage" in page and "Basalte" in page and "Blanc glacier / Large" in page
    listing = category_html.content.decode()
    assert "<h1>Pierres de massage</h1>" in listing and "Ensemble de pierres de basalte" in listing
    assert '<h1 class="product__name">Basalt Stone Set</h1>' in english_html.content.decode()


def test_cart_js_names_the_lines_in_french(stones):
    stone, _roller = stones
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=stone.variants.get(), quantity=1)
    request = _shopper_request("/cart.js")
    request.session[CART_TOKEN] = str(cart.token)

    with translation.override("fr"):
        item = cart_json(request)["items"][0]

    assert item["product_title"] == "Ensemble de pierres de basalte"
    assert item["variant_title"] == "Blanc glacier / Large"
    assert item["title"] == "Ensemble de pierres de basalte — Blanc glacier / Large"
