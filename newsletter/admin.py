"""The "Newsletter" menu in the Wagtail admin: campaigns (admin_campaigns.py), subscribers (search, filters, CSV
export) and consent events.

Subscribers and consent events are read-only here. Subscribers change through the newsletter's services
(sign-up, confirm, leave), and consent events are only ever added, so neither has add, edit or delete views.
"""

from __future__ import annotations

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from newsletter.admin_campaigns import CampaignViewSet
from newsletter.models import ConsentEvent, ConsentType, SignupSource, Subscriber, SubscriberStatus, Topic
from shop.admin.export import ShopIndexView
from shop.admin.read_only import NoHandEditingMixin


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubscriberStatus.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, method="filter_topic")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=SignupSource.choices)

    class Meta:
        model = Subscriber
        fields = ["status", "source"]

    def filter_topic(self, queryset, name, value):
        if value == Topic.ARTICLES:
            return queryset.filter(wants_articles=True)
        if value == Topic.OFFERS:
            return queryset.filter(wants_offers=True)
        return queryset


class ConsentEventFilterSet(WagtailFilterSet):
    consent_type = django_filters.ChoiceFilter(label=_("Type"), choices=ConsentType.choices)
    source = django_filters.ChoiceFilter(label=_("Source form"), choices=SignupSource.choices)

    class Meta:
        model = ConsentEvent
        fields = ["consent_type", "source"]


class ReadOnlyViewSet(NoHandEditingMixin, ModelViewSet):
    """A list and a detail page; nothing to add, edit, copy or delete."""

    index_view_class = ShopIndexView  # CSV cells that look like formulas are written as text
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None  # plain database lookups: addresses are matched as typed

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


# What staff see of a subscriber, on its page and in the CSV export.
SUBSCRIBER_FIELDS = [
    "email",
    "status",
    "wants_articles",
    "wants_offers",
    "language",
    "source",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
]


class SubscriberViewSet(ReadOnlyViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    list_display = [
        "email",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("topics_display", label=_("Topics")),
        Column("source", label=_("Source"), accessor="get_source_display"),
        DateColumn("created_at", label=_("Signed up")),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    list_export = SUBSCRIBER_FIELDS
    export_filename = "subscribers"
    inspect_view_fields = SUBSCRIBER_FIELDS
    ordering = ["-created_at"]


class ConsentEventViewSet(ReadOnlyViewSet):
    model = ConsentEvent
    icon = "doc-full"
    menu_label = _("Consent events")
    filterset_class = ConsentEventFilterSet
    search_fields = ["subscriber__email"]
    list_display = [
        Column("subscriber", label=_("Subscriber")),
        Column("consent_type", label=_("Type"), accessor="get_consent_type_display"),
        Column("source", label=_("Source form"), accessor="get_source_display"),
        Column("consent_text_version", label=_("Consent text version")),
        DateColumn("confirmed_at", label=_("Confirmed")),
        DateColumn("withdrawn_at", label=_("Withdrawn")),
    ]
    list_export = [
        "subscriber",
        "consent_type",
        "source",
        "consent_text_version",
        "ip_address",
        "user_agent",
        "confirmed_at",
        "withdrawn_at",
        "expires_at",
        "recorded_at",
    ]
    export_filename = "consent-events"
    ordering = ["-recorded_at"]

    def get_queryset(self, request):
        return ConsentEvent.objects.select_related("subscriber")


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 260
    items = (
        CampaignViewSet("campaigns"),
        SubscriberViewSet("subscribers"),
        ConsentEventViewSet("consent_events"),
    )
