"""A campaign's own page in the admin and what its buttons post to.

Each button posts (with the CSRF token) to CampaignActionView, which calls one service and comes back to the
campaign's page with a message. "Send now" asks first: the first post shows how many subscribers it will
reach, and only the confirmed post sends. The page shows a live progress bar while the campaign is sending:
static/js/campaign-progress.js polls the progress URL; without JavaScript the counts are on the page and a
"Refresh" link reloads it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets import AdminDateTimeInput

from newsletter import sending
from newsletter.campaign_languages import campaign_other_languages, language_name, version_label
from newsletter.campaign_services import campaign_make_version, campaign_send_test, test_recipients
from newsletter.models import Campaign, CampaignStatus
from newsletter.preview import email_preview_response
from newsletter.selectors import campaign_failed_recipients, campaign_progress, eligible_subscribers


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(label=gettext_lazy("Send at"), widget=AdminDateTimeInput)

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise forms.ValidationError(_("Pick a time in the future."))
        return when


def optional_url(name: str, pk: int) -> str | None:
    """A URL another part of the newsletter may not have registered yet (e.g. the statistics page)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


class CampaignInspectView(InspectView):
    template_name = "newsletter/admin/campaign_inspect.html"
    page_title = gettext_lazy("Campaign")
    url_namespace = None

    def get_context_data(self, **kwargs):
        campaign = self.object

        def url(name, *args):
            return reverse(f"{self.url_namespace}:{name}", args=[campaign.pk, *args])

        progress = campaign_progress(campaign.pk)
        return {
            **super().get_context_data(**kwargs),
            "campaign": campaign,
            "progress": progress,
            "failed_recipients": campaign_failed_recipients(campaign.pk) if progress and progress.failed else [],
            "started": campaign.started_at is not None or (progress is not None and progress.total > 0),
            "eligible_count": eligible_subscribers(campaign).count() if campaign.is_editable else None,
            "test_recipients": test_recipients(self.request.user),
            "schedule_form": ScheduleForm(initial={"when": campaign.scheduled_for}),
            "action_urls": {name: url("action", name) for name in CampaignActionView.actions},
            "edit_url": url("edit") if campaign.is_editable else None,
            "preview_url": url("preview"),
            "progress_url": optional_url("newsletter_campaign_progress", campaign.pk),
            "stats_url": optional_url("newsletter_campaign_stats", campaign.pk),
            "can_change": self.permission_policy.user_has_permission(self.request.user, "change"),
            "buttons": STATUS_BUTTONS.get(campaign.status, ()),
            **self.language_context(campaign, url("action", "translate")),
        }

    def language_context(self, campaign: Campaign, translate_url: str) -> dict:
        """Its language by name, who of its audience reads another language, and its versions in those."""
        return {
            "language_name": language_name(campaign.language),
            "other_languages": campaign_other_languages(campaign, count_left_out=campaign.is_editable),
            "translate_url": translate_url,
            "can_add": self.permission_policy.user_has_permission(self.request.user, "add"),
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class CampaignPreviewView(View):
    """GET /admin/campaigns/email/<pk>/ — the email alone, as a page of its own."""

    viewset = None

    def get(self, request, pk):
        if not self.viewset.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return email_preview_response(get_object_or_404(Campaign, pk=pk), framed=False)


class CampaignActionView(View):
    """POST /admin/campaigns/inspect/<pk>/<action>/ — one button on a campaign's page."""

    viewset = None
    actions = ("test", "send", "schedule", "unschedule", "pause", "resume", "cancel", "translate")
    # Making a campaign's version in another language adds a campaign; every other button changes this one.
    action_permissions = {"translate": "add"}

    def dispatch(self, request, *args, **kwargs):
        permission = self.action_permissions.get(kwargs["action"], "change")
        if not self.viewset.permission_policy.user_has_permission(request.user, permission):
            raise PermissionDenied
        if kwargs["action"] not in self.actions:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.campaign = get_object_or_404(Campaign, pk=kwargs["pk"])
        try:
            return getattr(self, kwargs["action"])(request)
        except sending.CampaignActionRefused as refused:
            messages.error(request, refused.message)
            return self.back()

    def back(self):
        return redirect(reverse(self.viewset.get_url_name("inspect"), args=[self.campaign.pk]))

    def test(self, request):
        addresses = campaign_send_test(campaign_id=self.campaign.pk, user=request.user)
        messages.success(request, _("Test email on its way to %(addresses)s.") % {"addresses": ", ".join(addresses)})
        return self.back()

    def send(self, request):
        if request.POST.get("confirm") != "yes":
            count = eligible_subscribers(self.campaign).count()
            return TemplateResponse(
                request,
                "newsletter/admin/campaign_send_confirm.html",
                {
                    "campaign": self.campaign,
                    "eligible_count": count,
                    "summary": ngettext(
                        "Send “%(subject)s” now to %(count)d subscriber?",
                        "Send “%(subject)s” now to %(count)d subscribers?",
                        count,
                    )
                    % {"subject": self.campaign.subject, "count": count},
                    "action_url": reverse(self.viewset.get_url_name("action"), args=[self.campaign.pk, "send"]),
                    "back_url": reverse(self.viewset.get_url_name("inspect"), args=[self.campaign.pk]),
                    "header_title": _("Send campaign"),
                },
                headers={"Cache-Control": "private, no-store"},
            )
        sending.campaign_send_now(campaign_id=self.campaign.pk, user=request.user)
        messages.success(request, _("Sending “%(subject)s”.") % {"subject": self.campaign.subject})
        return self.back()

    def schedule(self, request):
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.back()
        when = form.cleaned_data["when"]
        sending.campaign_schedule(campaign_id=self.campaign.pk, when=when, user=request.user)
        messages.success(
            request,
            _("“%(subject)s” will be sent at %(when)s.")
            % {"subject": self.campaign.subject, "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")},
        )
        return self.back()

    def unschedule(self, request):
        sending.campaign_unschedule(campaign_id=self.campaign.pk, user=request.user)
        messages.success(request, _("“%(subject)s” is a draft again.") % {"subject": self.campaign.subject})
        return self.back()

    def pause(self, request):
        sending.campaign_pause(campaign_id=self.campaign.pk, user=request.user)
        messages.success(request, _("Sending paused."))
        return self.back()

    def resume(self, request):
        sending.campaign_resume(campaign_id=self.campaign.pk, user=request.user)
        messages.success(request, _("Sending resumed."))
        return self.back()

    def translate(self, request):
        language = request.POST.get("language", "")
        version = campaign_make_version(campaign_id=self.campaign.pk, language=language, user=request.user)
        messages.success(
            request,
            _("%(version)s made as a new draft: translate its subject, preheader and body before sending it.")
            % {"version": version_label(version.language)},
        )
        return redirect(reverse(self.viewset.get_url_name("inspect"), args=[version.pk]))

    def cancel(self, request):
        sending.campaign_cancel(campaign_id=self.campaign.pk, user=request.user)
        messages.success(
            request, _("“%(subject)s” cancelled; nobody else will get it.") % {"subject": self.campaign.subject}
        )
        return self.back()


STATUS_BUTTONS = {
    CampaignStatus.DRAFT: ("send", "schedule", "cancel"),
    CampaignStatus.SCHEDULED: ("send", "unschedule", "cancel"),
    CampaignStatus.SENDING: ("pause", "cancel"),
    CampaignStatus.PAUSED: ("resume", "cancel"),
    # Stopped by the shop itself (complaints): staff read why, then resume or cancel.
    CampaignStatus.STOPPED: ("resume", "cancel"),
}
