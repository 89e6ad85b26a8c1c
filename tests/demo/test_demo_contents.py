"""What the demo shop contains once `manage.py load_demo` has run: catalogue, pages, articles, settings, staff."""

import re
from decimal import Decimal
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site

from content.blocks import ArticleBodyBlock
from content.formatting import count_words
from content.models import ArticleIndexPage, ArticlePage, HomePage
from content.policies import PolicyPage
from content.settings import SiteSettings
from demo.data import OPTIONS_FRENCH
from demo.staff import DEFAULT_STAFF_PASSWORD
from shop.models import (
    Category,
    CategoryTranslation,
    OptionTranslation,
    Product,
    ProductImage,
    ProductTranslation,
    ProductVariant,
    ShopSettings,
)
from shop.selectors.cards import product_cards
from shop.selectors.product import product_detail
from shop.specifications import ProductType, spec_fields_for

TEST_IMAGE_SIZE = 64


@pytest.fixture(scope="module")
def demo_shop(django_db_setup, django_db_blocker):
    """One demo shop shared by these read-only tests, rolled back when the module ends.

    Loading takes a few seconds, so the checks share a single load inside an outer transaction;
    each test still runs in its own savepoint on top of it. Yields what the command printed.
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as env:
        env.setenv("PORT", "8123")
        env.delenv("DEMO_STAFF_PASSWORD", raising=False)
        with transaction.atomic():
            out = StringIO()
            call_command("load_demo", image_size=TEST_IMAGE_SIZE, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_first_run_prints_the_admin_url_and_the_staff_login(demo_shop):
    output = demo_shop

    assert "Categories: 4 created" in output
    assert "Admin: http://127.0.0.1:8123/admin/" in output
    assert f"password '{DEFAULT_STAFF_PASSWORD}'" in output
    staff = get_user_model().objects.get(username="staff")
    assert staff.is_staff and staff.is_superuser
    assert staff.email == "staff@knotandstone.example"
    assert staff.check_password(DEFAULT_STAFF_PASSWORD)


@pytest.mark.django_db
def test_the_catalogue_has_16_products_in_4_categories_with_pictures_prices_and_stock(demo_shop):
    assert Product.objects.active().count() >= 16
    assert Category.objects.filter(products__isnull=False).distinct().count() >= 4
    assert set(Product.objects.values_list("product_type", flat=True)) == set(ProductType.values)
    assert not Product.objects.filter(images__isnull=True).exists()
    assert Category.objects.filter(image__isnull=True).count() == 0
    assert ProductVariant.objects.filter(compare_at_price__gt=0).exists(), "some products are on sale"
    assert ProductVariant.objects.filter(stock_quantity=0).exists(), "some products are sold out"
    assert Product.objects.filter(is_featured=True).count() >= 4
    assert Product.objects.filter(variants__colour__gt="", product_type=ProductType.MASSAGE_GUN).exists()
    assert Product.objects.filter(variants__size__gt="", product_type=ProductType.OIL).exists()
    picture = ProductImage.objects.select_related("image").get(product__slug="maple-hand-knobber").image
    assert (picture.width, picture.height) == (TEST_IMAGE_SIZE, TEST_IMAGE_SIZE)
    assert picture.default_alt_text.startswith("Illustration of a hand-held pressure tool")
    assert picture.file_hash and picture.file_size == picture.file.size


@pytest.mark.django_db
def test_massage_guns_come_from_three_brands_with_every_specification_filled(demo_shop):
    guns = Product.objects.filter(product_type=ProductType.MASSAGE_GUN)
    assert guns.values("brand").distinct().count() >= 3
    for gun in guns:
        assert all(spec.value not in (None, "") for spec in gun.specifications), gun.name


@pytest.mark.django_db
def test_the_home_page_replaces_the_welcome_page_as_the_site_root(demo_shop):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.live and home.url == "/"
    assert home.hero_image is not None and home.hero_text
    assert home.featured_products.count() == 4
    # Wagtail's starter page is gone rather than left orphaned beside the shop: the home page and its French
    # translation (the root of the French tree) are the only pages under the root.
    assert set(Page.objects.filter(depth=2)) == set(Page.objects.filter(translation_key=home.translation_key))
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_articles_are_published_linked_to_products_and_use_every_block(demo_shop):
    index = ArticleIndexPage.objects.live().get(locale__language_code="en")
    assert index.url == "/articles/"
    articles = ArticlePage.objects.live().child_of(index)
    assert articles.count() >= 3
    every_block = set(ArticleBodyBlock().child_blocks)
    for article in articles:
        assert {block.block_type for block in article.body} == every_block, article.title
        assert article.related_products.exists() and article.tags.exists()
        assert article.revisions.exists() and not article.has_unpublished_changes
        assert 600 <= count_words(article.body_text()) <= 1000, article.title

    guide = articles.get(slug="trigger-point-therapy-guide")
    products_block = next(block for block in guide.body if block.block_type == "products")
    assert len(products_block.value["products"]) >= 1
    assert "Upper trapezius" in str(guide.body.raw_data)
    assert Product.objects.get(slug="maple-hand-knobber").articles.filter(pk=guide.pk).exists()


@pytest.mark.django_db
def test_site_settings_announce_a_sale_that_has_not_ended_yet(demo_shop):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    assert settings.shop_name == "Knot & Stone Therapy Supply"
    assert settings.contact_phone.startswith("1-800-555-")
    assert "Guelph ON" in settings.mailing_address
    assert settings.announcement_is_showing(timezone.now())
    assert settings.announcement_ends_at > timezone.now()
    shop = ShopSettings.for_site(site)
    assert shop.free_shipping_threshold == Decimal("250.00")
    assert shop.gst_hst_registration.endswith("RT0001") and shop.qst_registration.endswith("TQ0001")


@pytest.mark.django_db
def test_the_demo_pages_answer_with_their_products(demo_shop, client):
    home = client.get("/")
    guide = client.get("/articles/trigger-point-therapy-guide/")
    knobber = client.get("/products/maple-hand-knobber/")

    assert home.status_code == 200
    assert "Tools for tired muscles" in home.content.decode()
    assert "Tidewell Quiet Pulse" in home.content.decode()
    assert guide.status_code == 200
    assert "Maple Hand Knobber" in guide.content.decode()
    assert knobber.status_code == 200
    assert "A practical guide to trigger point therapy" in knobber.content.decode()


@pytest.mark.django_db
def test_the_demo_strikes_through_only_reference_prices_its_history_supports(demo_shop):
    from datetime import timedelta

    from shop.models import Promotion, VariantPriceChange
    from shop.money import Money
    from shop.selectors.offers import variant_offers

    assert not ProductVariant.objects.filter(price_changes__isnull=True).exists()
    assert VariantPriceChange.objects.count() >= ProductVariant.objects.count()
    basalt = ProductVariant.objects.select_related("product").get(sku="KS-STN-BAS20")
    oil = ProductVariant.objects.select_related("product").get(sku="KS-OIL-FCO-500")
    sale = Promotion.objects.create(
        name="Test sale", kind="percent", value=Decimal("15"), starts_at=timezone.now() - timedelta(minutes=1)
    )
    sale.products.set([basalt.product])

    basalt_offer, oil_offer = variant_offers([basalt, oil])

    # $104.00 was never charged for the Basalt set: in the sale it is struck against its own $89.00.
    assert (basalt_offer.price, basalt_offer.was) == (Money("75.65"), Money("89.00"))
    # The oil sold at $34.00 for most of the year before this month's $28.00: a genuine regular price.
    assert (oil_offer.price, oil_offer.was, oil_offer.lowest_recent) == (Money("28.00"), Money("34.00"), Money("28.00"))


def test_every_product_category_and_option_reads_in_french(demo_shop):
    """Fails as soon as a demo product, category or option shopper-facing text lacks its French."""
    assert "Products in French: 20 created" in demo_shop
    for product in Product.objects.all():
        french = ProductTranslation.objects.get(product=product, locale__language_code="fr")
        assert french.name and french.summary and french.description.startswith("<p>"), product.slug
        assert french.summary != product.summary and french.description != product.description, product.slug
        for spec in spec_fields_for(product.product_type):
            if spec.kind == "text" and getattr(product, spec.attribute):
                assert getattr(french, spec.attribute), (product.slug, spec.attribute)
    for category in Category.objects.all():
        french = CategoryTranslation.objects.get(category=category, locale__language_code="fr")
        assert french.name and french.description and french.name != category.name, category.slug
    # Every colour, and every size that is a word rather than a measurement, has its French.
    glossary = set(OptionTranslation.objects.filter(locale__language_code="fr").values_list("value", flat=True))
    assert glossary == set(OPTIONS_FRENCH)
    for variant in ProductVariant.objects.all():
        for value in (variant.colour, variant.size):
            assert not value or value in glossary or value.split()[0].isdigit(), (variant.sku, value)

    with translation.override("fr"):
        cards = product_cards(Product.objects.values_list("pk", flat=True))
        starter = product_detail("basalt-hot-stone-starter-set")
    assert len(cards) == Product.objects.filter(is_active=True).count()
    assert "Ensemble de départ de pierres chaudes en basalte" in {card.name for card in cards}
    assert starter.product.category.name == "Ensembles de pierres de massage"
    assert {spec.display for spec in starter.specifications} >= {"Basalte"}


# Every demo page and its French version, found by the English page's slug path under the home page.
ENGLISH_PAGE_PATHS = (
    "",
    "articles/",
    "articles/trigger-point-therapy-guide/",
    "articles/essential-oil-massage-blends/",
    "articles/choosing-a-percussion-massage-gun/",
    "shipping/",
    "returns/",
    "privacy/",
    "terms/",
    "contact/",
)


@pytest.mark.django_db
def test_every_demo_page_has_a_published_french_translation(demo_shop):
    english_home = Site.objects.get(is_default_site=True).root_page
    english = Page.objects.filter(locale__language_code="en").descendant_of(english_home, inclusive=True)
    # The list above is every English demo page, so a page added to the demo without French fails here.
    assert {page.url_path.removeprefix(english_home.url_path) for page in english} == set(ENGLISH_PAGE_PATHS)
    for page in english:
        french = page.get_translation_or_none(Locale.objects.get(language_code="fr"))
        assert french is not None, page.url_path
        assert french.live and not french.has_unpublished_changes and french.alias_of_id is None, page.url_path
        assert french.title, page.url_path
    assert "French home page: 1 created" in demo_shop
    assert "French articles: 3 created" in demo_shop
    assert "French policy pages: 5 created" in demo_shop


@pytest.mark.django_db
def test_the_french_pages_have_french_slugs_and_text_and_keep_the_facts(demo_shop):
    french = {
        page.url_path: page.specific for page in Page.objects.filter(locale__language_code="fr", depth__gt=2).specific()
    }
    paths = {path.split("/", 2)[2] for path in french}
    assert {"livraison/", "retours/", "confidentialite/", "conditions/", "contact/", "articles/"} <= paths
    assert "articles/guide-points-de-declenchement/" in paths
    kinds = {page.kind for page in french.values() if isinstance(page, PolicyPage)}
    assert kinds == {"shipping", "returns", "privacy", "terms", "contact"}
    returns = next(page for page in french.values() if getattr(page, "kind", "") == "returns")
    assert "30 jours" in returns.intro and "30 jours" in str(returns.body.raw_data)
    privacy = next(page for page in french.values() if getattr(page, "kind", "") == "privacy")
    assert "LPRPDE" in privacy.intro
    guide = next(page for page in french.values() if isinstance(page, ArticlePage) and "déclenchement" in page.title)
    assert "Trapèze supérieur" in str(guide.body.raw_data)
    # The French article shows the same products as the English one, in its product blocks and related list.
    assert Product.objects.get(slug="maple-hand-knobber").articles_showing.filter(pk=guide.pk).exists()
    assert set(guide.tags.names()) == {"points de déclenchement", "automassage", "guides"}
    french_home = HomePage.objects.get(locale__language_code="fr")
    assert "250 $" in french_home.hero_text and french_home.featured_products.count() == 4


@pytest.mark.django_db
def test_the_french_site_settings_text(demo_shop):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    with translation.override("fr"):
        assert settings.localized_tagline.startswith("Pierres de massage")
        assert settings.localized_announcement_text.startswith("Solde anniversaire : 15 % de rabais")
        assert settings.announcement_is_showing(timezone.now())
    with translation.override("en"):
        assert settings.localized_announcement_text.startswith("Anniversary sale")
    day = timezone.localtime(settings.announcement_ends_at).day
    assert str(day) in settings.announcement_text_fr


@pytest.mark.django_db
def test_the_french_demo_pages_render_in_french(demo_shop, rf):
    from wagtail.views import serve

    for path, expected in (
        ("/", "Des outils pour les muscles fatigués"),
        ("/articles/", "Les points de déclenchement"),
        ("/articles/guide-points-de-declenchement/", "Trapèze supérieur"),
        ("/livraison/", "Quand votre commande part"),
        ("/contact/", "Nos heures"),
    ):
        request = rf.get(path)
        request.user = AnonymousUser()
        request.session = {}
        with translation.override("fr"):
            response = serve(request, path.lstrip("/"))
            response.render()
        assert response.status_code == 200, path
        html = response.content.decode()
        assert expected in html, path
        # The footer's policy links and the settings' tagline are French too.
        assert "Retours et remboursements" in html and "Returns and refunds" not in html, path
        assert "choisis à Guelph" in html and "chosen in Guelph" not in html, path


ALT = re.compile(r'<img[^>]*\balt="([^"]+)"')


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fr/", "Illustration de pierres de massage"),
        ("/fr/articles/choisir-un-pistolet-de-massage/", "Illustration d'un pistolet de massage"),
        ("/fr/products/basalt-hot-stone-starter-set/", "Ensemble de départ de pierres chaudes en basalte"),
    ],
)
def test_french_pages_describe_their_pictures_in_french(demo_shop, client, path, expected):
    """The images are shared with the English pages; their descriptions on a French page are French."""
    html = client.get(path).content.decode()
    descriptions = ALT.findall(html)
    assert any(unescape(text).startswith(expected) for text in descriptions), descriptions
    assert not any(text.startswith("Illustration of") for text in descriptions), descriptions


def test_english_pages_keep_the_images_own_descriptions(demo_shop, client):
    descriptions = ALT.findall(client.get("/articles/choosing-a-percussion-massage-gun/").content.decode())
    assert "Illustration of a percussion massage gun in profile" in descriptions
