"""Pictures for a phone: WebP renditions by width (`srcset`), sized so nothing shifts, the largest content
loaded at once and first, everything further down lazy; their alt text unchanged."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import CategoryFactory, CompareImageFactory, CompareProductImageFactory, ProductFactory

pytestmark = pytest.mark.django_db


def big_image(**fields):
    # Large enough that every width in a srcset is a real, different rendition.
    return CompareImageFactory(file__width=1400, file__height=1000, **fields)


def images(response) -> list:
    return BeautifulSoup(response.content, "html.parser").select("main img")


def srcset_widths(img) -> list[int]:
    candidates = [candidate.split() for candidate in img["srcset"].split(",")]
    assert all(url.endswith(".webp") for url, _ in candidates), img["srcset"]
    return [int(width.removesuffix("w")) for _, width in candidates]


def is_eager(img) -> bool:
    return img.get("loading") == "eager" and img.get("fetchpriority") == "high"


@pytest.fixture
def shelf(home_page):
    category = CategoryFactory(slug="hot-stones")
    products = [ProductFactory(name=f"Stone set {n}", category=category) for n in range(4)]
    for product in products:
        CompareProductImageFactory(product=product, image=big_image())
    return products


def test_the_listings_first_two_cards_load_at_once_and_the_rest_lazily(client, shelf):
    pictures = images(client.get("/shop/"))

    assert len(pictures) == 4
    assert [is_eager(img) for img in pictures] == [True, True, False, False]
    assert all(img["loading"] == "lazy" and "fetchpriority" not in img.attrs for img in pictures[2:])
    for img in pictures:
        assert srcset_widths(img) == [240, 480]
        assert img["sizes"] and img["width"] == img["height"] == "400"
        assert img["alt"] == ""  # the card's heading names the link


def test_the_product_pages_main_picture_is_eager_webp_by_width_and_thumbnails_lazy(client, shelf):
    product = shelf[0]
    CompareProductImageFactory(product=product, image=big_image(), caption="The set laid out")

    main, *thumbnails = images(client.get(product.get_absolute_url()))

    assert is_eager(main) and main["alt"] == product.name
    assert srcset_widths(main) == [400, 800] and main["sizes"]
    assert (main["width"], main["height"]) == ("400", "400")
    assert len(thumbnails) == 2
    assert all(img["loading"] == "lazy" and img["src"].endswith(".webp") for img in thumbnails)
    assert thumbnails[1]["alt"] == "The set laid out"


def test_the_home_hero_and_an_article_hero_are_eager_and_article_cards_lazy(client, home_page, make_article):
    home_page.hero_image = big_image(title="Stones on a towel")
    home_page.save_revision().publish()
    article = make_article("Hot stones at home", hero_image=big_image(title="A stone on a back"))

    hero = BeautifulSoup(client.get("/").content, "html.parser").select_one(".hero__image img")
    article_hero = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".article__hero img")
    card = BeautifulSoup(client.get("/articles/").content, "html.parser").select_one(".article-card img")

    assert is_eager(hero) and srcset_widths(hero) == [360, 720] and hero["alt"] == "Stones on a towel"
    assert is_eager(article_hero) and srcset_widths(article_hero) == [600, 1200]
    assert article_hero["width"] and article_hero["height"]
    assert card["loading"] == "lazy" and not is_eager(card) and srcset_widths(card) == [240, 480]
