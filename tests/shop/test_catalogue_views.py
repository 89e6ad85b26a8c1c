import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import (
    CategoryFactory,
    MassageGunFactory,
    ProductFactory,
    ProductVariantFactory,
    genuine_compare_at,
)

pytestmark = pytest.mark.django_db


# Every absolute link is on SITE_URL, neither the Site row's host (localhost) nor the request's (testserver).
PUBLIC = "https://shop.example.ca"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = PUBLIC


def _json_ld(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    script = soup.find("script", type="application/ld+json")
    assert script is not None
    return json.loads(script.string)


def test_the_shop_lists_active_products_and_hides_inactive_ones(client, site):
    ProductFactory(name="Basalt stone set")
    ProductFactory(name="Retired roller", is_active=False)

    response = client.get(reverse("shop:listing"))

    assert response.status_code == 200
    assert b"Basalt stone set" in response.content
    assert b"Retired roller" not in response.content


def test_a_category_page_lists_only_that_category(client, site):
    stones = CategoryFactory(name="Massage stones", slug="massage-stones")
    ProductFactory(name="Basalt stone set", category=stones)
    ProductFactory(name="Cork trigger ball")

    response = client.get(reverse("shop:category", kwargs={"category_slug": "massage-stones"}))

    assert response.status_code == 200
    assert b"Basalt stone set" in response.content
    assert b"Cork trigger ball" not in response.content


def test_renamed_categories_and_brands_show_in_the_menu_and_facets_on_the_next_page(client, site):
    # Given a listing has been shown, with its category and brand lists now in the cache
    stones = CategoryFactory(name="Massage stones", slug="massage-stones")
    product = ProductFactory(name="Basalt stone set", category=stones)
    client.get(reverse("shop:listing"))

    # When staff rename the category and the brand
    stones.name = "Hot stones"
    stones.save()
    product.brand.name = "Stone & Co"
    product.brand.save()

    # Then the very next page shows the new names
    page = BeautifulSoup(client.get(reverse("shop:listing")).content, "html.parser")
    menu = [link.get_text(strip=True) for link in page.select(".site-nav__link")]
    facets = [label.get_text(" ", strip=True) for label in page.select(".facet__links a, .facet__option")]
    assert "Hot stones" in menu
    assert "Hot stones (1)" in facets
    assert "Stone & Co (1)" in facets


def test_an_unknown_category_is_a_404_in_the_site_design(client, site):
    response = client.get("/shop/no-such-category/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.parametrize("active", [False, None])
def test_an_inactive_or_unknown_product_is_a_404(client, site, active):
    if active is False:
        ProductFactory(slug="retired-roller", is_active=False)

    response = client.get("/products/retired-roller/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


def test_the_product_page_shows_price_stock_and_specifications_with_units(client, site):
    gun = MassageGunFactory(
        name="Pulse Pro", slug="pulse-pro", amplitude_mm=Decimal("12.5"), noise_db=None, variant=False
    )
    genuine_compare_at(
        ProductVariantFactory(
            product=gun, price=Decimal("1234.50"), compare_at_price=Decimal("1499.00"), stock_quantity=3
        )
    )

    response = client.get(gun.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "$1,234.50" in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".product__summary s.price__was").get_text(strip=True).endswith("$1,499.00")
    specs = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in BeautifulSoup(page, "html.parser").select(".spec-table tr")
    }
    assert specs["Amplitude"] == "12.5 mm"
    assert specs["Stall force"] == "50 lb"
    assert "Noise" not in specs  # unknown values are left out rather than shown blank
    assert "In stock" in page


def test_the_product_page_carries_a_cad_offer_in_json_ld(client, site):
    gun = MassageGunFactory(slug="pulse-pro", variant=False)
    ProductVariantFactory(product=gun, sku="PULSE-BLK", price=Decimal("299.00"), stock_quantity=2)
    ProductVariantFactory(product=gun, sku="PULSE-WHT", price=Decimal("309.00"), stock_quantity=0)

    data = _json_ld(client.get(gun.get_absolute_url()))

    assert data["@type"] == "Product"
    assert data["name"] == gun.name
    offers = {offer["sku"]: offer for offer in data["offers"]}
    assert offers["PULSE-BLK"] == {
        "@type": "Offer",
        "sku": "PULSE-BLK",
        "name": gun.name,
        "price": "299.00",
        "priceCurrency": "CAD",
        "availability": "https://schema.org/InStock",
        "url": f"{PUBLIC}/products/pulse-pro/",
    }
    assert offers["PULSE-WHT"]["availability"] == "https://schema.org/OutOfStock"


def test_json_ld_cannot_close_its_script_element(client, site):
    product = ProductFactory(slug="tricky", name="Roller </script><b>bold</b>")

    response = client.get(product.get_absolute_url())

    assert b"</script><b>" not in response.content
    assert _json_ld(response)["name"] == "Roller </script><b>bold</b>"


def test_the_product_page_has_canonical_meta_description_and_opengraph(client, site):
    product = ProductFactory(slug="cork-ball", summary="A firm cork ball for trigger points.")

    soup = BeautifulSoup(client.get("/products/cork-ball/?variant=nothing").content, "html.parser")

    assert soup.find("link", rel="canonical")["href"] == f"{PUBLIC}/products/cork-ball/"
    assert soup.find("meta", attrs={"name": "description"})["content"] == product.summary
    assert soup.find("meta", property="og:type")["content"] == "product"


def test_choosing_a_variant_shows_its_price_and_stock(client, site):
    product = ProductFactory(slug="stone-set", variant=False)
    ProductVariantFactory(product=product, sku="SET-S", size="Small", price=Decimal("40.00"), stock_quantity=4)
    ProductVariantFactory(product=product, sku="SET-L", size="Large", price=Decimal("80.00"), stock_quantity=0)

    response = client.get("/products/stone-set/?variant=SET-L")

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".product__summary .price__current").get_text(strip=True) == "$80.00"
    assert soup.select_one(".product__summary .stock").get_text(strip=True) == "Sold out"
    assert soup.select_one(".variant-picker [aria-current]").get_text(" ", strip=True).startswith("Large")


def test_the_product_page_links_to_live_articles_about_it(client, site):
    from content.models import ArticleIndexPage, ArticlePage

    product = ProductFactory(slug="cork-ball")
    index = site.root_page.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))
    article = index.add_child(
        instance=ArticlePage(title="Trigger point guide", slug="guide", author="Ada", date="2026-01-05", intro="How.")
    )
    article.related_products.add(product)
    article.save_revision().publish()
    draft = index.add_child(
        instance=ArticlePage(
            title="Unpublished draft", slug="draft", author="Ada", date="2026-01-06", intro="Soon.", live=False
        )
    )
    draft.related_products.add(product)
    draft.save()

    response = client.get("/products/cork-ball/")

    assert b"Trigger point guide" in response.content
    assert b"Unpublished draft" not in response.content


