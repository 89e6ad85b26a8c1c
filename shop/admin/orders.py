"""Orders in the Wagtail admin: a read-mostly list (filter by status and date, search by number or email)
and a detail page with the lines, totals, each tax line and the status history.

Orders change through the shop's services (payments, webhooks, refunds), never by hand-editing a form,
so the viewset exposes no add, edit, copy or delete views.
"""

from __future__ import annotations

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin.export import ShopIndexView
from shop.models import Order, OrderStatus


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Placed"), widget=DateRangePickerWidget)

    class Meta:
        model = Order
        fields = ["status", "created_at"]


class OrderIndexView(ShopIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().exclude(number__isnull=True)


class OrderInspectView(InspectView):
    template_name = "shop/admin/order_inspect.html"

    def get_object(self, queryset=None):
        return Order.objects.prefetch_related("lines", "taxes", "status_changes").get(pk=self.pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "order": self.object}


class OrderViewSet(ModelViewSet):
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
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("total", label=_("Total")),
        DateColumn("created_at", label=_("Placed")),
    ]
    list_export = [
        "number",
        "email",
        "shipping_name",
        "status",
        "subtotal",
        "discount_total",
        "shipping_total",
        "tax_total",
        "total",
        "created_at",
        "paid_at",
    ]
    ordering = ["-created_at"]

    def get_common_view_kwargs(self, **kwargs):
        # No hand-editing: the list links each order to its detail page.
        no_editing = {"add_url_name": None, "edit_url_name": None, "delete_url_name": None}
        return {**super().get_common_view_kwargs(**kwargs), **no_editing}

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
