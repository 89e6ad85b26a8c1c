"""Sales figures for the staff dashboard: a day's takings, totals over a span of days, and the chart's bars.

A day's sales are what shoppers paid that day (tax and shipping included) less what has since been refunded
on those same orders, so a refund lowers the day the order was paid, not the day of the refund. Orders
whose money is owed back ("refund due") were never marked paid and so never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from shop.money import DEFAULT_CURRENCY, Money


@dataclass(frozen=True, slots=True)
class DaySales:
    day: date
    orders: int
    paid: Money
    refunded: Money

    @property
    def net(self) -> Money:
        """What the day's orders still bring in: paid less refunded, never below zero."""
        net = self.paid - self.refunded
        return net if net.amount > 0 else Money.zero(net.currency)


@dataclass(frozen=True, slots=True)
class SalesTotal:
    orders: int
    net: Money


@dataclass(frozen=True, slots=True)
class DayRow:
    """One day as the database sums it: the number of orders paid, their totals and refunded totals."""

    day: date
    orders: int
    paid: Decimal
    refunded: Decimal


def sales_by_day(
    rows: Iterable[DayRow], *, last_day: date, days: int, currency: str = DEFAULT_CURRENCY
) -> tuple[DaySales, ...]:
    """Every day from `days - 1` days before `last_day` up to it, oldest first; a day without orders is zero."""
    if days < 1:
        raise ValueError("A span of sales has at least one day.")
    by_day = {row.day: row for row in rows}
    result = []
    for offset in range(days - 1, -1, -1):
        day = last_day - timedelta(days=offset)
        row = by_day.get(day)
        if row is None:
            result.append(DaySales(day, 0, Money.zero(currency), Money.zero(currency)))
        else:
            result.append(DaySales(day, row.orders, Money(row.paid, currency), Money(row.refunded, currency)))
    return tuple(result)


def sales_total(days: Sequence[DaySales], *, currency: str = DEFAULT_CURRENCY) -> SalesTotal:
    """The orders and net sales of the given days together."""
    net = Money.zero(currency)
    for day in days:
        net = net + day.net
    return SalesTotal(orders=sum(day.orders for day in days), net=net)


# --- the chart ------------------------------------------------------------------------------------------

CHART_WIDTH = 600
CHART_HEIGHT = 180
# Room under the bars for the first and last day's labels, and above them for the top figure.
CHART_TOP = 20
CHART_BOTTOM = 24
BAR_GAP = Decimal("2")
TENTH = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class ChartBar:
    day: date
    net: Money
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal


@dataclass(frozen=True, slots=True)
class SalesChart:
    """Bars in SVG user units (the chart's viewBox is width × height), and the figure the tallest bar stands for."""

    bars: tuple[ChartBar, ...]
    top: Money
    width: int
    height: int
    baseline: Decimal
    top_y: Decimal
    label_y: Decimal

    @property
    def highest(self) -> ChartBar | None:
        """The day with the most sales (the latest of equal days); None when every day was zero."""
        best = None
        for bar in self.bars:
            if bar.net.amount > 0 and (best is None or bar.net >= best.net):
                best = bar
        return best


def _tenths(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def sales_chart(days: Sequence[DaySales], *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT) -> SalesChart:
    """One bar per day, its height in proportion to the day's net sales; the best day reaches the top line."""
    if not days:
        raise ValueError("A chart needs at least one day.")
    currency = days[0].net.currency
    top = Money.zero(currency)
    for day in days:
        top = max(top, day.net)
    plot_height = Decimal(height - CHART_TOP - CHART_BOTTOM)
    baseline = Decimal(height - CHART_BOTTOM)
    slot = Decimal(width) / len(days)
    bar_width = max(slot - BAR_GAP, Decimal("1"))
    bars = []
    for index, day in enumerate(days):
        bar_height = plot_height * day.net.amount / top.amount if top.amount > 0 else Decimal("0")
        bar_height = _tenths(bar_height)
        if day.net.amount > 0:
            bar_height = max(bar_height, Decimal("1"))  # a small sale still shows
        bars.append(
            ChartBar(
                day=day.day,
                net=day.net,
                x=_tenths(slot * index + BAR_GAP / 2),
                y=_tenths(baseline - bar_height),
                width=_tenths(bar_width),
                height=bar_height,
            )
        )
    return SalesChart(
        bars=tuple(bars),
        top=top,
        width=width,
        height=height,
        baseline=baseline,
        top_y=Decimal(CHART_TOP),
        label_y=Decimal(height - 6),
    )
