"""The tray and the "Add to compare" toggle, as rendered on ordinary shop pages."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from compare.services import SESSION_KEY

pytestmark = pytest.mark.django_db


def pick(client, *slugs):
    for slug in slugs:
        client.post("/compare/add/", {"slug": slug})


def test_the_tray_is_hidden_while_nothing_is_picked(client, guns):
    html = client.get("/compare/").content.decode()
    assert "data-compare-tray" in html
    assert 'data-min="2" hidden>' in html


def test_one_pick_shows_the_tray_asking_for_two_or_three_with_compare_disabled(client, guns):
    pick(client, "alpha-gun")
    html = client.get("/shop/").content.decode()
    assert "Select 2 or 3 items to compare" in html
    assert "data-compare-go hidden" in html
    assert "disabled data-compare-go-disabled>" in html
    assert 'data-slug="alpha-gun"' in html and "Alpha Gun" in html


def test_two_picks_enable_the_compare_button_linking_to_the_comparison(client, guns):
    pick(client, "bravo-gun", "alpha-gun")
    html = client.get("/shop/").content.decode()
    assert "2 of 3 items selected" in html
    assert 'href="/compare/?p=bravo-gun,alpha-gun" data-compare-go>' in html
    assert "Clear all" in html


def test_the_toggle_on_a_listing_knows_which_products_are_picked(client, guns):
    pick(client, "alpha-gun")
    html = client.get("/shop/").content.decode()
    alpha = html.split('data-compare-form="toggle" data-slug="alpha-gun"')[1].split("</form>")[0]
    bravo = html.split('data-compare-form="toggle" data-slug="bravo-gun"')[1].split("</form>")[0]
    assert "data-compare-checkbox checked" in alpha and "Remove from compare" in alpha
    assert "data-compare-checkbox>" in bravo and "Add to compare" in bravo


def test_the_toggle_reads_the_session_once_per_request(guns):
    # given a request whose session holds one pick
    request = RequestFactory().get("/shop/")

    class CountingSession(dict):
        reads = 0

        def get(self, key, default=None):
            CountingSession.reads += 1
            return super().get(key, default)

    request.session = CountingSession({SESSION_KEY: ["alpha-gun"]})
    template = Template(
        "{% load compare_tags %}{% for p in products %}{% compare_picked p as picked %}{{ picked|yesno:'Y,N' }}{% endfor %}"
    )
    # when three toggles render
    rendered = template.render(Context({"request": request, "products": guns}))
    # then
    assert rendered == "YNN"
    assert CountingSession.reads == 1


def test_the_product_page_has_the_toggle(client, guns):
    html = client.get("/products/alpha-gun/").content.decode()
    assert 'data-compare-form="toggle" data-slug="alpha-gun"' in html


def test_the_compare_script_and_styles_load_from_files_not_inline(client, guns):
    html = client.get("/shop/").content.decode()
    assert '<script src="/static/js/compare.js" defer></script>' in html
    assert 'href="/static/css/compare.css"' in html
    assert "onclick=" not in html and "onchange=" not in html


def _listing_queries(client, django_assert_max_num_queries) -> int:
    client.get("/shop/")  # thumbnails are made on the first view
    with django_assert_max_num_queries(40) as captured:
        assert client.get("/shop/").status_code == 200
    return len(captured.captured_queries)


def test_toggles_and_the_tray_cost_the_same_queries_on_a_long_listing(client, guns, django_assert_max_num_queries):
    # given a shopper with two picks, on a listing of three products and then of fifteen
    from tests.factories import MassageGunFactory

    pick(client, "alpha-gun", "bravo-gun")
    short = _listing_queries(client, django_assert_max_num_queries)
    for n in range(12):
        MassageGunFactory(name=f"Extra Gun {n}", slug=f"extra-gun-{n}")
    # when / then: twelve more cards, each with its toggle, ask nothing more of the database
    long = _listing_queries(client, django_assert_max_num_queries)
    assert long == short, (short, long)
