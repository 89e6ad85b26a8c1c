import pytest
from bs4 import BeautifulSoup

from content.search import MAX_QUERY_LENGTH, CombinedResults
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
