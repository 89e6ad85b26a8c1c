"""Staff tools on the subscriber list: a CSV import that needs a consent source, and manual suppression.

Both need the newsletter's "change subscriber" permission (the Marketing group has it), are POST forms
with Django's CSRF check, and call one service each (newsletter.staff_services).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from newsletter.importing import MAX_BYTES, MAX_ROWS, ImportRefused, read_import_file
from newsletter.models import Subscriber, SubscriberStatus
from newsletter.staff_services import subscriber_suppress, subscribers_import
from shop.admin.export import ShopIndexView


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: email and consent_source (required: where and how each person agreed, e.g. “paper "
            "sign-up sheet, Halifax trade show, May 2026”), and optionally topics (articles, offers), language "
            "and consented_at (2026-05-31). UTF-8, at most 2 MB and 5,000 rows."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files.") % {"size": MAX_BYTES // 2**20}
            )
        return upload


class SuppressForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept with the consent record)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: asked by phone to never be emailed."),
    )


class ChangePermissionRequired:
    """The newsletter's change permission, asked of the viewset's own policy."""

    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(self.viewset.get_url_name("index")), "label": str(self.viewset.menu_label)},
            {"url": "", "label": self.get_page_title()},
        ]


class SubscriberImportView(ChangePermissionRequired, WagtailAdminTemplateMixin, FormView):
    template_name = "newsletter/admin/subscriber_import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import subscribers")
    header_icon = "upload"

    def form_valid(self, form):
        data = form.cleaned_data["file"].read(MAX_BYTES + 1)
        try:
            rows, problems = read_import_file(data, now=timezone.now())
            summary = subscribers_import(rows=rows, problems=problems)
        except ImportRefused as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        if summary.imported:
            messages.success(self.request, _("Imported %(count)s subscribers.") % {"count": len(summary.imported)})
        return self.render_to_response(self.get_context_data(form=ImportForm(), summary=summary))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "max_rows": MAX_ROWS}


class SubscriberSuppressView(ChangePermissionRequired, WagtailAdminTemplateMixin, FormView):
    template_name = "newsletter/admin/subscriber_suppress.html"
    form_class = SuppressForm
    page_title = gettext_lazy("Suppress an address")
    header_icon = "cross"

    def get_initial(self):
        email = self.request.GET.get("email", "")[:254]
        if self.kwargs.get("pk"):
            email = get_object_or_404(Subscriber, pk=self.kwargs["pk"]).email
        return {"email": email}

    def form_valid(self, form):
        result = subscriber_suppress(
            email=form.cleaned_data["email"], staff_user=self.request.user, reason=form.cleaned_data["reason"]
        )
        email = result.subscriber.email
        if not result.changed:
            messages.info(self.request, _("%(email)s was already suppressed.") % {"email": email})
        elif result.was_on_list:
            messages.success(self.request, _("%(email)s is suppressed: it gets no more email.") % {"email": email})
        else:
            messages.success(
                self.request,
                _("%(email)s was not on the list; it is now suppressed, so it can never be added.") % {"email": email},
            )
        return HttpResponseRedirect(reverse(self.viewset.get_url_name("inspect"), args=[result.subscriber.pk]))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _can_change(view) -> bool:
    return view.permission_policy.user_has_permission(view.request.user, "change")


class SubscriberIndexView(ShopIndexView):
    url_namespace = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if _can_change(self):
            buttons += [
                HeaderButton(_("Import CSV"), url=reverse(f"{self.url_namespace}:import"), icon_name="upload"),
                HeaderButton(
                    _("Suppress an address"), url=reverse(f"{self.url_namespace}:suppress"), icon_name="cross"
                ),
            ]
        return buttons


class SubscriberInspectView(InspectView):
    url_namespace = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if _can_change(self) and self.object.status != SubscriberStatus.SUPPRESSED:
            url = reverse(f"{self.url_namespace}:suppress_subscriber", args=[self.object.pk])
            buttons.append(HeaderButton(_("Suppress"), url=url, icon_name="cross"))
        return buttons
