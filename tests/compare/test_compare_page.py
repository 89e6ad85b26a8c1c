"""The comparison page: renders from the URL alone, and explains wrong input instead of failing."""

import pytest
from django.urls import reverse

from tests.factories import CompareProductImageFactory, MassageGunFactory, ProductFactory, genuine_compare_at

pytestmark = pytest.mark.django_db


# Every absolute link is on SITE_URL, neither the Site row's host (localhost) nor the request's (testserver).
PUBLIC = "https://shop.example.ca"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = PUBLIC


PAGE = "/compare/"


def test_the_compare_page_lives_at_slash_compare():
    assert reverse("compare:page") == PAGE


def test_two_products_compare_side_by_side_in_the_order_of_the_link(client, guns):
    # when
    response = client.get(PAGE, {"p": "charlie-gun,alpha-gun"})
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Charlie Gun") < html.index("Alpha Gun")
    assert "Bravo Gun" not in html
    assert "Stall force" in html and "12 mm" in html


def test_the_page_is_not_indexed_and_names_its_normalised_link_as_canonical(client, guns):
    response = client.get(PAGE, {"p": " Alpha-Gun ,bravo-gun,alpha-gun,", "diff": "only"})
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="{PUBLIC}/compare/?p=alpha-gun,bravo-gun">' in html


def test_one_product_asks_for_at_least_two(client, guns):
    response = client.get(PAGE, {"p": "alpha-gun"})
    assert response.status_code == 200
    assert "Pick at least 2 products to compare" in response.content.decode()
    assert "compare-table" not in response.content.decode()


