import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from content.models import ArticlePage, HomePageFeaturedProduct
from tests.content.conftest import paragraph, product_block
from tests.factories import ProductFactory, genuine_compare_at

pytestmark = pytest.mark.django_db


# Every absolute link is on SITE_URL, neither the Site row's host (localhost) nor the request's (testserver).
PUBLIC = "https://shop.example.ca"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = PUBLIC


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_shows_the_hero_featured_products_and_latest_three_articles(client, home_page, make_article):
    # Given two featured products and four articles
    first, second = ProductFactory(name="Basalt stone set"), ProductFactory(name="Pulse Pro massage gun")
    for order, product in enumerate((second, first)):
        HomePageFeaturedProduct.objects.create(page=home_page, product=product, sort_order=order)
    for day in range(1, 5):
        make_article(f"Article from day {day}", date=datetime.date(2026, 3, day))

    # When a shopper opens the home page
    response = client.get("/")

    # Then the hero, the featured products (in the editor's order) and the three newest articles show
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(".hero__heading").get_text(strip=True) == "Tools for tired muscles"
    assert [card.pk for card in response.context["featured_products"]] == [second.pk, first.pk]
    titles = [a.get_text(strip=True) for a in page.select(".article-card__title a")]
    assert titles == ["Article from day 4", "Article from day 3", "Article from day 2"]


def test_home_page_leaves_out_inactive_featured_products(client, home_page):
    hidden = ProductFactory(is_active=False)
    HomePageFeaturedProduct.objects.create(page=home_page, product=hidden, sort_order=0)

    response = client.get("/")

    assert response.context["featured_products"] == []


# --- article index --------------------------------------------------------------------------


def test_article_index_shows_twelve_articles_per_page_newest_first(client, article_index, make_article):
    for day in range(1, 15):
        make_article(f"Day {day:02d}", date=datetime.date(2026, 2, day))

    first = client.get("/articles/")
    second = client.get("/articles/?page=2")

    assert len(first.context["articles"]) == 12
    assert first.context["articles"][0].title == "Day 14"
    assert [a.title for a in second.context["articles"]] == ["Day 02", "Day 01"]


@pytest.mark.parametrize("bad_page", ["abc", "0", "-3", "99999", "1.5", "%00", "9" * 400])
def test_article_index_turns_a_bad_page_number_into_a_normal_page(client, make_article, bad_page):
    for _ in range(13):
        make_article()

    response = client.get("/articles/", {"page": bad_page})

    assert response.status_code == 200
    assert len(response.context["articles"]) in {12, 1}


def test_article_index_filters_by_tag(client, make_article):
    make_article("Trigger points explained", tags=["trigger-points"])
    make_article("Blending essential oils", tags=["oils"])

    response = client.get("/articles/?tag=oils")

    assert [a.title for a in response.context["articles"]] == ["Blending essential oils"]
    assert "Trigger points explained" not in response.content.decode()


def test_article_index_with_an_unknown_tag_says_so_on_a_normal_page(client, make_article):
    make_article(tags=["oils"])

    response = client.get("/articles/?tag=no-such-tag")

    assert response.status_code == 200
    assert "No articles on this topic yet." in response.content.decode()


# --- article page ---------------------------------------------------------------------------


def test_article_shows_author_date_and_reading_time(client, make_article):
    article = make_article(
        "Working the upper trapezius",
        author="Jonah Tremblay",
        date=datetime.date(2026, 4, 9),
        intro="Short intro.",
        body=[paragraph(" ".join(["word"] * 660))],
    )

    response = client.get(article.url)

    text = soup(response).select_one(".article__header").get_text(" ", strip=True)
    assert "By Jonah Tremblay" in text
    assert "9 April 2026" in text
    assert "4 minute read" in text  # 662 words at 220 a minute


