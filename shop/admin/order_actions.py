"""What staff do from an order's detail page: each form posts here, calls one service, and comes back.

Cancel and refund ask first: the first post shows what will happen, and only the confirmed post acts.
The refund form carries a one-time key made when the page was drawn, so a double click refunds once. When
Stripe does not answer, the confirm page comes back with the same key, and the order's page gives its refund
form the unanswered refund's key, so the retry asks Stripe about that refund and never makes a second one.
When Stripe says no, the page comes back with a new key: under the old one Stripe would replay its refusal.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages

from shop.fulfilment import Carrier
from shop.models import Order, Refund, RefundStatus
from shop.money import format_cad
from shop.price_match import refund_key_request_id
from shop.services.fulfilment import (
    FulfilmentProblem,
    order_add_note,
    order_cancel,
    order_mark_fulfilled,
    order_ship,
)
from shop.services.refunds import (
    RefundProblem,
    lines_refund_amount,
    order_refund,
    refundable_amount,
    unanswered_refund,
)


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(label=gettext_lazy("Carrier"), choices=Carrier.choices)
    tracking_number = forms.CharField(label=gettext_lazy("Tracking number"), max_length=60)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (for the timeline)"), max_length=200, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RefundForm(forms.Form):
    MODES = [
        ("full", gettext_lazy("Everything still refundable")),
        ("lines", gettext_lazy("The lines ticked below, with their tax")),
        ("amount", gettext_lazy("An amount")),
    ]
    mode = forms.ChoiceField(label=gettext_lazy("Refund"), choices=MODES, widget=forms.RadioSelect, initial="full")
    lines = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Lines"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [
            (line.pk, f"{line.quantity} × {line.product_name} {line.variant_title} ({line.sku})".strip())
            for line in order.lines.all()
        ]

    def clean_idempotency_key(self):
        # A price match's refund is retried from its request, which emails the shopper about the match; a
        # stale order page must not retry it here with the plain refund email.
        key = self.cleaned_data["idempotency_key"]
        if refund_key_request_id(key) is not None:
            raise forms.ValidationError(_("Retry this refund from its price-match request."))
        return key

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == "lines" and not data.get("lines"):
            self.add_error("lines", _("Tick at least one line to refund."))
        if mode == "amount" and not data.get("amount"):
            self.add_error("amount", _("Enter the amount to refund."))
        return data


def new_key() -> str:
    return uuid.uuid4().hex


def action_forms(order: Order) -> dict:
    """The empty forms the detail page shows, each with a fresh one-time key where it needs one; the refund
    form takes the key of a refund Stripe did not answer, so it asks again about that one."""
    unanswered = unanswered_refund(order)
    # A price match's unanswered refund is retried from its request (the match's email, its audit log), so
    # the page links there rather than handing the generic refund form that refund's key.
    price_match_id = refund_key_request_id(unanswered.idempotency_key) if unanswered is not None else None
    refund_key = unanswered.idempotency_key if unanswered is not None and price_match_id is None else new_key()
    return {
        "note_form": NoteForm(),
        "ship_form": ShipForm(initial={"carrier": order.carrier or Carrier.CANADA_POST}),
        "cancel_form": CancelForm(initial={"idempotency_key": new_key()}),
        "refund_form": RefundForm(order=order, initial={"idempotency_key": refund_key}),
        "unanswered_refund": unanswered,
        "price_match_retry_url": (
            reverse("price_match:inspect", args=[price_match_id]) if price_match_id is not None else ""
        ),
    }


class OrderActionView(View):
    """POST /admin/orders/inspect/<pk>/<action>/ — one staff action on one order."""

    viewset = None
    actions = ("note", "fulfil", "ship", "cancel", "refund")

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if kwargs["action"] not in self.actions:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.order = get_object_or_404(Order, pk=kwargs["pk"], number__isnull=False)
        return getattr(self, kwargs["action"])(request)

    def back(self):
        return redirect(reverse(self.viewset.get_url_name("inspect"), args=[self.order.pk]))

    def problem(self, request, error):
        messages.error(request, error.message)
        return self.back()

    def form_errors(self, request, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return self.back()

    def note(self, request):
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.form_errors(request, form)
        order_add_note(order=self.order, note=form.cleaned_data["note"], staff_user=request.user)
        messages.success(request, _("Note added."))
        return self.back()

    def fulfil(self, request):
        try:
            order_mark_fulfilled(order=self.order, staff_user=request.user)
        except FulfilmentProblem as error:
            return self.problem(request, error)
        messages.success(request, _("Order %(number)s marked fulfilled.") % {"number": self.order.number})
        return self.back()

    def ship(self, request):
        form = ShipForm(request.POST)
        if not form.is_valid():
            return self.form_errors(request, form)
        try:
            order_ship(order=self.order, staff_user=request.user, **form.cleaned_data)
        except FulfilmentProblem as error:
            return self.problem(request, error)
        messages.success(
            request, _("Order %(number)s shipped; the customer gets the tracking link.") % {"number": self.order.number}
        )
        return self.back()

    def confirm_page(self, request, *, form, action: str, summary: str):
        return TemplateResponse(
            request,
            "shop/admin/order_confirm.html",
            {
                "order": self.order,
                "form": form,
                "summary": summary,
                "action_url": reverse(self.viewset.get_url_name("action"), args=[self.order.pk, action]),
                "back_url": reverse(self.viewset.get_url_name("inspect"), args=[self.order.pk]),
                "header_title": _("Confirm"),
            },
        )

    def retry_page(self, request, error, *, form, action: str):
        """Stripe refused or did not answer: say so, and offer the form again. After no answer it keeps its key,
        so the retry asks Stripe about the refund it may have made rather than making another; after a refusal
        it gets a new one, since Stripe answers a key it has seen with the same refusal for 24 hours."""
        messages.error(request, error.message)
        if not error.unanswered:
            form.data = form.data.copy()  # the posted data is read-only
            form.data["idempotency_key"] = new_key()
        return self.confirm_page(request, form=form, action=action, summary=_("Try again?"))

    def cancel(self, request):
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self.form_errors(request, form)
        if not form.cleaned_data["confirm"]:
            summary = _("Cancel order %(number)s and put its items back in stock?") % {"number": self.order.number}
            if self.order.is_paid:
                summary += " " + _("%(amount)s will be refunded to the customer's card.") % {
                    "amount": format_cad(refundable_amount(self.order))
                }
            return self.confirm_page(request, form=form, action="cancel", summary=summary)
        try:
            order_cancel(
                order=self.order,
                staff_user=request.user,
                reason=form.cleaned_data["reason"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except RefundProblem as error:
            return self.retry_page(request, error, form=form, action="cancel")
        except FulfilmentProblem as error:
            return self.problem(request, error)
        messages.success(request, _("Order %(number)s cancelled.") % {"number": self.order.number})
        return self.back()

    def refund(self, request):
        form = RefundForm(request.POST, order=self.order)
        if not form.is_valid():
            return self.form_errors(request, form)
        data = form.cleaned_data
        line_ids = data["lines"] if data["mode"] == "lines" else []
        amount = data["amount"] if data["mode"] == "amount" else None
        unanswered = Refund.objects.filter(
            order=self.order, idempotency_key=data["idempotency_key"], status=RefundStatus.UNANSWERED
        ).first()
        if not data["confirm"] and unanswered is not None:
            summary = _(
                "Stripe did not answer the refund of %(amount)s for order %(number)s. Ask Stripe again about that "
                "refund? It is never made twice."
            ) % {"amount": format_cad(unanswered.amount), "number": self.order.number}
            return self.confirm_page(request, form=form, action="refund", summary=summary)
        if not data["confirm"]:
            if line_ids:
                shown = lines_refund_amount(order=self.order, line_ids=line_ids)
            else:
                shown = amount if amount is not None else refundable_amount(self.order)
            summary = _("Refund %(amount)s to the customer's card for order %(number)s?") % {
                "amount": format_cad(shown),
                "number": self.order.number,
            }
            return self.confirm_page(request, form=form, action="refund", summary=summary)
        try:
            refund = order_refund(
                order=self.order,
                idempotency_key=data["idempotency_key"],
                amount=amount,
                line_ids=line_ids,
                reason=data["reason"],
                staff_user=request.user,
            )
        except RefundProblem as error:
            return self.retry_page(request, error, form=form, action="refund")
        messages.success(request, _("Refunded %(amount)s.") % {"amount": format_cad(refund.amount)})
        return self.back()


class OrderPrintView(TemplateView):
    """A packing slip or an invoice, drawn for paper (print CSS, no script)."""

    viewset = None
    templates = {"packing-slip": "shop/admin/order_packing_slip.html", "invoice": "shop/admin/order_invoice.html"}

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        if kwargs["printable"] not in self.templates:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return [self.templates[self.kwargs["printable"]]]

    def get_context_data(self, **kwargs):
        # The seller's name, address and tax numbers come from the site settings in the template
        # (settings.content.SiteSettings, settings.shop.ShopSettings): the shop never imports content.
        order = get_object_or_404(
            Order.objects.prefetch_related("lines", "taxes"), pk=self.kwargs["pk"], number__isnull=False
        )
        return {**super().get_context_data(**kwargs), "order": order}
