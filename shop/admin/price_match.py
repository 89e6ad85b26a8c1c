"""Price match in the Wagtail admin: the staff queue (list with filters, a detail page with Approve and
Reject-with-reason), the shopper's screenshot streamed from private storage, the report of competitor prices
per SKU (with CSV) and the dashboard panel.

Requests change only through shop.services.price_match, never by hand-editing a form: the viewset has no
add, edit or delete views. Seeing the queue takes the model's view permission; deciding takes change.
"""

from __future__ import annotations

import csv

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin.export import ShopIndexView, spreadsheet_safe
from shop.admin.read_only import NoHandEditingMixin
from shop.models import PriceMatchRequest, PriceMatchStatus
from shop.money import Money
from shop.price_match_forms import SCREENSHOT_EXTENSIONS, SCREENSHOT_FORMATS, screenshot_format
from shop.selectors.price_match import (
    competitor_price_report,
    price_match_pending,
    price_match_pending_count,
    price_match_policy,
    price_match_waiting_refund,
)
from shop.services.price_match import (
    PriceMatchProblem,
    price_match_approve,
    price_match_decision_now,
    price_match_refund_now,
    price_match_reject,
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the shopper)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the shopper a reason for rejecting the request.")},
    )


def _refunded(request: PriceMatchRequest) -> Money | str:
    """The refund an after-purchase approval made, for the queue's column; blank for the others."""
    return Money(request.refund.amount, request.refund.currency) if request.refund_id else ""


class PriceMatchFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=PriceMatchStatus.choices)
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Received"), widget=DateRangePickerWidget)
    after_purchase = django_filters.BooleanFilter(
        label=gettext_lazy("Already bought"), field_name="order", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = PriceMatchRequest
        fields = ["status", "created_at", "after_purchase"]


class PriceMatchIndexView(ShopIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("order", "refund")


class PriceMatchInspectView(InspectView):
    template_name = "shop/admin/price_match_inspect.html"
    url_namespace = None

    def get_object(self, queryset=None):
        return get_object_or_404(
            PriceMatchRequest.objects.select_related(
                "variant__product", "order", "decided_by", "discount_code", "refund"
            ).prefetch_related("events__staff_user"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        request_row = self.object
        pending = request_row.status == PriceMatchStatus.PENDING
        decision = price_match_decision_now(request_row) if pending else None
        eligible = decision is not None and decision.eligible
        waiting = price_match_waiting_refund(request_row) if pending else None
        return {
            **super().get_context_data(**kwargs),
            "price_match": request_row,
            "decision": decision,
            # After purchase: the amount Approve would refund (the difference on each unit, with its tax).
            "refund_preview": price_match_refund_now(request_row, decision) if eligible and not waiting else None,
            # An earlier approval's refund Stripe did not answer: approving again asks about it, for its amount.
            "waiting_refund": waiting,
            # Before purchase: how many units the code Approve would email covers.
            "policy_units": price_match_policy().units_per_match,
            "can_decide": pending and self.permission_policy.user_has_permission(self.request.user, "change"),
            "reject_form": RejectForm(),
            "approve_url": reverse(f"{self.url_namespace}:action", args=[request_row.pk, "approve"]),
            "reject_url": reverse(f"{self.url_namespace}:action", args=[request_row.pk, "reject"]),
            "report_url": reverse(f"{self.url_namespace}:report"),
            "screenshot_url": (
                reverse(f"{self.url_namespace}:screenshot", args=[request_row.pk]) if request_row.screenshot else None
            ),
        }


class PriceMatchScreenshotView(View):
    """GET /admin/price-match/inspect/<pk>/screenshot/ — the request's screenshot, streamed from the private
    storage to staff who may view requests. Anyone else, a request without one, or a stored name that
    escapes the folder gets a 404, so the address says nothing about which requests have a screenshot."""

    viewset = None

    def get(self, request, pk: int):
        if not self.viewset.permission_policy.user_has_permission(request.user, "view"):
            raise Http404
        price_match = get_object_or_404(PriceMatchRequest.objects.only("pk", "screenshot"), pk=pk)
        if not price_match.screenshot:
            raise Http404
        try:
            file = price_match.screenshot.storage.open(price_match.screenshot.name, "rb")
        except (OSError, SuspiciousFileOperation):
            raise Http404 from None
        kind = screenshot_format(file)
        if kind is None:
            file.close()
            raise Http404
        response = FileResponse(
            file,
            content_type=SCREENSHOT_FORMATS[kind],
            filename=f"price-match-{price_match.pk}.{SCREENSHOT_EXTENSIONS[kind]}",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PriceMatchActionView(View):
    """POST /admin/price-match/inspect/<pk>/<approve|reject>/ — staff decide one request."""

    viewset = None
    actions = ("approve", "reject")

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if kwargs["action"] not in self.actions:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.object = get_object_or_404(PriceMatchRequest, pk=kwargs["pk"])
        return getattr(self, kwargs["action"])(request)

    def back(self):
        return redirect(reverse(self.viewset.get_url_name("inspect"), args=[self.object.pk]))

    def approve(self, request):
        try:
            decided = price_match_approve(request_id=self.object.pk, staff_user=request.user)
        except PriceMatchProblem as problem:
            messages.error(request, problem.message)
            return self.back()
        if decided.refund_id:
            messages.success(
                request,
                _("Approved: %(amount)s was refunded and the shopper emailed.")
                % {"amount": Money(decided.refund.amount, decided.refund.currency)},
            )
        else:
            messages.success(
                request,
                _("Approved: code %(code)s was emailed to the shopper.") % {"code": decided.discount_code.code},
            )
        return self.back()

    def reject(self, request):
        form = RejectForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.back()
        try:
            price_match_reject(request_id=self.object.pk, staff_user=request.user, reason=form.cleaned_data["reason"])
        except PriceMatchProblem as problem:
            messages.error(request, problem.message)
            return self.back()
        messages.success(request, _("Rejected; the shopper was emailed the reason."))
        return self.back()


REPORT_COLUMNS = [
    ("sku", gettext_lazy("SKU")),
    ("product_name", gettext_lazy("Product")),
    ("requests", gettext_lazy("Requests")),
    ("approved", gettext_lazy("Approved")),
    ("lowest_price", gettext_lazy("Lowest price reported")),
    ("highest_price", gettext_lazy("Highest price reported")),
    ("retailers", gettext_lazy("Retailers")),
    ("latest_at", gettext_lazy("Latest request")),
]


class PriceMatchReportView(WagtailAdminTemplateMixin, TemplateView):
    """Competitor prices shoppers reported, one row per SKU; ?export=csv for a spreadsheet."""

    viewset = None
    template_name = "shop/admin/price_match_report.html"
    page_title = gettext_lazy("Competitor prices per SKU")
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv_response(competitor_price_report())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rows": competitor_price_report(),
            "columns": REPORT_COLUMNS,
            "csv_url": reverse(self.viewset.get_url_name("report")) + "?export=csv",
            "index_url": reverse(self.viewset.get_url_name("index")),
        }

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def csv_response(self, rows) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="competitor-prices-{timezone.localdate()}.csv"'
        writer = csv.writer(response)
        writer.writerow([str(label) for _name, label in REPORT_COLUMNS])
        for row in rows:
            values = []
            for name, _label in REPORT_COLUMNS:
                value = getattr(row, name)
                if name == "retailers":
                    value = "; ".join(value)
                elif name == "latest_at":
                    value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                values.append(spreadsheet_safe(value if isinstance(value, str) else str(value)))
            writer.writerow(values)
        return response


class PriceMatchViewSet(NoHandEditingMixin, ModelViewSet):
    model = PriceMatchRequest
    icon = "tag"
    menu_label = gettext_lazy("Price match")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = PriceMatchIndexView
    inspect_view_class = PriceMatchInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = PriceMatchFilterSet
    search_fields = ["email", "sku", "competitor_name"]
    search_backend_name = None
    list_display = [
        DateColumn("created_at", label=gettext_lazy("Received")),
        "sku",
        "product_name",
        Column("competitor_name", label=gettext_lazy("Retailer")),
        Column("competitor_price", label=gettext_lazy("Their price")),
        Column("shelf_price", label=gettext_lazy("Our price")),
        "email",
        Column("order", label=gettext_lazy("Order"), accessor="order"),
        Column("refund", label=pgettext_lazy("amount", "Refunded"), accessor=lambda request: _refunded(request)),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    list_export = [
        "created_at",
        "status",
        "sku",
        "product_name",
        "competitor_name",
        "competitor_url",
        "competitor_price",
        "shelf_price",
        "matched_price",
        "email",
        "order",
        "decided_at",
        "reject_reason",
    ]
    ordering = ["-created_at"]

    def get_inspect_view_kwargs(self, **kwargs):
        return {**super().get_inspect_view_kwargs(**kwargs), "url_namespace": self.url_namespace}

    @property
    def action_view(self):
        return PriceMatchActionView.as_view(viewset=self)

    @property
    def screenshot_view(self):
        return PriceMatchScreenshotView.as_view(viewset=self)

    @property
    def report_view(self):
        return PriceMatchReportView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("inspect/<int:pk>/screenshot/", self.screenshot_view, name="screenshot"),
            path("inspect/<int:pk>/<slug:action>/", self.action_view, name="action"),
            path("report/", self.report_view, name="report"),
        ]


class PendingPriceMatchPanel(Component):
    """The dashboard's "pending price-match requests": how many wait, and the oldest few."""

    name = "pending_price_match"
    template_name = "shop/admin/price_match_panel.html"
    order = 150

    def __init__(self, *, index_url: str, inspect_url_name: str):
        self.index_url = index_url
        self.inspect_url_name = inspect_url_name

    def get_context_data(self, parent_context=None):
        pending = price_match_pending()
        return {
            "count": price_match_pending_count(),
            "pending": [(row, reverse(self.inspect_url_name, args=[row.pk])) for row in pending],
            "index_url": self.index_url + "?status=pending",
        }


def pending_panel_for(user, viewset: PriceMatchViewSet) -> PendingPriceMatchPanel | None:
    """The panel, for staff allowed to see the queue."""
    if not viewset.permission_policy.user_has_permission(user, "view"):
        return None
    return PendingPriceMatchPanel(
        index_url=reverse(viewset.get_url_name("index")), inspect_url_name=viewset.get_url_name("inspect")
    )