def test_article_body_renders_every_block_type(client, make_article):
    product = ProductFactory(name="Jade roller")
    article = make_article(
        body=[
            ("heading", {"text": "Where knots hide", "level": "h2"}),
            paragraph("Knots sit in the <b>belly</b> of a muscle."),
            ("quote", {"text": "Go slowly.", "attribution": "A therapist"}),
            ("callout", {"tone": "caution", "title": "Careful", "text": "<p>Skip bruised areas.</p>"}),
            product_block(product, heading="Try this"),
        ]
    )

    page = soup(client.get(article.url))

    assert page.select_one("h2.block-heading").get_text() == "Where knots hide"
    assert page.select_one(".block-paragraph b").get_text() == "belly"
    assert page.select_one(".block-quote footer").get_text(strip=True) == "— A therapist"
    assert page.select_one(".callout--caution .callout__title").get_text() == "Careful"
    assert page.select_one(".product-block__heading").get_text() == "Try this"
    assert page.select_one(".product-teaser__name a")["href"] == product.get_absolute_url()


def test_product_block_shows_the_live_price_and_follows_a_price_change(client, make_article):
    # Given an article that features a product selling at $89.00
    product = ProductFactory(name="Travel massage gun", variant__price=Decimal("89.00"))
    article = make_article(body=[product_block(product)])
    assert "$89.00" in soup(client.get(article.url)).select_one(".product-teaser .price").get_text()

    # When staff change the variant's price (no article edit, no republish)
    variant = product.variants.get()
    variant.price = Decimal("74.50")
    variant.save()

    # Then the article shows the new price
    price = soup(client.get(article.url)).select_one(".product-teaser .price").get_text(" ", strip=True)
    assert "$74.50" in price
    assert "$89.00" not in price


def test_product_block_strikes_through_the_regular_price_on_sale(client, make_article):
    product = ProductFactory(variant__price=Decimal("60.00"), variant__compare_at_price=Decimal("80.00"))
    genuine_compare_at(product.variants.get())
    article = make_article(body=[product_block(product)])

    teaser = soup(client.get(article.url)).select_one(".product-teaser")

    assert "$60.00" in teaser.select_one(".price__sale").get_text()
    assert "$80.00" in teaser.select_one("s.price__regular").get_text()


@pytest.mark.parametrize(("stock", "label"), [(0, "Sold out"), (3, "In stock")])
def test_product_block_shows_stock_status(client, make_article, stock, label):
    product = ProductFactory(variant__stock_quantity=stock)
    article = make_article(body=[product_block(product)])

    teaser = soup(client.get(article.url)).select_one(".product-teaser")

    assert teaser.select_one(".stock").get_text(strip=True) == label


def test_product_block_leaves_out_inactive_products(client, make_article):
    shown, hidden = ProductFactory(name="Shown stone"), ProductFactory(name="Hidden stone", is_active=False)
    article = make_article(body=[product_block(shown, hidden)])

    names = [n.get_text(strip=True) for n in soup(client.get(article.url)).select(".product-teaser__name")]

    assert names == ["Shown stone"]


def test_article_links_to_previous_and_next_articles_by_date(client, make_article):
    older = make_article("Older", date=datetime.date(2026, 1, 5))
    middle = make_article("Middle", date=datetime.date(2026, 1, 10))
    newer = make_article("Newer", date=datetime.date(2026, 1, 20))

    nav = soup(client.get(middle.url)).select_one(".article-nav")
    first = soup(client.get(older.url)).select_one(".article-nav")

    assert nav.select_one("[rel=prev]")["href"] == older.url
    assert nav.select_one("[rel=next]")["href"] == newer.url
    assert first.select_one("[rel=prev]") is None
    assert first.select_one("[rel=next]")["href"] == middle.url


def test_article_lists_its_related_products(client, make_article):
    product = ProductFactory(name="Arnica massage oil")
    article = make_article()
    article.related_products = [product]
    article.save()

    response = client.get(article.url)

    assert [card.pk for card in response.context["related_products"]] == [product.pk]


def test_article_publishes_article_json_ld_that_parses(client, make_article):
    article = make_article("Trigger point therapy: a guide", author="Maya Lindqvist", date=datetime.date(2026, 5, 1))

    script = soup(client.get(article.url)).select_one('script[type="application/ld+json"]')
    data = json.loads(script.string)

    assert data["@type"] == "Article"
    assert data["headline"] == "Trigger point therapy: a guide"
    assert data["datePublished"] == "2026-05-01"
    assert data["author"] == {"@type": "Person", "name": "Maya Lindqvist"}
    assert data["mainEntityOfPage"].endswith(article.url)


