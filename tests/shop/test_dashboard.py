"""The staff dashboard: the sales rules, the figures the selector reads, the panels staff see (and editors
do not), and what the dashboard and the order list cost in queries at 10 and at 1,000 orders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.models import Order, OrderStatus
from shop.money import Money
from shop.sales import CHART_TOP, DayRow, DaySales, sales_by_day, sales_chart, sales_total
from shop.selectors.dashboard import low_stock, order_queues, sales_figures
from tests.factories import ProductVariantFactory, StaffFactory, UserFactory

TODAY = date(2026, 3, 20)


def cad(amount: str) -> Money:
    return Money(Decimal(amount))


# --- the rules -----------------------------------------------------------------------------------------------


def test_every_day_of_the_span_is_there_and_days_without_orders_are_zero():
    rows = [DayRow(date(2026, 3, 18), 2, Decimal("150.00"), Decimal("0.00"))]
    days = sales_by_day(rows, last_day=TODAY, days=5)
    assert [day.day for day in days] == [date(2026, 3, 16 + n) for n in range(5)]
    assert [day.net for day in days] == [cad("0"), cad("0"), cad("150.00"), cad("0"), cad("0")]


def test_a_day_s_sales_are_what_was_paid_less_what_was_refunded_on_those_orders():
    day = DaySales(TODAY, 3, cad("300.00"), cad("45.50"))
    assert day.net == cad("254.50")
    assert DaySales(TODAY, 1, cad("10.00"), cad("10.00")).net == cad("0.00")


def test_totals_add_the_net_sales_and_orders_of_the_days():
    days = [DaySales(TODAY, 2, cad("100.00"), cad("20.00")), DaySales(TODAY, 1, cad("0.10"), cad("0.00"))]
    assert sales_total(days).net == cad("80.10")
    assert sales_total(days).orders == 3
    assert sales_total([]).net == cad("0")


def test_the_best_day_reaches_the_top_line_and_the_others_stand_in_proportion():
    days = sales_by_day(
        [DayRow(TODAY, 1, Decimal("200.00"), Decimal("0")), DayRow(TODAY - timedelta(1), 1, Decimal("50.00"), 0)],
        last_day=TODAY,
        days=30,
    )
    chart = sales_chart(days)
    best, quarter = chart.bars[-1], chart.bars[-2]
    assert best.y == CHART_TOP
    assert best.y + best.height == chart.baseline
    assert quarter.height * 4 == best.height
    assert chart.top == cad("200.00")
    assert chart.highest is best
    assert all(bar.height == 0 for bar in chart.bars[:-2])


def test_a_tiny_sale_still_shows_and_a_chart_without_sales_has_no_bars():
    days = sales_by_day(
        [DayRow(TODAY, 1, Decimal("10000.00"), 0), DayRow(TODAY - timedelta(1), 1, Decimal("0.01"), 0)],
        last_day=TODAY,
        days=30,
    )
    assert sales_chart(days).bars[-2].height == 1
    empty = sales_chart(sales_by_day([], last_day=TODAY, days=30))
    assert all(bar.height == 0 for bar in empty.bars) and empty.highest is None


def test_bars_fit_the_chart_side_by_side():
    chart = sales_chart(sales_by_day([], last_day=TODAY, days=30))
    assert chart.bars[0].x >= 0
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.width
    assert all(left.x + left.width < right.x for left, right in zip(chart.bars, chart.bars[1:], strict=False))


# --- the figures -----------------------------------------------------------------------------------------------

_sequence = iter(range(1, 10**9))


def order_rows(count: int, *, status=OrderStatus.PAID, paid_at=None, total="100.00", refunded="0.00", **fields):
    """`count` orders written in one statement, as the list and the dashboard read them (no lines)."""
    rows = []
    for _ in range(count):
        n = next(_sequence)
        rows.append(
            Order(
                number=f"KS-T{n}",
                email=f"shopper{n}@example.com",
                status=status,
                subtotal=Decimal(total),
                total=Decimal(total),
                refunded_total=Decimal(refunded),
                shipping_method="standard",
                shipping_name="Ada Stone",
                shipping_line1="1 King St W",
                shipping_city="Toronto",
                shipping_province="ON",
                shipping_postal_code="M5H 1A1",
                idempotency_key=f"dashboard-{n}",
                paid_at=paid_at,
                **fields,
            )
        )
    return Order.objects.bulk_create(rows)


def toronto(year, month, day, hour, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute), timezone.get_current_timezone())


@pytest.mark.django_db
def test_sales_count_paid_orders_by_the_shop_s_local_day_net_of_refunds():
    order_rows(2, paid_at=toronto(2026, 3, 20, 9))
    order_rows(1, paid_at=toronto(2026, 3, 20, 23, 30), refunded="40.00")
    order_rows(1, paid_at=toronto(2026, 3, 14, 12))  # 7th day back: in the week
    order_rows(1, paid_at=toronto(2026, 3, 13, 23, 59))  # 8th day back: only in the month
    order_rows(1, paid_at=toronto(2026, 2, 18, 12))  # 31st day back: in none
    order_rows(3, status=OrderStatus.PENDING_PAYMENT)  # never paid
    order_rows(1, status=OrderStatus.CANCELLED, refund_due=True)  # money owed back, never marked paid

    sales = sales_figures(today=TODAY)

    assert sales.today.net == cad("260.00") and sales.today.orders == 3
    assert sales.week.net == cad("360.00") and sales.week.orders == 4
    assert sales.month.net == cad("460.00") and sales.month.orders == 5
    assert len(sales.days) == 30 and sales.last_day == TODAY


@pytest.mark.django_db
def test_a_payment_late_in_the_evening_counts_on_that_day_in_toronto_not_the_next_utc_day():
    order_rows(1, paid_at=datetime(2026, 3, 21, 3, 30, tzinfo=UTC))  # 23:30 on the 20th in Toronto
    sales = sales_figures(today=TODAY)
    assert sales.today.net == cad("100.00")


@pytest.mark.django_db
def test_the_queues_count_orders_awaiting_fulfilment_and_refund_due_oldest_first():
    order_rows(3, paid_at=timezone.now())
    order_rows(1, status=OrderStatus.SHIPPED, paid_at=timezone.now())
    due = order_rows(2, status=OrderStatus.CANCELLED, refund_due=True)
    queues = order_queues()
    awaiting, refund_due = queues.awaiting_fulfilment, queues.refund_due
    assert awaiting.count == 3 and len(awaiting.oldest) == 3
    assert refund_due.count == 2 and [row.number for row in refund_due.oldest] == [o.number for o in due]


@pytest.mark.django_db
def test_low_stock_lists_variants_at_or_under_their_threshold_emptiest_first():
    ProductVariantFactory(sku="AT", stock_quantity=3, low_stock_threshold=3)
    ProductVariantFactory(sku="EMPTY", stock_quantity=0, low_stock_threshold=3)
    ProductVariantFactory(sku="PLENTY", stock_quantity=4, low_stock_threshold=3)
    stock = low_stock()
    assert stock.count == 2
    assert [row.sku for row in stock.emptiest] == ["EMPTY", "AT"]


# --- the panels ------------------------------------------------------------------------------------------------


def dashboard(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_staff_see_sales_queues_and_low_stock_with_links_to_the_lists(client):
    order_rows(2, paid_at=timezone.now(), total="123.45")
    due = order_rows(1, status=OrderStatus.CANCELLED, refund_due=True)[0]
    ProductVariantFactory(sku="LOW-1", stock_quantity=1, low_stock_threshold=3)
    client.force_login(StaffFactory())

    page = dashboard(client)

    assert "$246.90" in page  # today, and the week
    assert 'role="img"' in page and '<title id="shop-sales-chart-title">' in page and "<desc" in page
    assert '<table class="w-sr-only">' in page
    assert "/admin/orders/?status=paid&amp;refund_due=false" in page
    assert "/admin/orders/?refund_due=true" in page and due.number in page
    assert "/admin/low_stock/" in page and "LOW-1" in page
    assert "style=" not in page.split('id="shop-sales-chart-section"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_an_editor_sees_no_sales_orders_or_stock_on_the_dashboard(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    page = dashboard(client)
    assert "shop-sales" not in page and "shop-refund-due" not in page and "shop-low-stock" not in page


@pytest.mark.django_db
def test_shop_staff_see_the_shop_panels(client):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Shop staff"))
    client.force_login(staff)
    page = dashboard(client)
    assert "shop-sales-chart" in page and "shop-awaiting-fulfilment" in page and "shop-low-stock" in page


# --- query budgets ----------------------------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def price_match_rows(count: int, variant) -> None:
    """`count` pending price-match requests, written in one statement."""
    from shop.models import PriceMatchRequest

    PriceMatchRequest.objects.bulk_create(
        PriceMatchRequest(
            variant=variant,
            sku=variant.sku,
            product_name="Massage gun",
            competitor_name="Physio Depot",
            competitor_url="https://www.physiodepot.ca/gun",
            competitor_price=Decimal("90.00"),
            email=f"asker{next(_sequence)}@example.com",
            shelf_price=Decimal("100.00"),
        )
        for _ in range(count)
    )


def unanswered_conversation_rows(count: int) -> None:
    """`count` conversations waiting for staff (the test may read the app that owns them; shop never does)."""
    from content.conversations.models import Conversation, Sender

    Conversation.objects.bulk_create(
        Conversation(
            email=f"chatter{next(_sequence)}@example.com", last_message_from=Sender.SHOPPER, last_message_preview="Hi"
        )
        for _ in range(count)
    )


def unanswered_refund_rows(orders) -> None:
    """A refund Stripe did not answer on each of `orders`, written in one statement."""
    from shop.models import Refund, RefundStatus

    Refund.objects.bulk_create(
        Refund(order=order, amount=Decimal("1.00"), idempotency_key=f"lost-{order.pk}", status=RefundStatus.UNANSWERED)
        for order in orders
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/orders/",
        "/admin/orders/?refund_due=true",
        "/admin/orders/?refund_unanswered=true",
        "/admin/orders/?status=partially_refunded",
        "/admin/low_stock/",
    ],
)
def test_the_dashboard_and_the_order_list_cost_the_same_at_10_and_at_1000_orders_requests_and_conversations(
    client, url, django_assert_max_num_queries
):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Shop staff"))
    client.force_login(staff)
    for n in range(3):
        ProductVariantFactory(sku=f"LOW-{n}", stock_quantity=n, low_stock_threshold=5)

    asked_about = ProductVariantFactory(sku="ASKED", stock_quantity=50)

    def mix(count):
        # paid today and over the month, awaiting fulfilment, shipped, refunded in part, refund due; as many
        # pending price-match requests and conversations waiting for an answer
        price_match_rows(count, asked_about)
        unanswered_conversation_rows(count)
        per = count // 5
        order_rows(per, paid_at=timezone.now())
        order_rows(per, paid_at=timezone.now() - timedelta(days=12))
        order_rows(per, status=OrderStatus.SHIPPED, paid_at=timezone.now(), carrier="ups", tracking_number="1Z")
        order_rows(per, paid_at=timezone.now(), refunded="10.00")
        due = order_rows(per, status=OrderStatus.CANCELLED, refund_due=True)
        unanswered_refund_rows(due)

    mix(10)
    client.get(url)  # fills the per-process caches (site, settings) once
    at_ten = queries_for(client, url)
    mix(990)
    assert Order.objects.count() == 1000
    with django_assert_max_num_queries(at_ten):
        assert client.get(url).status_code == 200
    assert queries_for(client, url) == at_ten
    if url == "/admin/":  # the panels that count them are on the page, with the counts
        page = client.get(url).content.decode()
        assert "Pending price-match requests (1000)" in page and "1000 shoppers are waiting for an answer" in page
        assert "200 orders have a refund awaiting Stripe" in page
