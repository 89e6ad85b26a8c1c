"""Stock in the Wagtail admin: the log of hand adjustments (with a form to make one) and the low-stock list.

An adjustment goes through shop.services.stock_adjustments, never a plain model save, so the shelf changes
with F() under the same rules as a checkout and every change is logged with its reason and staff member.
"""

from __future__ import annotations

import django_filters
from django.db.models import F
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin.export import ShopIndexView
from shop.admin.read_only import NoHandEditingMixin
from shop.models import ProductVariant, StockAdjustment, StockAdjustmentReason
from shop.services.stock_adjustments import StockAdjustmentProblem, stock_adjust


class StockAdjustmentForm(WagtailAdminModelForm):
    class Meta:
        model = StockAdjustment
        fields = ["variant", "delta", "reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant"].queryset = ProductVariant.objects.select_related("product").order_by("sku")
        self.fields["variant"].label_from_instance = lambda variant: f"{variant.sku} — {variant}"


class StockAdjustmentCreateView(CreateView):
    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = stock_adjust(
                variant_id=data["variant"].pk,
                delta=data["delta"],
                reason=data["reason"],
                note=data["note"],
                staff_user=self.request.user,
            )
        except StockAdjustmentProblem as error:
            form.add_error(None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Stock of %(sku)s is now %(stock)s.") % {"sku": data["variant"].sku, "stock": self.object.stock_after},
        )
        return redirect(self.index_url_name)


class StockAdjustmentFilterSet(WagtailFilterSet):
    reason = django_filters.ChoiceFilter(label=gettext_lazy("Reason"), choices=StockAdjustmentReason.choices)
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("When"), widget=DateRangePickerWidget)

    class Meta:
        model = StockAdjustment
        fields = ["reason", "created_at"]


class StockAdjustmentIndexView(ShopIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("variant__product", "staff_user")


class StockAdjustmentViewSet(ModelViewSet):
    model = StockAdjustment
    icon = "history"
    menu_label = gettext_lazy("Stock adjustments")
    index_view_class = StockAdjustmentIndexView
    add_view_class = StockAdjustmentCreateView
    filterset_class = StockAdjustmentFilterSet
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        Column("variant", label=gettext_lazy("Variant"), accessor="variant"),
        Column("delta", label=gettext_lazy("Change")),
        Column("stock_after", label=gettext_lazy("Stock after")),
        Column("reason", label=gettext_lazy("Reason"), accessor="get_reason_display"),
        "note",
        Column("staff_user", label=gettext_lazy("By"), accessor="staff_user"),
        DateColumn("created_at", label=gettext_lazy("When")),
    ]
    list_export = ["variant", "delta", "stock_after", "reason", "note", "staff_user", "created_at"]
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return StockAdjustmentForm

    def get_common_view_kwargs(self, **kwargs):
        # The log is never edited or deleted: a wrong adjustment is put right by another one.
        return {**super().get_common_view_kwargs(**kwargs), "edit_url_name": None, "delete_url_name": None}

    def get_urlpatterns(self):
        from django.urls import path

        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", self.add_view, name="add"),
        ]


class LowStockIndexView(ShopIndexView):
    def get_base_queryset(self):
        return (
            ProductVariant.objects.filter(stock_quantity__lte=F("low_stock_threshold"))
            .select_related("product")
            .order_by("stock_quantity", "sku")
        )


class LowStockViewSet(NoHandEditingMixin, ModelViewSet):
    """Variants at or under their low-stock threshold, emptiest first."""

    model = ProductVariant
    icon = "warning"
    menu_label = gettext_lazy("Low stock")
    index_view_class = LowStockIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "sku",
        Column("product", label=gettext_lazy("Product"), accessor="__str__"),
        Column("stock_quantity", label=gettext_lazy("In stock")),
        Column("low_stock_threshold", label=gettext_lazy("Threshold")),
    ]
    list_export = ["sku", "product", "stock_quantity", "low_stock_threshold"]
    search_fields = ["sku", "product__name"]
    search_backend_name = None
    sort_order_field = None  # variants are ordered on their product, not here
    form_fields = ["low_stock_threshold"]  # never shown: the variant is edited on its product

    def get_urlpatterns(self):
        from django.urls import path

        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class StockGroup(ViewSetGroup):
    menu_label = gettext_lazy("Stock")
    menu_icon = "tasks"
    menu_order = 260
    items = (StockAdjustmentViewSet("stock_adjustments"), LowStockViewSet("low_stock"))
