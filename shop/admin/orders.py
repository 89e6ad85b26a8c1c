"""Orders in the Wagtail admin: the list (filter by status, date, province and "refund due", search by number
or email, CSV export for a date range) and a detail page with the lines, totals, each tax line, payments and
refunds, the timeline with staff notes, the staff actions and the printables.

Orders change through the shop's services (payments, webhooks, staff actions in order_actions.py), never
by hand-editing a form, so the viewset exposes no add, edit, copy or delete views.
"""

from __future__ import annotations

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin.export import ShopIndexView
from shop.admin.order_actions import OrderActionView, OrderPrintView, action_forms
from shop.admin.read_only import NoHandEditingMixin
from shop.fulfilment import tracking_url
from shop.models import Order, OrderStatus
from shop.models.orders import refund_unanswered_condition
from shop.provinces import Province
from shop.services.refunds import refundable_amount


class OrderFilterSet(WagtailFilterSet):
    # "Partially refunded" is read from the amounts: a partial refund leaves the order's status as it is.
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices, method="filter_status")
    created_at = django_filters.DateFromToRangeFilter(label=_("Placed"), widget=DateRangePickerWidget)
    shipping_province = django_filters.ChoiceFilter(label=_("Province"), choices=Province.choices)
    refund_due = django_filters.BooleanFilter(
        label=_("Refund due"),
        help_text=_("Paid after the reservation expired, when the stock had already sold."),
    )
    refund_unanswered = django_filters.BooleanFilter(
        label=_("Refund awaiting Stripe"),
        help_text=_("Stripe did not answer a refund: it may have been made. Open the order to ask Stripe again."),
        method="filter_refund_unanswered",
    )

    class Meta:
        model = Order
        fields = ["status", "created_at", "shipping_province", "refund_due", "refund_unanswered"]

    def filter_status(self, queryset, name, value):
        if value == OrderStatus.PARTIALLY_REFUNDED:
            return queryset.partially_refunded()
        return queryset.filter(status=value)

    def filter_refund_unanswered(self, queryset, name, value):
        condition = refund_unanswered_condition()
        return queryset.filter(condition if value else ~condition)


class OrderStatusColumn(Column):
    """The status, with badges: "refund due" (money must go back), "partially refunded", and "refund awaiting
    Stripe" (read with the list's own query, OrderIndexView)."""

    cell_template_name = "shop/admin/order_status_cell.html"


class OrderIndexView(ShopIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().exclude(number__isnull=True).with_refund_unanswered()


class OrderInspectView(InspectView):
    template_name = "shop/admin/order_inspect.html"
    url_namespace = None  # the viewset's, for the action and printable URLs

    def get_object(self, queryset=None):
        return Order.objects.prefetch_related(
            "lines", "taxes", "status_changes__staff_user", "refunds__lines", "refunds__created_by"
        ).get(pk=self.pk, number__isnull=False)

    def get_context_data(self, **kwargs):
        order = self.object

        def url(name, *args):
            return reverse(self.url_namespace + ":" + name, args=[order.pk, *args])

        return {
            **super().get_context_data(**kwargs),
            "order": order,
            **action_forms(order),
            "refundable": refundable_amount(order),
            "tracking_url": tracking_url(carrier=order.carrier, tracking_number=order.tracking_number),
            "action_urls": {name: url("action", name) for name in OrderActionView.actions},
            "packing_slip_url": url("print", "packing-slip"),
            "invoice_url": url("print", "invoice"),
        }


class OrderViewSet(NoHandEditingMixin, ModelViewSet):
    model = Order
    icon = "list-ul"
    menu_label = _("Orders")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = OrderFilterSet
    search_fields = ["number", "email", "shipping_name"]
    search_backend_name = None  # plain database lookups: numbers and emails are matched as typed
    list_display = [
        "number",
        "email",
        OrderStatusColumn("status", label=_("Status")),
        Column("shipping_province", label=_("Province")),
        Column("total", label=_("Total")),
        DateColumn("created_at", label=_("Placed")),
    ]
    list_export = [
        "number",
        "email",
        "shipping_name",
        "shipping_province",
        "status",
        "is_partially_refunded",
        "refund_due",
        "subtotal",
        "discount_total",
        "shipping_total",
        "tax_total",
        "refunded_total",
        "carrier",
        "tracking_number",
        "shipped_at",
        "total",
        "created_at",
        "paid_at",
    ]
    # A partial refund leaves the status as it is (the order still ships); the export says it beside it.
    export_headings = {"is_partially_refunded": _("Partially refunded")}
    ordering = ["-created_at"]

    def get_inspect_view_kwargs(self, **kwargs):
        return {**super().get_inspect_view_kwargs(**kwargs), "url_namespace": self.url_namespace}

    @property
    def action_view(self):
        return OrderActionView.as_view(viewset=self)

    @property
    def print_view(self):
        return OrderPrintView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("inspect/<int:pk>/<slug:action>/", self.action_view, name="action"),
            path("print/<int:pk>/<slug:printable>/", self.print_view, name="print"),
        ]
