"""A price-match code under load: ten checkouts at once with the one code give one discounted order, and only
for the email it was issued to; two staff approving the same request at once issue one code.

Unmarked for a database, like tests/shop/test_race_codes.py: on PostgreSQL the code's row lock queues the
buyers, on SQLite the IMMEDIATE transactions do.
"""

from __future__ import annotations

from decimal import Decimal

from shop.models import DiscountCode, DiscountRedemption, Order, PriceMatchRequest, PriceMatchStatus
from shop.services.orders import CheckoutProblem, order_place
from shop.services.price_match import PriceMatchProblem, price_match_approve
from tests.factories import CartFactory, CartLineFactory, ProductVariantFactory, StaffFactory
from tests.shop.checkout_support import ONTARIO
from tests.shop.concurrency import REAL_COMMITS, in_a_thread, run_at_once, threads_use_a_file_database
from tests.shop.price_match_support import filed_request

BUYERS = 10


@REAL_COMMITS
def test_ten_checkouts_at_once_with_one_price_match_code_give_one_discounted_order(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=BUYERS)
    request = price_match_approve(request_id=filed_request(variant=variant).pk, staff_user=StaffFactory())
    code = request.discount_code.code
    carts = [CartFactory() for _ in range(BUYERS)]
    for cart in carts:
        CartLineFactory(cart=cart, variant=variant, quantity=1)
    refusals: list[str] = []

    def place(index: int) -> None:
        # Half are the shopper in several tabs (any case), half are others who were forwarded the code.
        email = "ADA@example.com" if index % 2 else f"friend{index}@example.com"
        try:
            order_place(cart=carts[index], email=email, address=ONTARIO, shipping_method="standard", code=code)
        except CheckoutProblem as problem:
            refusals.append(str(problem))

    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(place, BUYERS)
        tally = in_a_thread(
            lambda: {
                "orders": Order.objects.count(),
                "discounted": Order.objects.filter(discount_code=code, discount_total=Decimal("10.00")).count(),
                "emails": list(Order.objects.values_list("email", flat=True)),
                "uses": DiscountRedemption.objects.exclude(status="released").count(),
            }
        )

    assert outcomes == {"ok": BUYERS}  # no database errors, no deadlocks
    assert tally["orders"] == 1 and tally["discounted"] == 1 and tally["uses"] == 1
    assert tally["emails"] == ["ADA@example.com"]
    assert len(refusals) == BUYERS - 1
    assert sum("issued to another email" in message for message in refusals) == BUYERS // 2


@REAL_COMMITS
def test_two_staff_approving_at_once_issue_one_code(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    request = filed_request()
    staff = StaffFactory()
    problems: list[str] = []

    def approve(_index: int) -> None:
        try:
            price_match_approve(request_id=request.pk, staff_user=staff)
        except PriceMatchProblem as problem:
            problems.append(problem.message)

    with threads_use_a_file_database(tmp_path):
        outcomes = run_at_once(approve, 2)
        tally = in_a_thread(lambda: (DiscountCode.objects.count(), PriceMatchRequest.objects.get(pk=request.pk).status))

    assert outcomes == {"ok": 2}
    assert tally == (1, PriceMatchStatus.APPROVED)
    assert len(problems) == 1 and "already been approved" in problems[0]
