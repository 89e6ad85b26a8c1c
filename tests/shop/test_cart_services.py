"""Cart services: stock checked on add, stale lines corrected, carts kept across sign-in."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from shop.models import Cart, CartLine
from shop.money import Money
from shop.selectors.cart import cart_item_count, cart_quote
from shop.services.cart import (
    CartError,
    cart_add_item,
    cart_clear,
    cart_get_or_create,
    cart_merge_on_login,
    cart_refresh_stock,
    cart_remove_item,
    cart_set_quantity,
)
from shop.session_keys import CART_TOKEN
from tests.factories import (
    CartFactory,
    CartLineFactory,
    DiscountCodeFactory,
    DiscountRedemptionFactory,
    ProductFactory,
    ProductVariantFactory,
    PromotionFactory,
    UserFactory,
    genuine_compare_at,
)

pytestmark = pytest.mark.django_db


def make_request(user=None):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    return request


def test_first_use_creates_a_cart_and_keeps_only_its_token_in_the_session():
    request = make_request()
    cart = cart_get_or_create(request=request)
    assert request.session[CART_TOKEN] == str(cart.token)
    assert cart_get_or_create(request=request) == cart
    assert Cart.objects.count() == 1


def test_a_session_that_lost_its_token_finds_the_cart_it_started():
    # Given a cart started by this session, whose token a parallel request's session save wrote over
    request = make_request()
    cart = cart_get_or_create(request=request)
    del request.session[CART_TOKEN]
    # Then the session still finds its one cart, and no second cart is made
    assert cart_get_or_create(request=request) == cart
    assert request.session[CART_TOKEN] == str(cart.token)
    assert Cart.objects.count() == 1


def test_a_rotated_session_key_keeps_the_cart():
    # Given a cart with a line, when the session key rotates (sign-in, storefront unlock)
    request = make_request()
    cart = cart_get_or_create(request=request)
    cart_add_item(cart=cart, variant_id=ProductVariantFactory(stock_quantity=3).pk, quantity=2)
    request.session.cycle_key()
    # Then the same cart is found and keeps taking adds
    assert cart_get_or_create(request=request) == cart
    cart_add_item(cart=cart, variant_id=ProductVariantFactory(stock_quantity=3).pk)
    assert cart_item_count(request.session[CART_TOKEN]) == 3
    assert Cart.objects.count() == 1


def test_a_tampered_token_gets_a_fresh_cart():
    request = make_request()
    request.session[CART_TOKEN] = "not-a-uuid"
    cart = cart_get_or_create(request=request)
    assert request.session[CART_TOKEN] == str(cart.token)


def test_adding_the_same_variant_twice_adds_up():
    cart = CartFactory()
    variant = ProductVariantFactory(stock_quantity=5)
    cart_add_item(cart=cart, variant_id=variant.pk, quantity=2)
    line = cart_add_item(cart=cart, variant_id=variant.pk, quantity="3")
    assert line.quantity == 5
    assert CartLine.objects.filter(cart=cart).count() == 1


def test_stock_is_checked_on_add_counting_what_is_already_in_the_cart():
    cart = CartFactory()
    variant = ProductVariantFactory(stock_quantity=3)
    cart_add_item(cart=cart, variant_id=variant.pk, quantity=2)
    with pytest.raises(CartError, match="Only 3"):
        cart_add_item(cart=cart, variant_id=variant.pk, quantity=2)
    assert CartLine.objects.get(cart=cart).quantity == 2


def test_a_sold_out_variant_cannot_be_added():
    variant = ProductVariantFactory(stock_quantity=0)
    with pytest.raises(CartError, match="sold out"):
        cart_add_item(cart=CartFactory(), variant_id=variant.pk, quantity=1)


@pytest.mark.parametrize("quantity", [0, -1, "0", "", "two", "1.5", 1.5, None, True, "²", 2**70, float("inf")])
def test_add_refuses_quantities_below_one_or_not_whole(quantity):
    variant = ProductVariantFactory(stock_quantity=5)
    with pytest.raises(CartError):
        cart_add_item(cart=CartFactory(), variant_id=variant.pk, quantity=quantity)


@pytest.mark.parametrize("variant_id", [999999, "abc", None, 2**70, "9" * 40, "²", 1.5])
def test_add_refuses_unknown_variants(variant_id):
    with pytest.raises(CartError, match="does not exist"):
        cart_add_item(cart=CartFactory(), variant_id=variant_id, quantity=1)


def test_add_refuses_a_withdrawn_product():
    product = ProductFactory(is_active=False, variant=False)
    variant = ProductVariantFactory(product=product)
    with pytest.raises(CartError, match="no longer available"):
        cart_add_item(cart=CartFactory(), variant_id=variant.pk, quantity=1)


def test_set_quantity_checks_stock_and_zero_removes():
    cart = CartFactory()
    line = CartLineFactory(cart=cart, variant__stock_quantity=4, quantity=1)
    assert cart_set_quantity(cart=cart, variant_id=line.variant_id, quantity=4).quantity == 4
    with pytest.raises(CartError, match="Only 4"):
        cart_set_quantity(cart=cart, variant_id=line.variant_id, quantity=5)
    assert cart_set_quantity(cart=cart, variant_id=line.variant_id, quantity=0) is None
    assert not CartLine.objects.filter(cart=cart).exists()


def test_set_quantity_refuses_negative_and_lines_not_in_the_cart():
    cart = CartFactory()
    line = CartLineFactory(cart=cart)
    with pytest.raises(CartError):
        cart_set_quantity(cart=cart, variant_id=line.variant_id, quantity=-2)
    with pytest.raises(CartError, match="not in your cart"):
        cart_set_quantity(cart=cart, variant_id=ProductVariantFactory().pk, quantity=1)


def test_remove_and_clear():
    cart = CartFactory()
    first, second = CartLineFactory(cart=cart), CartLineFactory(cart=cart)
    cart_remove_item(cart=cart, variant_id=first.variant_id)
    assert list(cart.lines.values_list("pk", flat=True)) == [second.pk]
    cart_clear(cart=cart)
    assert not cart.lines.exists()


def test_stale_lines_are_corrected_with_a_clear_message():
    # Given a cart whose stock changed since it was filled
    cart = CartFactory()
    fine = CartLineFactory(cart=cart, quantity=2, variant__stock_quantity=10)
    capped = CartLineFactory(cart=cart, quantity=5, variant__stock_quantity=2, variant__product__name="Jade roller")
    gone = CartLineFactory(cart=cart, quantity=1, variant__stock_quantity=0, variant__product__name="Basalt set")
    withdrawn = CartLineFactory(
        cart=cart, quantity=1, variant__product__is_active=False, variant__product__name="Old oil"
    )
    # When the cart is viewed
    messages = cart_refresh_stock(cart=cart)
    # Then it says what changed and fixes it
    assert messages == [
        "Only 2 of Jade roller are left, so your cart now has 2.",
        "Basalt set sold out and was removed from your cart.",
        "Old oil is no longer available and was removed from your cart.",
    ]
    assert dict(cart.lines.values_list("pk", "quantity")) == {fine.pk: 2, capped.pk: 2}
    assert not CartLine.objects.filter(pk__in=[gone.pk, withdrawn.pk]).exists()
    # And a second look finds nothing more to say
    assert cart_refresh_stock(cart=cart) == []


def test_a_fine_cart_is_checked_in_one_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cart = CartFactory()
    CartLineFactory.create_batch(5, cart=cart)
    with CaptureQueriesContext(connection) as captured:
        assert cart_refresh_stock(cart=cart) == []
    # Savepoints aside (the service is atomic), a cart with nothing stale costs one read.
    assert next(query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]).startswith(
        "SELECT"
    )
    assert len([query for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]) == 1


def test_sign_in_moves_the_guest_cart_to_the_account():
    user = UserFactory()
    request = make_request()
    guest = cart_get_or_create(request=request)
    CartLineFactory(cart=guest)
    merged = cart_merge_on_login(request=request, user=user)
    assert merged == guest
    guest.refresh_from_db()
    assert guest.user == user


def test_sign_in_merges_the_guest_cart_into_the_accounts_cart():
    # Given an account cart with 2 rollers, and a guest cart with 3 more plus a set of stones
    user = UserFactory()
    account_cart = CartFactory(user=user)
    roller = ProductVariantFactory(stock_quantity=4)
    stones = ProductVariantFactory(stock_quantity=9)
    CartLineFactory(cart=account_cart, variant=roller, quantity=2)
    request = make_request()
    guest = cart_get_or_create(request=request)
    CartLineFactory(cart=guest, variant=roller, quantity=3)
    CartLineFactory(cart=guest, variant=stones, quantity=1)
    # When they sign in
    merged = cart_merge_on_login(request=request, user=user)
    # Then one cart holds both, capped at stock, and the session points at it
    assert merged == account_cart
    assert dict(account_cart.lines.values_list("variant_id", "quantity")) == {roller.pk: 4, stones.pk: 1}
    assert not Cart.objects.filter(pk=guest.pk).exists()
    assert request.session[CART_TOKEN] == str(account_cart.token)


def test_sign_in_without_a_guest_cart_picks_up_the_accounts_cart():
    user = UserFactory()
    account_cart = CartFactory(user=user)
    request = make_request()
    assert cart_merge_on_login(request=request, user=user) == account_cart
    assert request.session[CART_TOKEN] == str(account_cart.token)


def test_another_accounts_cart_left_in_the_session_is_not_handed_over():
    owner, other = UserFactory(), UserFactory()
    request = make_request()
    request.session[CART_TOKEN] = str(CartFactory(user=owner).token)
    assert cart_merge_on_login(request=request, user=other) is None
    assert CART_TOKEN not in request.session


def test_django_login_runs_the_merge(client):
    # Given a guest cart with a line
    variant = ProductVariantFactory(stock_quantity=3)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    user = UserFactory()
    # When the shopper signs in (session key rotates)
    client.force_login(user)
    # Then the cart belongs to the account and the header still counts it
    assert Cart.objects.get().user == user
    assert cart_item_count(client.session[CART_TOKEN]) == 2


def test_cart_quote_reads_sales_codes_and_usage_from_the_database(django_assert_max_num_queries):
    # Given a 15%-off category sale and a code used up by this shopper
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=5)
    PromotionFactory(categories=[variant.product.category], value=Decimal("15"))
    code = DiscountCodeFactory(code="ONCE", kind="fixed", value=Decimal("5"), per_customer_limit=1)
    DiscountRedemptionFactory(code=code, email="Repeat@Example.com")
    cart = CartFactory()
    CartLineFactory(cart=cart, variant=variant, quantity=2)
    # When quoted for two shoppers
    with django_assert_max_num_queries(9):  # 8, and the lines' price facts (reference prices)
        fresh = cart_quote(cart=cart, province="ON", code="once", email="new@example.com")
    repeat = cart_quote(cart=cart, province="ON", code="ONCE", email="repeat@example.com")
    # Then the sale sets the shelf price and the per-customer limit is counted by email
    assert fresh.subtotal == Money("170.00")
    assert fresh.code == "ONCE" and fresh.discounts == Money("5.00")
    assert repeat.code is None and "already used" in repeat.code_error


def test_usage_limit_counts_every_redemption():
    code = DiscountCodeFactory(code="LIMITED", usage_limit=2)
    DiscountRedemptionFactory.create_batch(2, code=code)
    cart = CartFactory()
    CartLineFactory(cart=cart)
    assert "fully redeemed" in cart_quote(cart=cart, province="ON", code="limited").code_error


def test_codes_are_unique_whatever_the_case():
    from django.db import IntegrityError, transaction

    DiscountCodeFactory(code="Welcome10")
    from shop.models import DiscountCode

    assert DiscountCode.objects.get().code == "WELCOME10"
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountCode.objects.create(code="welcome10", kind="percent", value=Decimal("5"))


def test_offers_for_catalogue_pages_apply_sales_in_constant_queries(django_assert_num_queries):
    from shop.models import ProductVariant
    from shop.selectors.offers import variant_offers

    on_sale = genuine_compare_at(ProductVariantFactory(price=Decimal("100.00"), compare_at_price=Decimal("120.00")))
    PromotionFactory(products=[on_sale.product], value=Decimal("15"))
    plain = ProductVariantFactory(price=Decimal("30.00"))
    variants = list(ProductVariant.objects.select_related("product").order_by("pk"))
    # The running sales (three queries) and the free-shipping threshold (one), then from the cache;
    # the variants' price facts (reference prices, the 30-day low) are one query each time, never one per variant.
    with django_assert_num_queries(5):
        offers = {offer.variant_id: offer for offer in variant_offers(variants)}
    with django_assert_num_queries(1):
        variant_offers(variants)
    assert (offers[on_sale.pk].price, offers[on_sale.pk].was) == (Money("85.00"), Money("120.00"))
    assert (offers[plain.pk].price, offers[plain.pk].was) == (Money("30.00"), None)


def test_a_line_added_by_another_tab_meanwhile_is_added_to_not_duplicated(monkeypatch):
    # Given another request creates the line between our read and our insert
    cart = CartFactory()
    variant = ProductVariantFactory(stock_quantity=5)
    real_filter = CartLine.objects.select_for_update

    def racing_select_for_update():
        queryset = real_filter()
        if not CartLine.objects.filter(cart=cart).exists():
            CartLine.objects.create(cart=cart, variant=variant, quantity=2)
            return queryset.none()
        return queryset

    monkeypatch.setattr(CartLine.objects, "select_for_update", racing_select_for_update)
    # When we add 1
    line = cart_add_item(cart=cart, variant_id=variant.pk, quantity=1)
    # Then the other tab's line holds both
    assert line.quantity == 3
    assert CartLine.objects.filter(cart=cart).count() == 1


def test_running_sales_exclude_inactive_future_and_finished_ones():
    from datetime import timedelta

    from django.utils import timezone

    from shop.models import Promotion

    now = timezone.now()
    running = PromotionFactory(name="Running")
    PromotionFactory(name="Open-ended", ends_at=None)
    PromotionFactory(name="Paused", is_active=False)
    PromotionFactory(name="Coming", starts_at=now + timedelta(days=1))
    PromotionFactory(name="Over", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1))
    assert set(Promotion.objects.running(now).values_list("name", flat=True)) == {running.name, "Open-ended"}


def test_a_signed_in_shoppers_new_cart_belongs_to_their_account():
    user = UserFactory()
    cart = cart_get_or_create(request=make_request(user))
    assert cart.user == user
    # and a new session on another device finds the same cart
    assert cart_get_or_create(request=make_request(user)) == cart
