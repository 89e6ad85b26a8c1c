"""The "Newsletter" menu in the Wagtail admin: campaigns (admin_campaigns.py), subscribers (search, filters, CSV
export) and consent events.

Subscribers and consent events are read-only here. Subscribers change through the newsletter's services
(sign-up, confirm, leave, and staff's CSV import and suppression in subscriber_admin.py), and consent events
are only ever added, so neither has add, edit or delete views. Back-in-stock requests and delivery events are
listed read-only too.
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
from newsletter.models import (
    BackInStockRequest,
    BackInStockStatus,
    ConsentEvent,
    ConsentType,
    DeliveryEvent,
    DeliveryEventType,
    SignupSource,
    Subscriber,
    SubscriberStatus,
    Topic,
)
from newsletter.subscriber_admin import (
    SubscriberImportView,
    SubscriberIndexView,
    SubscriberInspectView,
    SubscriberSuppressView,
)
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
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView

    def get_index_view_kwargs(self, **kwargs):
        return {**super().get_index_view_kwargs(**kwargs), "url_namespace": self.url_namespace}

    def get_inspect_view_kwargs(self, **kwargs):
        return {**super().get_inspect_view_kwargs(**kwargs), "url_namespace": self.url_namespace}

    def get_urlpatterns(self):
        # Staff's own tools: a CSV import and manual suppression (newsletter/subscriber_admin.py).
        suppress = SubscriberSuppressView.as_view(viewset=self)
        return [
            *super().get_urlpatterns(),
            path("import/", SubscriberImportView.as_view(viewset=self), name="import"),
            path("suppress/", suppress, name="suppress"),
            path("suppress/<int:pk>/", suppress, name="suppress_subscriber"),
        ]


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
        Column("source_detail", label=_("Source details")),
        Column("consent_text_version", label=_("Consent text version")),
        DateColumn("confirmed_at", label=_("Confirmed")),
        DateColumn("withdrawn_at", label=_("Withdrawn")),
    ]
    list_export = [
        "subscriber",
        "consent_type",
        "source",
        "source_detail",
        "consent_text_version",
        "consent_language",
        "consent_text",
        "ip_address",
        "user_agent",
        "confirmed_at",
        "confirmed_ip_address",
        "confirmed_user_agent",
        "withdrawn_at",
        "expires_at",
        "recorded_at",
    ]
    export_filename = "consent-events"
    ordering = ["-recorded_at"]

    def get_queryset(self, request):
        return ConsentEvent.objects.select_related("subscriber")


class BackInStockFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BackInStockStatus.choices)

    class Meta:
        model = BackInStockRequest
        fields = ["status"]


class BackInStockRequestViewSet(ReadOnlyViewSet):
    """Who asked to be told when a sold-out variant is back: not subscribers, and never in a campaign."""

    model = BackInStockRequest
    icon = "bell"
    menu_label = _("Back-in-stock alerts")
    filterset_class = BackInStockFilterSet
    search_fields = ["email", "variant__sku", "variant__product__name"]
    list_display = [
        "email",
        Column("variant", label=_("Variant")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Asked")),
        DateColumn("confirmed_at", label=_("Confirmed")),
        DateColumn("notified_at", label=_("Told")),
    ]
    list_export = [
        "email",
        "variant",
        "status",
        "language",
        "consent_text_version",
        "ip_address",
        "user_agent",
        "created_at",
        "confirmed_at",
        "notified_at",
        "cancelled_at",
    ]
    export_filename = "back-in-stock-requests"
    inspect_view_fields = list_export
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return BackInStockRequest.objects.select_related("variant__product")


class DeliveryEventFilterSet(WagtailFilterSet):
    event_type = django_filters.ChoiceFilter(label=_("Event"), choices=DeliveryEventType.choices)

    class Meta:
        model = DeliveryEvent
        fields = ["event_type"]


class DeliveryEventViewSet(ReadOnlyViewSet):
    """What the email provider reported (newsletter.tracking), for staff tracing a bounce or a complaint."""

    model = DeliveryEvent
    icon = "info-circle"
    menu_label = _("Delivery events")
    filterset_class = DeliveryEventFilterSet
    search_fields = ["email", "message_id", "event_id"]
    list_display = [
        Column("event_type", label=_("Event"), accessor="get_event_type_display"),
        Column("email", label=_("Email")),
        Column("campaign", label=_("Campaign"), accessor="recipient.campaign"),
        Column("reject_reason", label=_("Reason")),
        DateColumn("occurred_at", label=_("Happened")),
        DateColumn("received_at", label=_("Received")),
    ]
    list_export = [
        "event_type",
        "email",
        "message_id",
        "event_id",
        "esp_name",
        "reject_reason",
        "occurred_at",
        "received_at",
    ]
    export_filename = "delivery-events"
    inspect_view_fields = [
        "event_type",
        "email",
        "recipient",
        "message_id",
        "event_id",
        "esp_name",
        "reject_reason",
        "occurred_at",
        "received_at",
        "esp_event",
    ]
    ordering = ["-received_at"]

    def get_queryset(self, request):
        return DeliveryEvent.objects.select_related("recipient__campaign")


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 260
    items = (
        CampaignViewSet("campaigns"),
        SubscriberViewSet("subscribers"),
        ConsentEventViewSet("consent_events"),
        BackInStockRequestViewSet("back_in_stock_requests"),
        DeliveryEventViewSet("delivery_events"),
    )
