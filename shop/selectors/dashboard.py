"""What the staff dashboard shows: sales by day, the orders waiting on staff, and the variants running low.

Each function costs a fixed number of queries however many orders or variants there are: sums and counts
are done by the database, and lists are cut to a few rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from shop.models import Order, OrderStatus, ProductVariant
from shop.models.orders import refund_unanswered_condition
from shop.money import DEFAULT_CURRENCY, Money
from shop.sales import DayRow, DaySales, SalesTotal, sales_by_day, sales_total

CHART_DAYS = 30
WEEK_DAYS = 7
# How many rows each panel lists before "see all".
PANEL_ROWS = 5


@dataclass(frozen=True, slots=True)
class SalesFigures:
    days: tuple[DaySales, ...]  # the last CHART_DAYS days, oldest first, today last
    today: SalesTotal
    week: SalesTotal

    @property
    def first_day(self) -> date:
        return self.days[0].day

    @property
    def last_day(self) -> date:
        return self.days[-1].day

    @property
    def month(self) -> SalesTotal:
        return sales_total(self.days)


@dataclass(frozen=True, slots=True)
class OrderRow:
    pk: int
    number: str
    email: str
    total: Money
    placed: datetime


@dataclass(frozen=True, slots=True)
class OrderQueue:
    count: int
    oldest: tuple[OrderRow, ...]


@dataclass(frozen=True, slots=True)
class OrderQueues:
    awaiting_fulfilment: OrderQueue
    refund_due: OrderQueue
    refund_unanswered: int  # orders with a refund Stripe did not answer (it may have been made)


@dataclass(frozen=True, slots=True)
class LowStockRow:
    sku: str
    name: str
    stock: int
    threshold: int


@dataclass(frozen=True, slots=True)
class LowStock:
    count: int
    emptiest: tuple[LowStockRow, ...]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def sales_figures(*, today: date | None = None) -> SalesFigures:
    """Net sales per day over the last 30 days, by the shop's local day of payment (one query)."""
    today = today or timezone.localdate()
    first_day = today - timedelta(days=CHART_DAYS - 1)
    rows = (
        Order.objects.filter(
            paid_at__gte=_day_start(first_day),
            paid_at__lt=_day_start(today + timedelta(days=1)),
            currency=DEFAULT_CURRENCY,
        )
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(orders=Count("pk"), paid=Sum("total"), refunded=Sum("refunded_total"))
    )
    days = sales_by_day(
        (DayRow(row["day"], row["orders"], row["paid"], row["refunded"]) for row in rows),
        last_day=today,
        days=CHART_DAYS,
    )
    return SalesFigures(days=days, today=sales_total(days[-1:]), week=sales_total(days[-WEEK_DAYS:]))


def awaiting_fulfilment() -> Q:
    """Paid and neither fulfilled nor shipped: staff still have to pack these (partly refunded ones too)."""
    return Q(status=OrderStatus.PAID, refund_due=False)


def _queue(condition: Q, *, count: int) -> OrderQueue:
    oldest = (
        Order.objects.filter(condition)
        .exclude(number__isnull=True)
        .order_by("created_at", "pk")
        .values("pk", "number", "email", "total", "currency", "created_at")[:PANEL_ROWS]
    )
    rows = tuple(
        OrderRow(row["pk"], row["number"], row["email"], Money(row["total"], row["currency"]), row["created_at"])
        for row in oldest
    )
    return OrderQueue(count=count, oldest=rows)


def order_queues() -> OrderQueues:
    """The orders awaiting fulfilment and those with a refund due, oldest first, and how many orders have a
    refund Stripe did not answer (three queries)."""
    counts = Order.objects.exclude(number__isnull=True).aggregate(
        awaiting=Count("pk", filter=awaiting_fulfilment()),
        refund_due=Count("pk", filter=Q(refund_due=True)),
        refund_unanswered=Count("pk", filter=Q(refund_unanswered_condition())),
    )
    return OrderQueues(
        awaiting_fulfilment=_queue(awaiting_fulfilment(), count=counts["awaiting"]),
        refund_due=_queue(Q(refund_due=True), count=counts["refund_due"]),
        refund_unanswered=counts["refund_unanswered"],
    )


def low_stock() -> LowStock:
    """Variants at or under their low-stock threshold, emptiest first, as the low-stock list has them (two queries)."""
    variants = ProductVariant.objects.filter(stock_quantity__lte=F("low_stock_threshold"))
    emptiest = variants.select_related("product").order_by("stock_quantity", "sku")[:PANEL_ROWS]
    rows = tuple(
        LowStockRow(variant.sku, str(variant), variant.stock_quantity, variant.low_stock_threshold)
        for variant in emptiest
    )
    return LowStock(count=variants.count(), emptiest=rows)
