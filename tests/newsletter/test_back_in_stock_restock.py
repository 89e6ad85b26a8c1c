"""When stock comes back: the shop's SHOP_STOCK_RETURNED_HOOKS, and one email per confirmed request, once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from newsletter.back_in_stock import (
    AlertContext,
    back_in_stock_cancel_for_email,
    back_in_stock_confirm,
    back_in_stock_notify,
    back_in_stock_request,
)
from newsletter.models import BackInStockRequest, BackInStockStatus, SignupSource, Subscriber, SubscriberStatus
from shop.models import ProductVariant, StockAdjustmentReason
from shop.services.fulfilment import order_cancel
from shop.services.order_status import order_release_if_unpaid
from shop.services.stock import stock_release, stock_returned_hooks_run, stock_returns_watched
from shop.services.stock_adjustments import stock_adjust
from tests.factories import ProductFactory, ProductVariantFactory, PromotionFactory, StaffFactory
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db

CONTEXT = AlertContext(language="en-ca", ip_address="203.0.113.7", user_agent="pytest")
calls: list[int] = []


def record_call(variant_id: int) -> None:
    calls.append(variant_id)


def broken_hook(variant_id: int) -> None:
    raise RuntimeError("hook is down")


@pytest.fixture(autouse=True)
def fresh_calls():
    calls.clear()


@pytest.fixture
def sold_out(shop_details):
    product = ProductFactory(name="Basalt stone set", slug="basalt-stone-set", variant=False)
    return ProductVariantFactory(product=product, sku="BASALT-L", size="Large", stock_quantity=0, price=Decimal("80"))


def confirmed_request(variant, email: str = "ada@example.com") -> BackInStockRequest:
    back_in_stock_request(email=email, variant_id=variant.pk, context=CONTEXT)
    message = mail.outbox.pop()
    token = next(line for line in message.body.splitlines() if "/back-in-stock/confirm/" in line)
    result, request = back_in_stock_confirm(token=token.strip().rstrip("/").rsplit("/", 1)[1])
    assert request is not None and request.status == BackInStockStatus.CONFIRMED, result
    return request


def alerts() -> list:
    return [message for message in mail.outbox if "is back in stock" in message.subject]


# --- the shop's extension point ----------------------------------------------------------------------------


def test_a_delivery_to_a_sold_out_variant_runs_the_hooks_after_commit(
    settings, sold_out, django_capture_on_commit_callbacks
):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.record_call"]
    with django_capture_on_commit_callbacks() as callbacks:
        stock_adjust(variant_id=sold_out.pk, delta=5, reason=StockAdjustmentReason.RECEIVED)
        assert calls == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert calls == [sold_out.pk]


def test_stock_that_was_never_gone_runs_no_hooks(settings, sold_out, django_capture_on_commit_callbacks):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.record_call"]
    sold_out.stock_quantity = 2
    sold_out.save()
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=5, reason=StockAdjustmentReason.RECEIVED)
        stock_adjust(variant_id=sold_out.pk, delta=-7, reason=StockAdjustmentReason.DAMAGED)  # to zero: no hook
    assert calls == []


def test_released_or_cancelled_order_stock_runs_the_hooks_for_the_variants_that_came_back(
    settings, sold_out, django_capture_on_commit_callbacks
):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.record_call"]
    still_there = ProductVariantFactory(stock_quantity=4)
    with django_capture_on_commit_callbacks(execute=True):
        stock_release(quantities={sold_out.pk: 1, still_there.pk: 2})
    assert calls == [sold_out.pk]


def test_an_unpaid_order_released_or_cancelled_by_staff_puts_its_sold_out_variant_back(
    settings, shop_details, django_capture_on_commit_callbacks
):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.record_call"]
    released = place(cart_with(stock=1, quantity=1))
    cancelled = place(cart_with(stock=2, quantity=2))
    variants = [order.lines.get().variant_id for order in (released, cancelled)]
    assert set(ProductVariant.objects.filter(pk__in=variants).values_list("stock_quantity", flat=True)) == {0}

    with django_capture_on_commit_callbacks(execute=True):
        assert order_release_if_unpaid(order_id=released.pk, now=timezone.now() + timedelta(days=1))
        order_cancel(order=cancelled, staff_user=StaffFactory(), reason="changed their mind")
    assert calls == variants


def test_a_change_that_rolls_back_runs_no_hooks(settings, sold_out, django_capture_on_commit_callbacks):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.record_call"]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        stock_returns_watched([sold_out.pk]),
    ):
        stock_release(quantities={sold_out.pk: 1})
        raise RuntimeError("the order save failed")
    assert calls == []


def test_a_failing_hook_never_fails_the_restock_nor_the_hooks_after_it(settings, sold_out):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.broken_hook", "no.such.module.hook", f"{__name__}.record_call"]
    stock_returned_hooks_run(variant_ids=[sold_out.pk])
    assert calls == [sold_out.pk]


def test_staff_saving_a_variants_stock_on_the_product_form_runs_the_hooks(
    client, settings, sold_out, django_capture_on_commit_callbacks
):
    settings.SHOP_STOCK_RETURNED_HOOKS = [f"{__name__}.record_call"]
    client.force_login(StaffFactory())
    product = sold_out.product
    data = nested_form_data(
        {
            "name": product.name,
            "slug": product.slug,
            "summary": product.summary,
            "description": rich_text("<p>Made to last.</p>"),
            "category": product.category_id,
            "brand": "",
            "product_type": product.product_type,
            "is_active": "on",
            "variants": inline_formset(
                [
                    {
                        "id": sold_out.pk,
                        "sku": sold_out.sku,
                        "colour": "",
                        "size": "Large",
                        "price": "80.00",
                        "compare_at_price": "",
                        "stock_quantity": "6",
                        "low_stock_threshold": "3",
                        "weight_g": "500",
                    }
                ],
                min=1,
            ),
            "images": inline_formset([]),
            "translations": inline_formset([]),
        }
    )
    data["variants-INITIAL_FORMS"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_shop_product:edit", args=[product.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sold_out.refresh_from_db()
    assert sold_out.stock_quantity == 6
    assert calls == [sold_out.pk]


# --- the newsletter's alerts ---------------------------------------------------------------------------------


def test_a_restock_sends_one_email_per_confirmed_request_with_the_live_price_and_uses_it_up(
    sold_out, django_capture_on_commit_callbacks
):
    confirmed_request(sold_out, "ada@example.com")
    confirmed_request(sold_out, "bo@example.com")
    PromotionFactory(value=Decimal("15"), products=[sold_out.product])  # the shelf price is 68.00 now

    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=3, reason=StockAdjustmentReason.RECEIVED)

    sent = alerts()
    assert sorted(m.to[0] for m in sent) == ["ada@example.com", "bo@example.com"]
    body, html = sent[0].body, sent[0].alternatives[0][0]
    assert sent[0].subject == "Basalt stone set — Large is back in stock"
    assert "$68.00" in body and "$80.00" in body  # the sale price, and the regular one
    assert "http://127.0.0.1:8000/products/basalt-stone-set/?variant=BASALT-L" in body
    assert "Knot & Stone Therapy Supply" in body and "12 Birch Lane" in body and "hello@knotandstone.example" in body
    assert "$68.00" in html and "Knot &amp; Stone Therapy Supply" in html
    assert set(BackInStockRequest.objects.values_list("status", flat=True)) == {BackInStockStatus.NOTIFIED}
    assert all(r.notified_at for r in BackInStockRequest.objects.all())


def test_a_second_restock_sends_nothing_more(sold_out, django_capture_on_commit_callbacks):
    confirmed_request(sold_out)
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=3, reason=StockAdjustmentReason.RECEIVED)
        stock_adjust(variant_id=sold_out.pk, delta=-3, reason=StockAdjustmentReason.DAMAGED)
        stock_adjust(variant_id=sold_out.pk, delta=2, reason=StockAdjustmentReason.RECEIVED)
    assert len(alerts()) == 1


def test_two_notifies_for_the_same_variant_send_one_email(sold_out):
    confirmed_request(sold_out)
    sold_out.stock_quantity = 1
    sold_out.save()
    assert back_in_stock_notify(variant_id=sold_out.pk) == 1
    assert back_in_stock_notify(variant_id=sold_out.pk) == 0
    assert len(alerts()) == 1


def test_a_pending_request_is_never_mailed(sold_out, django_capture_on_commit_callbacks):
    back_in_stock_request(email="ada@example.com", variant_id=sold_out.pk, context=CONTEXT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=3, reason=StockAdjustmentReason.RECEIVED)
    assert mail.outbox == []
    assert BackInStockRequest.objects.get().status == BackInStockStatus.PENDING


def test_confirming_after_the_stock_came_back_sends_the_alert_at_once(sold_out, django_capture_on_commit_callbacks):
    back_in_stock_request(email="ada@example.com", variant_id=sold_out.pk, context=CONTEXT)
    token_line = next(line for line in mail.outbox.pop().body.splitlines() if "/back-in-stock/confirm/" in line)
    sold_out.stock_quantity = 2
    sold_out.save()
    with django_capture_on_commit_callbacks(execute=True):
        back_in_stock_confirm(token=token_line.strip().rstrip("/").rsplit("/", 1)[1])
    assert len(alerts()) == 1
    assert BackInStockRequest.objects.get().status == BackInStockStatus.NOTIFIED


def test_a_restock_is_no_subscription_and_nobody_joins_the_newsletter(sold_out, django_capture_on_commit_callbacks):
    confirmed_request(sold_out)
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=3, reason=StockAdjustmentReason.RECEIVED)
    assert Subscriber.objects.count() == 0
    assert "unsubscribe" not in alerts()[0].body.lower()


def test_an_address_suppressed_after_asking_is_withdrawn_not_mailed(sold_out, django_capture_on_commit_callbacks):
    confirmed_request(sold_out)
    Subscriber.objects.create(
        email="ada@example.com", status=SubscriberStatus.SUPPRESSED, wants_articles=True, source=SignupSource.STAFF
    )
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=3, reason=StockAdjustmentReason.RECEIVED)
    assert alerts() == []
    assert BackInStockRequest.objects.get().status == BackInStockStatus.CANCELLED


def test_cancelled_requests_are_never_mailed(sold_out, django_capture_on_commit_callbacks):
    confirmed_request(sold_out)
    assert back_in_stock_cancel_for_email(email="ADA@example.com") == 1
    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(variant_id=sold_out.pk, delta=3, reason=StockAdjustmentReason.RECEIVED)
    assert alerts() == []


def test_a_hidden_product_sends_nothing_until_it_is_shown_again(sold_out):
    confirmed_request(sold_out)
    sold_out.stock_quantity = 4
    sold_out.save()
    sold_out.product.is_active = False
    sold_out.product.save()
    assert back_in_stock_notify(variant_id=sold_out.pk) == 0
    assert BackInStockRequest.objects.get().status == BackInStockStatus.CONFIRMED


def test_notifying_many_requests_keeps_a_steady_query_count(sold_out, django_assert_max_num_queries):
    for n in range(10):
        confirmed_request(sold_out, f"shopper{n}@example.com")
    sold_out.stock_quantity = 4
    sold_out.save()
    # Per request: a suppression check, the conditional UPDATE and its savepoint; plus a fixed few.
    with django_assert_max_num_queries(15 + 10 * 5):
        assert back_in_stock_notify(variant_id=sold_out.pk) == 10


def test_the_sweep_tells_requests_whose_alert_task_was_lost_once(sold_out):
    confirmed_request(sold_out)
    sold_out.stock_quantity = 4
    sold_out.save()  # stock back with no hook run, as if the task had been lost
    still_sold_out = ProductVariantFactory(stock_quantity=0)
    confirmed_request(still_sold_out, "bo@example.com")

    out = StringIO()
    call_command("send_back_in_stock_alerts", stdout=out)
    call_command("send_back_in_stock_alerts", stdout=StringIO())

    assert "Sent 1 back-in-stock email(s)." in out.getvalue()
    assert [m.to for m in alerts()] == [["ada@example.com"]]
