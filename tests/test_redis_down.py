"""With Redis gone the shop keeps selling from the database: cache errors are logged and skipped."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches

from config.env import cache_config
from tests.factories import ProductFactory
from tests.shop.conftest import site  # noqa: F401

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_is_down(settings, monkeypatch, site):  # noqa: F811
    # The production cache set-up (Redis for the cache, sessions written through to the database),
    # pointed at a Redis that refuses every connection.
    monkeypatch.setenv("REDIS_URL", DEAD_REDIS)
    settings.CACHES = cache_config()
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 4
    yield
    for alias in settings.CACHES:
        caches[alias].close()


@pytest.mark.parametrize("page", ["home", "listing", "product", "cart", "search"])
def test_browsing_answers_with_redis_down(client, redis_is_down, page):
    product = ProductFactory(name="Basalt hot stone set")
    url = {
        "home": "/",
        "listing": "/shop/",
        "product": product.get_absolute_url(),
        "cart": "/cart/",
        "search": "/search/?q=basalt",
    }[page]

    assert client.get(url).status_code == 200


def test_every_page_of_a_purchase_answers_with_redis_down(client, redis_is_down, caplog):
    # Given a product for sale, and Redis refusing connections
    product = ProductFactory(name="Basalt hot stone set")
    variant = product.variants.get()

    # When a shopper browses, adds to the cart and opens the cart
    pages = {
        "home": client.get("/"),
        "listing": client.get("/shop/"),
        "product": client.get(product.get_absolute_url()),
    }
    added = client.post("/cart/add/", {"variant": variant.pk, "quantity": "2"})
    cart = client.get("/cart/")

    # Then every answer is the ordinary one, and the cart came through the database session
    assert {name: response.status_code for name, response in pages.items()} == {
        "home": 200,
        "listing": 200,
        "product": 200,
    }
    assert added.status_code == 302
    assert cart.status_code == 200
    assert "Basalt hot stone set" in cart.content.decode()
    assert Session.objects.exists()
    # ...and the skipped cache errors are in the log for whoever is on call
    assert any("django_redis" in record.name for record in caplog.records)


def test_the_cart_survives_a_redis_outage_in_the_database_session(client, redis_is_down):
    product = ProductFactory(name="Jade roller")
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": "1"})

    response = client.get("/cart.js")

    assert response.status_code == 200
    assert response.json()["item_count"] == 1


def test_rate_limit_counts_go_to_the_database_while_redis_is_down(redis_is_down):
    # Given the rate-limit alias of the Redis set-up, and Redis refusing connections
    counts = caches["ratelimit"]

    # When two hits are counted
    assert counts.add("ratelimit:test:client:1", 1, timeout=60)
    counts.incr("ratelimit:test:client:1")

    # Then the count held, in the table every process shares
    assert counts.get("ratelimit:test:client:1") == 2
    assert counts.fallback.get("ratelimit:test:client:1") == 2
