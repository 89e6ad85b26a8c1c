"""Everything content adds to the Wagtail admin, registered in this one place (Wagtail loads this module):
a dashboard reminder while the storefront is password protected, the Tags screen (content/tag_admin.py), and
the chat inbox (content/conversations/admin.py) with its menu item and "unanswered conversations" panel."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from content.conversations.admin import ConversationViewSet, UnansweredConversationsPanel, show_dashboard_panel
from content.settings import StorefrontLock
from content.tag_admin import TagViewSet


class StorefrontLockPanel(Component):
    """Staff walk past the lock, so without this they can forget shoppers are still shut out."""

    name = "storefront_lock"
    template_name = "content/admin/storefront_lock_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
        if site is None:
            return {"locked": False}
        lock = StorefrontLock.objects.filter(site=site).first()
        # Every staff member is told (a campaign or an article sent now would meet a locked door); only those
        # who may change the lock get the link to it.
        may_change = request.user.has_perm("content.change_storefrontlock")
        return {
            "locked": bool(lock and lock.is_locked),
            "settings_url": (
                reverse("wagtailsettings:edit", args=["content", "storefrontlock", site.pk]) if may_change else ""
            ),
        }


@hooks.register("construct_homepage_panels")
def add_storefront_lock_panel(request, panels):
    panels.append(StorefrontLockPanel())


@hooks.register("register_admin_viewset")
def register_conversation_viewset() -> ConversationViewSet:
    return ConversationViewSet("conversations")


@hooks.register("construct_homepage_panels")
def add_unanswered_conversations_panel(request, panels):
    if show_dashboard_panel(request):
        panels.append(UnansweredConversationsPanel())


@hooks.register("register_admin_viewset")
def register_tag_viewset() -> TagViewSet:
    return TagViewSet("tags")


@hooks.register("before_copy_page")
def refuse_to_copy_policy_pages(request, page):
    """Each policy kind has one page (the footer and checkout link it), so a copy could only be refused later."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from content.policies import PolicyPage

    if PolicyPage.objects.descendant_of(page, inclusive=True).exists():
        messages.error(
            request,
            _("Policy pages can't be copied: there is one page of each kind. Edit the existing page instead."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
