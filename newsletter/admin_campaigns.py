"""Campaigns in the Wagtail admin ("Newsletter" → "Campaigns"): compose, preview, test, send, and watch it go.

The list shows each campaign's status, audience and progress. A campaign is composed (subject, preheader,
body, audience, language) only while it is a draft or scheduled; after that its content is frozen and the
edit page refuses. The campaign's own page (campaign_actions.py behind its buttons) shows who it will
reach, the send-now and schedule buttons, pause, resume and cancel, and a live progress bar.
The editor's live preview panel, and the "Preview" page, show the email exactly as mail clients get it.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.side_panels import PreviewSidePanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.preview import PreviewOnCreate, PreviewOnEdit
from wagtail.admin.viewsets.model import ModelViewSet

from config.languages import language_codes
from newsletter.campaign_actions import CampaignActionView, CampaignInspectView, CampaignPreviewView
from newsletter.campaign_languages import campaign_family, language_name
from newsletter.models import Audience, Campaign, CampaignStatus, RecipientStatus
from newsletter.rules import finished_with_failures_label
from newsletter.selectors import FINISHED_STATUSES, HALTED_STATUSES
from shop.admin.export import ShopIndexView


def language_choices() -> list[tuple[str, str]]:
    """The storefront's languages (English at /, French at /fr/): a campaign's links open the pages in its
    language."""
    return [(code, language_name(code)) for code in dict.fromkeys(language_codes())]


class CampaignForm(WagtailAdminModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.BOUGHT_FROM_CATEGORY and not data.get("segment_category"):
            self.add_error("segment_category", _("Pick the category the subscribers bought from."))
        if data.get("audience") != Audience.BOUGHT_FROM_CATEGORY:
            data["segment_category"] = None
        self.check_one_version_per_language(data.get("language"))
        return data

    def check_one_version_per_language(self, language: str | None) -> None:
        """A campaign and its versions in other languages each keep a language of their own."""
        campaign = self.instance
        if not language or campaign.pk is None:
            return
        if Campaign.objects.filter(campaign_family(campaign), language=language).exclude(pk=campaign.pk).exists():
            self.add_error("language", _("Another version of this campaign is already in this language."))


class PreviewPanelMixin:
    """The editor's live preview panel, as Wagtail's snippets and pages have it."""

    preview_url_name = None

    def get_preview_url(self):
        instance = self.form.instance
        return reverse(self.preview_url_name, args=[instance.pk] if instance.pk else [])

    def get_side_panels(self):
        panels = list(super().get_side_panels())
        panels.append(PreviewSidePanel(self.form.instance, self.request, preview_url=self.get_preview_url()))
        return MediaContainer(panels)


class CampaignCreateView(PreviewPanelMixin, generic.CreateView):
    inspect_url_name = None

    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        return instance

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class FrozenCampaignRefusedMixin:
    """Once sending has started the content is what recipients got: editing (or deleting) it is refused."""

    inspect_url_name = None
    refused_message = _("“%(subject)s” can no longer be changed: its sending has started.")

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, self.permission_required):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign, pk=kwargs["pk"])
        if not self.allowed(campaign):
            messages.error(request, self.refused_message % {"subject": campaign.subject})
            return redirect(reverse(self.inspect_url_name, args=[campaign.pk]))
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, campaign: Campaign) -> bool:
        return campaign.is_editable


class CampaignEditView(FrozenCampaignRefusedMixin, PreviewPanelMixin, generic.EditView):
    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class CampaignDeleteView(FrozenCampaignRefusedMixin, generic.DeleteView):
    refused_message = _("“%(subject)s” has recipients, so it stays on record; cancel it instead.")

    def allowed(self, campaign: Campaign) -> bool:
        return campaign.status == CampaignStatus.DRAFT and not campaign.recipients.exists()


class CampaignIndexView(ShopIndexView):  # CSV cells that look like formulas are written as text
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("segment_category")
            .annotate(
                recipients_total=Count("recipients"),
                recipients_sent=Count("recipients", filter=Q(recipients__status=RecipientStatus.SENT)),
                recipients_failed=Count("recipients", filter=Q(recipients__status=RecipientStatus.FAILED)),
            )
        )

    def get_edit_url(self, instance):
        # A campaign's own page (status, progress, buttons) is where its row leads, whatever its state.
        return reverse(self.inspect_url_name, args=[instance.pk])


def status_with_failures(campaign: Campaign) -> str:
    """The list's status: "Sent, with 3 failures" for a finished campaign whose emails failed, "Stopped
    automatically, 3 failures so far" for one that may still be resumed."""
    return finished_with_failures_label(
        campaign.get_status_display(),
        failed=getattr(campaign, "recipients_failed", 0),
        finished=campaign.status in FINISHED_STATUSES,
        halted=campaign.status in HALTED_STATUSES,
    )


class CampaignFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=_("Language"), choices=language_choices)

    class Meta:
        model = Campaign
        fields = ["status", "audience", "language"]


def language_of(campaign: Campaign) -> str:
    return language_name(campaign.language)


class ProgressColumn(Column):
    cell_template_name = "newsletter/admin/campaign_progress_cell.html"


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "mail"
    menu_label = _("Campaigns")
    edit_handler = ObjectList(
        [
            FieldPanel("subject"),
            FieldPanel("preheader"),
            FieldPanel("body"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("audience"), FieldPanel("segment_category")]), FieldPanel("language")],
                heading=_("Who it goes to"),
            ),
        ],
        base_form_class=CampaignForm,
    )
    index_view_class = CampaignIndexView
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    delete_view_class = CampaignDeleteView
    inspect_view_class = CampaignInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["subject"]
    search_backend_name = None
    filterset_class = CampaignFilterSet
    list_display = [
        "subject",
        Column("status", label=_("Status"), accessor=status_with_failures),
        Column("audience", label=_("Audience"), accessor="get_audience_display"),
        Column("language", label=_("Language"), accessor=language_of),
        ProgressColumn("progress", label=_("Progress")),
        DateColumn("scheduled_for", label=_("Scheduled for")),
        DateColumn("created_at", label=_("Created")),
    ]
    ordering = ["-created_at"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(inspect_url_name=self.get_url_name("inspect"), **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(preview_url_name=self.get_url_name("preview_on_add"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(preview_url_name=self.get_url_name("preview_on_edit"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return {**super().get_inspect_view_kwargs(**kwargs), "url_namespace": self.url_namespace}

    @property
    def preview_on_add_view(self):
        return PreviewOnCreate.as_view(model=self.model, form_class=self.get_form_class())

    @property
    def preview_on_edit_view(self):
        return PreviewOnEdit.as_view(model=self.model, form_class=self.get_form_class(for_update=True))

    @property
    def preview_view(self):
        return CampaignPreviewView.as_view(viewset=self)

    @property
    def action_view(self):
        return CampaignActionView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("preview/", self.preview_on_add_view, name="preview_on_add"),
            path("preview/<int:pk>/", self.preview_on_edit_view, name="preview_on_edit"),
            path("email/<int:pk>/", self.preview_view, name="preview"),
            path("inspect/<int:pk>/<slug:action>/", self.action_view, name="action"),
        ]