def test_article_json_ld_cannot_close_its_script_tag(client, make_article):
    article = make_article("Oils </script><script>alert(1)</script>")

    script = soup(client.get(article.url)).select_one('script[type="application/ld+json"]')

    assert "</script>" not in script.string
    assert json.loads(script.string)["headline"].startswith("Oils </script>")


@pytest.mark.parametrize("path_of", ["home", "index", "article"])
def test_every_page_has_canonical_description_and_opengraph(client, home_page, make_article, path_of):
    article = make_article("Trigger point guide", intro="Where knots form and how pressure helps.")
    path = {"home": "/", "index": "/articles/", "article": article.url}[path_of]

    head = soup(client.get(path + "?utm_source=news")).head

    canonical = head.select_one('link[rel="canonical"]')["href"]
    # The canonical address is SITE_URL's, whatever host the request came in on or the Site row says.
    assert canonical == f"{PUBLIC}{path}"
    assert head.select_one('meta[name="description"]')["content"].strip()
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
        assert head.select_one(f'meta[property="{prop}"]')["content"].strip(), prop
    assert head.select_one('link[rel="alternate"][type="application/rss+xml"]')["href"] == "/articles/feed/"


def test_article_description_comes_from_its_intro(client, make_article):
    article = make_article(intro="Where knots form and how pressure helps.")

    head = soup(client.get(article.url)).head

    assert head.select_one('meta[name="description"]')["content"] == "Where knots form and how pressure helps."
    assert head.select_one('meta[property="og:type"]')["content"] == "article"


def test_unknown_address_is_a_404_in_the_site_design(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = soup(response)
    assert page.select_one(".site-header") is not None
    assert "We couldn't find that page" in page.select_one("h1").get_text()


def test_server_error_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html


def test_editor_previews_a_new_unsaved_article_with_products(article_index, make_article):
    # Given an older article and a new, never-saved article that features a product
    older = make_article("Older", date=datetime.date(2026, 1, 2))
    product = ProductFactory(name="Cedar oil", variant__price=Decimal("18.00"))
    draft = ArticlePage(
        title="Draft on cedar oil",
        slug="draft-on-cedar-oil",
        author="Maya Lindqvist",
        date=datetime.date(2026, 6, 1),
        intro="Not published yet.",
        body=[product_block(product)],
    )
    # (Wagtail's "preview on create" places the page in the tree this way before it has an id.)
    draft.depth = article_index.depth + 1
    draft.path = article_index.get_last_child()._inc_path()

    # When the editor previews it
    response = draft.make_preview_request()

    # Then it renders with the live price and a link back to the older article
    assert response.status_code == 200
    page = soup(response)
    assert "$18.00" in page.select_one(".product-teaser .price").get_text()
    assert page.select_one(".article-nav [rel=prev]")["href"] == older.url


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("?page=2&utm_source=news", f"{PUBLIC}/articles/?page=2"),
        ("?page=1", f"{PUBLIC}/articles/"),
        ("?tag=oils&fbclid=abc", f"{PUBLIC}/articles/?tag=oils"),
    ],
)
def test_article_index_canonical_keeps_only_the_page_and_tag(client, make_article, query, canonical):
    for _ in range(13):
        make_article(tags=["oils"])

    head = soup(client.get("/articles/" + query)).head

    assert head.select_one('link[rel="canonical"]')["href"] == canonical


def test_article_picture_is_shared_with_social_cards_and_search_engines(client, make_article):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PillowImage.new("RGB", (1600, 900), "#1f5c4a").save(buffer, "PNG")
    picture = get_image_model().objects.create(title="Basalt stones", file=ImageFile(buffer, name="basalt.png"))
    article = make_article(hero_image=picture)

    head = soup(client.get(article.url)).head

    og_image = head.select_one('meta[property="og:image"]')["content"]
    assert og_image.startswith(f"{PUBLIC}/media/") and "fill-1200x630" in og_image.replace(".", "-")
    data = json.loads(head.select_one('script[type="application/ld+json"]').string)
    assert data["image"] == [og_image]
