"""The anonymous whole-page cache: fast for browsers, never stale beyond its TTL, never leaking a session.

The pages here are small stand-ins served at the cached paths (this module is their URLconf), so the
cache's behaviour is tested apart from whichever catalogue templates are current.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from freezegun import freeze_time

from config.page_cache import CSRF_PLACEHOLDER, AnonymousPageCacheMiddleware
from shop.models import Product
from tests.factories import ProductFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PRODUCT_PAGE = engines["django"].from_string(
    "<html><body><h1>{{ product.name }}</h1><p class=price>{{ variant.price }}</p>"
    '<form method="post" action="/cart/add/">{% csrf_token %}<button>Add</button></form></body></html>'
)


def product_page(request, slug):
    product = get_object_or_404(Product, slug=slug)
    variant = product.variants.get()
    return HttpResponse(PRODUCT_PAGE.render({"product": product, "variant": variant}, request))


def cart_add(request):
    return HttpResponse("added")


def page_that_starts_a_session(request):
    request.session["recently_viewed"] = ["a"]
    return HttpResponse("<html>hello</html>")


def page_that_sets_a_cookie(request):
    response = HttpResponse("<html>hello</html>")
    response.set_cookie("banner_dismissed", "1")
    return response


def page_that_is_json(request):
    return JsonResponse({"hello": "world"})


def page_that_is_not_found(request):
    return HttpResponse("<html>gone</html>", status=404)


def plain_page(request):
    return HttpResponse(f"<html>{request.GET.get('page', '1')}</html>")


urlpatterns = [
    path("products/<slug:slug>/", product_page),
    path("cart/add/", cart_add),
    path("shop/session/", page_that_starts_a_session),
    path("shop/cookie/", page_that_sets_a_cookie),
    path("shop/data/", page_that_is_json),
    path("shop/gone/", page_that_is_not_found),
    path("shop/", plain_page),
    path("cart/", plain_page),
    path("checkout/", plain_page),
]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 5
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def product():
    return ProductFactory(slug="river-stone-set", variant__price=Decimal("89.00"))


def set_price(product, price):
    variant = product.variants.get()
    variant.price = Decimal(price)
    variant.save()


def csrf_field(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_second_anonymous_request_is_a_hit_with_no_database_queries(product, django_assert_num_queries, rf):
    # Given the cache layer has stored the page once
    views_called = []

    def view(request):
        views_called.append(request)
        return product_page(request, "river-stone-set")

    middleware = AnonymousPageCacheMiddleware(view)
    first = middleware(rf.get("/products/river-stone-set/"))
    assert first["X-Page-Cache"] == "miss"

    # When another anonymous visitor asks for it
    with django_assert_num_queries(0):
        second = middleware(rf.get("/products/river-stone-set/"))

    # Then the page comes from the cache: no view, no query
    assert second["X-Page-Cache"] == "hit"
    assert len(views_called) == 1
    assert "89.00" in second.content.decode()


def test_a_hit_through_the_whole_stack_costs_no_more_queries_than_an_empty_page(product):
    # The middlewares before the cache (the storefront lock) may look things up; the hit adds nothing.
    Client().get("/products/river-stone-set/")
    with CaptureQueriesContext(connection) as empty_page:
        Client().get("/cart/")
    with CaptureQueriesContext(connection) as hit:
        second = Client().get("/products/river-stone-set/")

    assert second["X-Page-Cache"] == "hit"
    assert "89.00" in second.content.decode()
    assert len(hit) <= len(empty_page)


def test_a_form_posted_from_a_cached_page_passes_csrf(product):
    Client().get("/products/river-stone-set/")
    shopper = Client(enforce_csrf_checks=True)

    page = shopper.get("/products/river-stone-set/")
    assert page["X-Page-Cache"] == "hit"
    token = csrf_field(page)
    posted = shopper.post("/cart/add/", {"csrfmiddlewaretoken": token})

    assert CSRF_PLACEHOLDER not in page.content.decode()
    assert posted.status_code == 200
    assert posted.content == b"added"


def test_every_visitor_gets_a_fresh_csrf_token_from_the_cached_page(product):
    pages = [Client().get("/products/river-stone-set/") for _ in range(3)]

    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit", "hit"]
    assert len({csrf_field(page) for page in pages}) == 3
    assert all(page.cookies["csrftoken"].value for page in pages)


def test_a_form_posted_with_the_placeholder_token_is_refused(product):
    shopper = Client(enforce_csrf_checks=True)
    shopper.get("/products/river-stone-set/")

    posted = shopper.post("/cart/add/", {"csrfmiddlewaretoken": CSRF_PLACEHOLDER})

    assert posted.status_code == 403


def test_a_price_change_shows_once_the_ttl_has_passed(product):
    with freeze_time(timezone.now()) as clock:
        Client().get("/products/river-stone-set/")
        set_price(product, "79.00")

        within_ttl = Client().get("/products/river-stone-set/")
        clock.tick(timedelta(seconds=5))
        after_ttl = Client().get("/products/river-stone-set/")

    assert within_ttl["X-Page-Cache"] == "hit"
    assert "89.00" in within_ttl.content.decode()
    assert after_ttl["X-Page-Cache"] == "miss"
    assert "79.00" in after_ttl.content.decode()


def test_staff_never_get_the_cached_copy(product):
    Client().get("/products/river-stone-set/")
    set_price(product, "79.00")
    staff = Client()
    staff.force_login(StaffFactory())

    page = staff.get("/products/river-stone-set/")

    assert "X-Page-Cache" not in page
    assert "79.00" in page.content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "cart", "nocache"])
def test_visitors_with_any_cookie_but_csrf_never_get_the_cached_copy(product, cookie):
    Client().get("/products/river-stone-set/")
    set_price(product, "79.00")
    visitor = Client()
    visitor.cookies[cookie] = "something"

    page = visitor.get("/products/river-stone-set/")

    assert "X-Page-Cache" not in page
    assert "79.00" in page.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/shop/session/", "/shop/cookie/", "/shop/data/", "/shop/gone/"],
    ids=["starts-a-session", "sets-a-cookie", "not-html", "not-200"],
)
def test_responses_that_are_personal_or_not_pages_are_never_cached(url):
    Client().get(url)

    again = Client().get(url)

    assert again["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("url", ["/cart/", "/checkout/"])
def test_paths_outside_the_catalogue_and_articles_are_never_cached(url):
    Client().get(url)

    again = Client().get(url)

    assert "X-Page-Cache" not in again


def test_each_query_string_is_its_own_page():
    Client().get("/shop/?page=1")

    second_page = Client().get("/shop/?page=2")

    assert second_page["X-Page-Cache"] == "miss"
    assert second_page.content == b"<html>2</html>"


def test_a_head_request_is_served_from_the_cached_page(product):
    Client().get("/products/river-stone-set/")

    head = Client().head("/products/river-stone-set/")

    assert head.status_code == 200
    assert head["X-Page-Cache"] == "hit"


def test_a_post_is_never_answered_from_the_cache(product):
    Client().get("/shop/")

    posted = Client().post("/shop/")

    assert "X-Page-Cache" not in posted


def test_the_cache_is_off_when_its_ttl_is_zero(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/products/river-stone-set/")

    again = Client().get("/products/river-stone-set/")

    assert "X-Page-Cache" not in again
