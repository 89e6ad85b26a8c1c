"""The admin's Tags screen: every tag with how often it is used, renaming, deleting, and merging one into another.

Registered by content/wagtail_hooks.py.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from taggit.models import Tag
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from content.tags import tag_merge, with_usage_counts


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {
            "name": _("Renaming a tag renames it everywhere it is used."),
            "slug": _("Used in the article list's filter links (?tag=…); changing it breaks old links to the filter."),
        }


class TagIndexView(IndexView):
    merge_url_name = None

    def get_base_queryset(self):
        return with_usage_counts(super().get_base_queryset())

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "delete"):
            buttons.append(
                MenuItem(
                    _("Merge into another tag"),
                    url=reverse(self.merge_url_name, args=[instance.pk]),
                    icon_name="resubmit",
                    priority=25,
                )
            )
        return buttons


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        label=_("Merge into"),
        help_text=_("Everything tagged with this tag gets the chosen tag instead; then this tag is deleted."),
    )

    def __init__(self, *args, source: Tag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Tag.objects.exclude(pk=source.pk).order_by("name")


class TagMergeView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtailadmin/generic/form.html"
    form_class = MergeForm
    header_icon = "tag"
    permission_policy = None
    index_url_name = None
    merge_url_name = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not self.permission_policy.user_has_permission(user, "change") or not (
            self.permission_policy.user_has_permission(user, "delete")
        ):
            raise PermissionDenied
        self.source = get_object_or_404(Tag, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _gettext("Merge tag “%(tag)s”") % {"tag": self.source.name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Tags")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse(self.merge_url_name, args=[self.source.pk]),
            submit_button_label=_("Merge"),
            submit_button_active_label=_("Merging…"),
            **kwargs,
        )

    def form_valid(self, form):
        target = form.cleaned_data["target"]
        name = self.source.name
        moved = tag_merge(source=self.source, target=target)
        messages.success(
            self.request,
            _gettext("“%(source)s” was merged into “%(target)s”: %(count)d items re-tagged.")
            % {"source": name, "target": target.name, "count": moved},
        )
        return redirect(self.index_url_name)


class TagViewSet(ModelViewSet):
    model = Tag
    icon = "tag"
    menu_label = _("Tags")
    menu_order = 290
    add_to_admin_menu = True
    form_fields = ["name", "slug"]
    list_display = ["name", "slug", Column("usage_count", label=_("Used"), sort_key="usage_count")]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = ["name"]
    index_view_class = TagIndexView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return TagForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(merge_url_name=self.get_url_name("merge"), **kwargs)

    @property
    def merge_view(self):
        return TagMergeView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            merge_url_name=self.get_url_name("merge"),
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("merge/<int:pk>/", self.merge_view, name="merge")]
