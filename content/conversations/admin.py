"""The chat inbox in the Wagtail admin: the list (unread and unanswered first to the eye, filters, search),
a conversation's page (the thread with the page, product and cart each message came with, and a reply
form), the menu item with its unread count and the dashboard's "unanswered conversations" panel.

Registered in content/wagtail_hooks.py. Staff need `content.view_conversation` to read the inbox (opening
a conversation marks it read) and `content.change_conversation` to reply.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from content.conversations import selectors, services
from content.conversations.models import MAX_MESSAGE_LENGTH, Conversation, Sender
from shop.admin.export import ShopIndexView
from shop.admin.read_only import NoHandEditingMixin

permission_policy = ModelPermissionPolicy(Conversation)

VIEW_PERMISSION = "content.view_conversation"
REPLY_PERMISSION = "content.change_conversation"


class ConversationFilterSet(WagtailFilterSet):
    waiting = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        choices=[("unanswered", gettext_lazy("Unanswered")), ("unread", gettext_lazy("Unread"))],
        method="filter_waiting",
        empty_label=gettext_lazy("All conversations"),
    )

    class Meta:
        model = Conversation
        fields = []

    def filter_waiting(self, queryset, name, value):
        if value == "unanswered":
            return queryset.filter(last_message_from=Sender.SHOPPER)
        if value == "unread":
            return queryset.filter(is_read_by_staff=False)
        return queryset


class ConversationStatusColumn(Column):
    """The "Unread" and "Unanswered" badges, read from the row itself (no query per row)."""

    cell_template_name = "content/admin/conversation_status_cell.html"


class ConversationIndexView(ShopIndexView):  # a CSV export never writes a shopper's text as a formula
    permission_required = "view"
    any_permission_required = None


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your reply"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("The shopper sees it in their chat panel and gets it by email."),
    )


class ConversationInspectView(InspectView):
    permission_required = "view"
    any_permission_required = None
    template_name = "content/admin/conversation_inspect.html"
    reply_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(Conversation, pk=self.pk)

    def get(self, request, *args, **kwargs):
        services.conversation_mark_read(conversation=self.object)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        conversation = self.object
        finder = AdminURLFinder(self.request.user)
        entries = [
            {
                "message": message,
                "cart": selectors.cart_view(message.cart) if message.cart else None,
                "product_admin_url": finder.get_edit_url(message.product) if message.product else None,
            }
            for message in selectors.conversation_thread(conversation)
        ]
        can_reply = permission_policy.user_has_permission(self.request.user, "change")
        return {
            **super().get_context_data(**kwargs),
            "conversation": conversation,
            "entries": entries,
            "can_reply": can_reply,
            "reply_form": ReplyForm() if can_reply else None,
            "reply_url": reverse(self.reply_url_name, args=[conversation.pk]),
        }


class ConversationReplyView(View):
    """POST /admin/conversations/inspect/<pk>/reply/: a staff reply, emailed to the shopper after commit."""

    viewset = None

    def post(self, request, pk: int):
        if not permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        conversation = get_object_or_404(Conversation, pk=pk)
        back = redirect(reverse(self.viewset.get_url_name("inspect"), args=[conversation.pk]))
        form = ReplyForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return back
        services.conversation_reply(conversation=conversation, staff_user=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Reply sent to %(email)s.") % {"email": conversation.email})
        return back


class ConversationMenuItem(MenuItem):
    """The inbox's menu item; its label carries the number of unread conversations ("Conversations (3)")."""

    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")

    def render_component(self, request):
        component = super().render_component(request)
        unread = selectors.unread_count()
        if unread:
            component.label = _("%(label)s (%(count)d unread)") % {"label": self.label, "count": unread}
        return component


class ConversationViewSet(NoHandEditingMixin, ModelViewSet):
    model = Conversation
    icon = "comment"
    menu_label = gettext_lazy("Conversations")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ConversationIndexView
    inspect_view_class = ConversationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ConversationFilterSet
    search_fields = ["email", "name"]
    search_backend_name = None  # plain database lookups: addresses are matched as typed
    list_display = [
        "email",
        "name",
        ConversationStatusColumn("is_read_by_staff", label=gettext_lazy("Waiting")),
        Column("last_message_preview", label=gettext_lazy("Last message")),
        DateColumn("last_message_at", label=gettext_lazy("When")),
    ]
    ordering = ["-last_message_at", "-pk"]

    @property
    def menu_item_class(self):
        return ConversationMenuItem

    def get_inspect_view_kwargs(self, **kwargs):
        return {**super().get_inspect_view_kwargs(**kwargs), "reply_url_name": self.get_url_name("reply")}

    @property
    def reply_view(self):
        return ConversationReplyView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("inspect/<int:pk>/reply/", self.reply_view, name="reply"),
        ]


class UnansweredConversationsPanel(Component):
    """The dashboard's reminder of shoppers waiting for an answer, the longest-waiting first."""

    name = "unanswered_conversations"
    template_name = "content/admin/unanswered_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        waiting = selectors.unanswered_conversations(limit=5)
        return {
            "count": selectors.unanswered_count(),
            "waiting": [(c, reverse("conversations:inspect", args=[c.pk])) for c in waiting],
            "index_url": reverse("conversations:index") + "?waiting=unanswered",
        }


def show_dashboard_panel(request) -> bool:
    return permission_policy.user_has_permission(request.user, "view")
