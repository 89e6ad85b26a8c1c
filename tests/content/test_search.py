import pytest
from bs4 import BeautifulSoup

from content.search import MAX_QUERY_LENGTH, CombinedResults, parse_search_query, search_storefront
from tests.content.conftest import paragraph
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_search_finds_products_and_articles_together(client, make_article):
    ProductFactory(name="Basalt hot stone set", summary="Eight smooth basalt stones.")
    ProductFactory(name="Retired basalt kit", is_active=False)
    make_article("Heating basalt stones safely", body=[paragraph("Warm basalt slowly in water.")])
    make_article("Choosing an essential oil")

    response = client.get("/search/", {"q": "basalt"})

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    products = [el.get_text(" ", strip=True) for el in page.select(".search-result--product")]
    articles = [el.get_text(" ", strip=True) for el in page.select(".search-result--article")]
    assert len(products) == 1 and "Basalt hot stone set" in products[0]
    assert len(articles) == 1 and "Heating basalt stones safely" in articles[0]
    assert "Retired basalt kit" not in response.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "x" * 3000, "basalt " * 500, "\"'<>%;--", "stones&page=2"])
def test_search_gives_a_normal_page_for_any_query(client, home_page, query):
    response = client.get("/search/", {"q": query, "page": "nonsense"})

    assert response.status_code == 200
    assert len(response.context["search_query"]) <= MAX_QUERY_LENGTH


def test_search_pages_through_results(client, home_page):
    for number in range(30):
        ProductFactory(name=f"Jade roller {number:02d}")

    first = client.get("/search/", {"q": "jade"})
    second = client.get("/search/", {"q": "jade", "page": "2"})

    assert first.context["results"].paginator.count == 30
    assert len(first.context["results"]) == 24
    assert len(second.context["results"]) == 6


def test_combined_results_slice_across_both_lists():
    combined = CombinedResults(["p1", "p2", "p3"], ["a1", "a2"])

    assert combined.count() == 5
    assert combined[0:2] == ["p1", "p2"]
    assert combined[2:4] == ["p3", "a1"]
    assert combined[4:10] == ["a2"]
    assert combined[3] == "a1"


@pytest.mark.parametrize(
    "query", ['"', '9"', '9" ball', 'ball"', "ball\x00", "\x00", "ball\x07\x1b[2J", '""ball""', "'"]
)
def test_search_never_fails_on_quotes_nul_or_control_characters(client, home_page, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "\x00" not in response.context["search_query"]
    assert '"' not in response.context["search_query"]


def test_a_shopper_who_types_inches_finds_the_product(client, home_page):
    # Given a product named with an inch mark, as massage balls often are
    ProductFactory(name='9" massage ball')
    ProductFactory(name="Jade roller")

    # When a shopper types the size the way it is written on the box
    response = client.get("/search/", {"q": '9" ball'})

    # Then the ball is found, and nothing else
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    products = [el.get_text(" ", strip=True) for el in page.select(".search-result--product")]
    assert len(products) == 1 and '9" massage ball' in products[0]


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ('9" ball', "9 ball"),
        ("  basalt\x00  stones\t", "basalt stones"),
        ("\x00\x01\"'", "'"),
        ("x" * 3000, "x" * MAX_QUERY_LENGTH),
    ],
)
def test_a_query_is_parsed_once_into_plain_words(raw, parsed):
    assert parse_search_query(raw) == parsed


def test_a_query_the_full_text_engine_refuses_falls_back_to_a_name_search(home_page, monkeypatch):
    # Given a full-text engine that refuses the query (a syntax the parser did not foresee)
    from django.db import DatabaseError

    ProductFactory(name="Basalt hot stone set")

    calls = []
    real_count = CombinedResults.count

    def refuse_first(self):
        calls.append(self)
        if len(calls) == 1:
            raise DatabaseError("fts5: syntax error")
        return real_count(self)

    monkeypatch.setattr(CombinedResults, "count", refuse_first)

    # When the storefront searches
    results = search_storefront("basalt")

    # Then the shopper still gets the product, found by its name
    assert [product.name for product in results[0:10]] == ["Basalt hot stone set"]