LONG = "x" * 3000


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=%C2%B2",  # "²": str.isdigit() says yes, int() says no
        "page=%C2%B9%C2%B2",
        "page=99999",
        "sort=evil",
        "min_price=-5",
        "max_price=NaN",
        f"brand={LONG}",
        f"q={LONG}",
        f"sort={LONG}&page={LONG}&price={LONG}&min_price={LONG}",
        "brand=%00&in_stock=%ff",
    ],
)
@pytest.mark.parametrize("path", ["/shop/", "/shop/stones/"])
def test_nonsense_query_strings_give_a_normal_page(client, site, query, path):
    stones = CategoryFactory(slug="stones")
    for _ in range(25):
        ProductFactory(category=stones)

    response = client.get(f"{path}?{query}")

    assert response.status_code == 200
    assert b"25 products" in response.content
    # Links, canonical and OpenGraph are rebuilt from what was understood; junk is not echoed back.
    soup = BeautifulSoup(response.content, "html.parser")
    for part in (soup.head, soup.select_one("form.facets"), soup.select_one(".pagination")):
        assert LONG not in str(part)


def test_pagination_links_keep_filters_and_category_links_drop_the_page(client, site):
    stones = CategoryFactory(slug="stones", name="Stones")
    for _ in range(30):
        ProductFactory(category=stones, variant__price=Decimal("60.00"))

    soup = BeautifulSoup(client.get("/shop/?price=50-100&sort=newest&junk=1").content, "html.parser")

    assert soup.select_one(".pagination a[rel=next]")["href"] == "?price=50-100&sort=newest&page=2"
    assert soup.select_one(".facet__links a[href^='/shop/stones/']")["href"] == "/shop/stones/?price=50-100&sort=newest"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


def test_the_listing_form_works_without_javascript(client, site):
    ProductFactory(brand__slug="arc", brand__name="Arc")

    soup = BeautifulSoup(client.get("/shop/").content, "html.parser")

    form = soup.select_one("form.facets")
    assert form["method"] == "get"
    assert form.select_one("input[name=brand][value=arc]") is not None
    assert form.select_one("select[name=sort]") is not None
    assert form.select_one("button[type=submit]") is not None
    assert "1 product" in soup.select_one("#listing-count").get_text()


def test_a_sale_card_strikes_through_the_regular_price(client, site):
    roller = ProductFactory(
        name="Jade roller", variant__price=Decimal("30.00"), variant__compare_at_price=Decimal("42.00")
    )
    genuine_compare_at(roller.variants.get())

    soup = BeautifulSoup(client.get("/shop/").content, "html.parser")

    card = soup.select_one(".product-card")
    assert card.select_one(".price__current").get_text(strip=True).endswith("$30.00")
    assert card.select_one("s.price__was").get_text(strip=True).endswith("$42.00")