def test_more_than_three_shows_the_first_three_with_a_note_naming_the_limit(client, guns, fourth_gun):
    response = client.get(PAGE, {"p": "alpha-gun,bravo-gun,charlie-gun,delta-gun"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You can compare up to 3 products at a time" in html
    assert 'data-slug="delta-gun"' not in html
    assert html.count('class="compare-table__product"') == 3


def test_unknown_slugs_are_listed_as_not_found_and_the_rest_still_compare(client, guns):
    response = client.get(PAGE, {"p": "alpha-gun,no-such-gun,bravo-gun"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "not found" in html and "no-such-gun" in html
    assert html.count('class="compare-table__product"') == 2


def test_an_inactive_product_is_not_found(client, guns):
    guns[1].is_active = False
    guns[1].save()
    html = client.get(PAGE, {"p": "alpha-gun,bravo-gun,charlie-gun"}).content.decode()
    assert "not found" in html and html.count('class="compare-table__product"') == 2


@pytest.mark.parametrize("query", [{}, {"p": ""}, {"p": ",,,"}])
def test_nothing_to_compare_explains_and_links_to_the_shop(client, query):
    response = client.get(PAGE, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing to compare yet" in html
    assert 'href="/shop/"' in html


@pytest.mark.parametrize(
    "p",
    ["x" * 3000, ",".join(["alpha-gun"] * 500), "<script>alert(1)</script>", "ALPHA-GUN,%00,bravo-gun", "é,ü"],
)
def test_junk_links_give_a_normal_page(client, guns, p):
    response = client.get(PAGE, {"p": p, "diff": "evil"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_show_only_differences_hides_rows_that_are_the_same(client, guns):
    # given Alpha and Charlie differ only in nothing but their names; Bravo is louder
    html = client.get(PAGE, {"p": "alpha-gun,bravo-gun", "diff": "only"}).content.decode()
    assert 'data-attribute="noise_db"' in html
    assert 'data-attribute="stall_force_lb"' not in html


def test_highlight_differences_marks_the_rows_that_differ(client, guns):
    html = client.get(PAGE, {"p": "alpha-gun,bravo-gun", "diff": "highlight"}).content.decode()
    assert "compare-table--highlight" in html
    assert 'data-attribute="noise_db" data-differs' in html
    assert 'data-attribute="stall_force_lb" data-differs' not in html


def test_identical_products_with_only_differences_say_so(client, guns):
    html = client.get(PAGE, {"p": "alpha-gun,charlie-gun", "diff": "only"}).content.decode()
    assert "These products have the same specifications" in html


def test_a_sale_price_is_shown_struck_through_against_the_compare_at_price(client):
    on_sale = MassageGunFactory(slug="on-sale", variant__price="199.00", variant__compare_at_price="249.00")
    genuine_compare_at(on_sale.variants.get())
    MassageGunFactory(slug="full-price", variant__price="149.00")
    html = client.get(PAGE, {"p": "on-sale,full-price"}).content.decode()
    assert "$249.00</s>" in html and "price--sale" in html and "$199.00" in html and "$149.00" in html


@pytest.mark.parametrize(("price", "ships_free"), [("249.99", False), ("250.00", True), ("250.01", True)])
def test_the_free_shipping_badge_reads_the_shop_threshold(client, price, ships_free):
    # given two products at the same price, on either side of the $250.00 threshold
    MassageGunFactory(slug="first", variant__price=price)
    MassageGunFactory(slug="second", variant__price=price)
    # when
    html = client.get(PAGE, {"p": "first,second"}).content.decode()
    # then
    table = html.partition('<table class="compare-table')[2].partition("</table>")[0]
    assert table.count("Ships free in Canada") == (2 if ships_free else 0)
    assert table.count("Free shipping over $250") == (0 if ships_free else 2)
    assert table.count("Price match assurance") == 2


def test_the_free_shipping_threshold_is_the_one_staff_set(client):
    from wagtail.models import Site

    from shop.models import ShopSettings

    ShopSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"free_shipping_threshold": "100.00"}
    )
    MassageGunFactory(slug="first", variant__price="120.00")
    MassageGunFactory(slug="second", variant__price="80.00")
    html = client.get(PAGE, {"p": "first,second"}).content.decode()
    assert "Ships free in Canada" in html and "Free shipping over $100" in html


def test_mixed_types_show_shared_rows_first(client, guns):
    ProductFactory(slug="roller", material="Beech", weight_g=150)
    html = client.get(PAGE, {"p": "alpha-gun,roller"}).content.decode()
    assert html.index('data-attribute="weight_g"') < html.index('data-attribute="stall_force_lb"')
    assert html.index('data-attribute="stall_force_lb"') < html.index('data-attribute="material"')
    assert "Only some of these products" in html


def _comparison_queries(client, django_assert_max_num_queries, slugs, budget):
    url = f"{PAGE}?p={','.join(slugs)}"
    client.get(url)  # the first view makes thumbnails; the budget is for every view after
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_comparison_page_uses_the_same_queries_for_two_and_three_products(
    client, guns, django_assert_max_num_queries
):
    for gun in guns:  # a second image and variant each, so prefetching is what keeps the count flat
        CompareProductImageFactory(product=gun)
        gun.variants.create(sku=f"{gun.slug}-extra", price="99.00", stock_quantity=0)
    two = _comparison_queries(client, django_assert_max_num_queries, ["alpha-gun", "bravo-gun"], budget=10)
    three = _comparison_queries(
        client, django_assert_max_num_queries, ["alpha-gun", "bravo-gun", "charlie-gun"], budget=10
    )
    assert two == three, (two, three)


def test_the_query_count_does_not_grow_with_the_number_of_specifications(client, guns, django_assert_max_num_queries):
    # given a gun (six specifications) and a stone set (four) against two guns: more rows, same queries
    ProductFactory(slug="stones", product_type="stone_set", material="Basalt", piece_count=8)
    guns_only = _comparison_queries(client, django_assert_max_num_queries, ["alpha-gun", "bravo-gun"], budget=10)
    mixed = _comparison_queries(client, django_assert_max_num_queries, ["alpha-gun", "stones"], budget=10)
    assert guns_only == mixed


def test_highlight_differences_points_out_the_best_value(client, guns):
    # given Alpha at 55 dB and Bravo at 60 dB: less noise is better
    html = client.get(PAGE, {"p": "alpha-gun,bravo-gun", "diff": "highlight"}).content.decode()
    noise = html.partition('data-attribute="noise_db"')[2].partition("</tr>")[0]
    assert '<td class="is-best">55 dB <span class="compare-table__best">best</span></td>' in noise
    assert "<td>60 dB</td>" in noise
    plain = client.get(PAGE, {"p": "alpha-gun,bravo-gun"}).content.decode()
    assert "compare-table__best" not in plain


def test_the_tray_on_the_comparison_page_keeps_the_query_count_flat(client, guns, django_assert_max_num_queries):
    # given a shopper whose own picks fill the tray on every page
    for slug in ("alpha-gun", "bravo-gun", "charlie-gun"):
        client.post("/compare/add/", {"slug": slug})
    two = _comparison_queries(client, django_assert_max_num_queries, ["alpha-gun", "bravo-gun"], budget=14)
    three = _comparison_queries(
        client, django_assert_max_num_queries, ["alpha-gun", "bravo-gun", "charlie-gun"], budget=14
    )
    assert two == three, (two, three)


def test_a_head_request_is_answered_like_a_get(client, guns):
    assert client.head(PAGE, {"p": "alpha-gun,bravo-gun"}).status_code == 200


def test_posting_to_the_comparison_page_is_not_allowed(client):
    assert client.post(PAGE).status_code == 405


def test_a_page_that_cannot_compare_offers_the_shoppers_own_picks(client, guns):
    # given a shopper with two picks, who opens a link naming only one product
    for slug in ("alpha-gun", "bravo-gun"):
        client.post("/compare/add/", {"slug": slug})
    html = client.get(PAGE, {"p": "charlie-gun"}).content.decode()
    # then the page asks for two and links to the comparison of their picks
    assert "Pick at least 2 products to compare" in html
    assert 'href="/compare/?p=alpha-gun,bravo-gun">Compare your picks' in html
