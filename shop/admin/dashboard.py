"""The shop's panels on the Wagtail admin home: sales today and over 7 days, a 30-day sales chart, the orders
awaiting fulfilment, the orders with a refund due and the variants low on stock.

shop/wagtail_hooks.py adds them through Wagtail's construct_homepage_panels hook, and only for staff allowed
to open the list each panel links to: an editor sees none of them. Other apps add their own panels the same
way, so the shop never imports them.
"""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.permission_policies import ModelPermissionPolicy

from shop.models import Order, OrderStatus, ProductVariant
from shop.sales import sales_chart
from shop.selectors.dashboard import (
    LowStock,
    OrderQueue,
    OrderQueues,
    SalesFigures,
    low_stock,
    order_queues,
    sales_figures,
)

ANY_PERMISSION = ["add", "change", "delete", "view"]


def may_see_orders(user) -> bool:
    return ModelPermissionPolicy(Order).user_has_any_permission(user, ANY_PERMISSION)


def may_see_stock(user) -> bool:
    return ModelPermissionPolicy(ProductVariant).user_has_any_permission(user, ANY_PERMISSION)


def orders_url(**filters) -> str:
    url = reverse("orders:index")
    return f"{url}?{urlencode(filters)}" if filters else url


class DashboardFigures:
    """Read once per dashboard, on first use, and shared by the panels that show the same figures."""

    @cached_property
    def sales(self) -> SalesFigures:
        return sales_figures()

    @cached_property
    def queues(self) -> OrderQueues:
        return order_queues()

    @cached_property
    def low_stock(self) -> LowStock:
        return low_stock()


class ShopPanel(Component):
    def __init__(self, figures: DashboardFigures):
        self.figures = figures


class SalesPanel(ShopPanel):
    name = "shop_sales"
    template_name = "shop/admin/dashboard/sales.html"
    order = 60

    def get_context_data(self, parent_context):
        sales = self.figures.sales
        week_start = sales.days[-7].day
        return {
            "sales": sales,
            "today_url": orders_url(created_at_from=sales.last_day.isoformat()),
            "week_url": orders_url(created_at_from=week_start.isoformat()),
        }


class SalesChartPanel(ShopPanel):
    name = "shop_sales_chart"
    template_name = "shop/admin/dashboard/sales_chart.html"
    order = 61

    def get_context_data(self, parent_context):
        sales = self.figures.sales
        return {
            "sales": sales,
            "chart": sales_chart(sales.days),
            "month_url": orders_url(created_at_from=sales.first_day.isoformat()),
        }


class OrderQueuePanel(ShopPanel):
    template_name = "shop/admin/dashboard/order_queue.html"

    queue_name = ""  # the OrderQueues field this panel lists; each panel below names its own

    def queue(self) -> OrderQueue:
        return getattr(self.figures.queues, self.queue_name)

    def get_context_data(self, parent_context):
        return {"panel": self, "queue": self.queue(), "refund_unanswered": self.refund_unanswered()}

    def refund_unanswered(self) -> tuple[int, str] | None:
        """How many orders have a refund Stripe did not answer, and their list, for the panel that names them."""
        return None


class AwaitingFulfilmentPanel(OrderQueuePanel):
    name = "shop_awaiting_fulfilment"
    order = 62
    panel_id = "shop-awaiting-fulfilment"
    heading = _("Orders awaiting fulfilment")
    help_text = _("Paid orders not yet fulfilled or shipped, oldest first.")
    empty_text = _("Every paid order has been fulfilled.")
    queue_name = "awaiting_fulfilment"

    @property
    def list_url(self) -> str:
        return orders_url(status=OrderStatus.PAID.value, refund_due="false")


class RefundDuePanel(OrderQueuePanel):
    name = "shop_refund_due"
    order = 63
    panel_id = "shop-refund-due"
    heading = _("Refund due")
    help_text = _("Paid after the reservation expired, when the stock had already sold: the money must go back.")
    empty_text = _("No order is waiting for a refund.")
    queue_name = "refund_due"

    def refund_unanswered(self) -> tuple[int, str] | None:
        # Beside the refunds due, the refunds Stripe has not answered: staff ask Stripe again from the order.
        count = self.figures.queues.refund_unanswered
        return (count, orders_url(refund_unanswered="true")) if count else None

    @property
    def list_url(self) -> str:
        return orders_url(refund_due="true")


class LowStockPanel(ShopPanel):
    name = "shop_low_stock"
    template_name = "shop/admin/dashboard/low_stock.html"
    order = 64

    def get_context_data(self, parent_context):
        return {"stock": self.figures.low_stock, "list_url": reverse("low_stock:index")}


def shop_panels(user) -> list[Component]:
    """The panels this staff member may see, sharing one read of the figures."""
    figures = DashboardFigures()
    panels: list[Component] = []
    if may_see_orders(user):
        panels += [
            SalesPanel(figures),
            SalesChartPanel(figures),
            AwaitingFulfilmentPanel(figures),
            RefundDuePanel(figures),
        ]
    if may_see_stock(user):
        panels.append(LowStockPanel(figures))
    return panels
