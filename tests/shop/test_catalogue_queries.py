"""Query budgets: catalogue pages cost the same number of queries at 10 and at 200 products."""

import pytest

pytestmark = pytest.mark.django_db

# Counted at 10 products. The site frame (base.html) spends none: the site, the site and shop
# settings and the storefront lock are read from the cache after the first visit.
# Listing: one row per listable product for facets and sorting, then the page's cards (products with
# their variants, then first images with their renditions, then the variants' price history and units
# sold for honest reference prices, shop.selectors.reference_prices) = 4. The category and brand lists
# come from the cache, like the menu.
LISTING_QUERIES = 0 + 4
CATEGORY_QUERIES = LISTING_QUERIES + 1  # looking up the category itself
# Product: the product, its variants, images and renditions, the variants' price facts, then related
# articles (the view restrictions `public()` excludes, then the live articles themselves) = 7.
PRODUCT_QUERIES = 0 + 7
# Hooks other helpers fill (cart link, compare tray) may spend a few of their own.
LAYOUT_ALLOWANCE = 3


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _assert_flat(client, make_catalogue, url_for, budget, django_assert_max_num_queries, django_assert_num_queries):
    """Given 10 products, the page stays within budget; given 200, it makes exactly as many queries."""
    products = make_catalogue(10)
    url = url_for(products)
    # The first visit creates renditions and the site settings row; budgets are for every visit after.
    _get(client, url)
    with django_assert_max_num_queries(budget + LAYOUT_ALLOWANCE) as small:
        _get(client, url)
    # Read now: the next request resets Django's query log.
    at_10 = len(small.captured_queries)

    make_catalogue(190)
    _get(client, url)
    with django_assert_num_queries(at_10):
        _get(client, url)


def test_the_listing_makes_the_same_queries_at_10_and_200_products(
    client, make_catalogue, django_assert_max_num_queries, django_assert_num_queries
):
    def url_for(products):
        return "/shop/?in_stock=1&sort=price-asc&brand=bulk-brand-1&brand=bulk-brand-2"

    _assert_flat(
        client, make_catalogue, url_for, LISTING_QUERIES, django_assert_max_num_queries, django_assert_num_queries
    )


def test_a_category_page_makes_the_same_queries_at_10_and_200_products(
    client, make_catalogue, django_assert_max_num_queries, django_assert_num_queries
):
    def url_for(products):
        return "/shop/bulk-category-1/?price=100-250&page=2"

    _assert_flat(
        client, make_catalogue, url_for, CATEGORY_QUERIES, django_assert_max_num_queries, django_assert_num_queries
    )


def test_the_product_page_makes_the_same_queries_at_10_and_200_products(
    client, make_catalogue, django_assert_max_num_queries, django_assert_num_queries
):
    def url_for(products):
        return products[0].get_absolute_url()

    _assert_flat(
        client, make_catalogue, url_for, PRODUCT_QUERIES, django_assert_max_num_queries, django_assert_num_queries
    )


@pytest.mark.parametrize("size", [10, 200])
def test_a_full_listing_page_has_no_query_per_card(client, make_catalogue, django_assert_max_num_queries, size):
    make_catalogue(size)
    _get(client, "/shop/")

    with django_assert_max_num_queries(LISTING_QUERIES + LAYOUT_ALLOWANCE):
        response = _get(client, "/shop/")

    assert response.content.count(b'<article class="product-card') == min(size, 24)
