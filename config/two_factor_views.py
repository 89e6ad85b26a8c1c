"""The staff two-factor pages under /admin/two-factor/ (registered by config/wagtail_hooks.py): enter a
code, set up an authenticator app, see or replace backup codes, turn it off. See config/two_factor.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from config import ratelimit
from config.two_factor import (
    WRONG_CODES,
    Step,
    app_device_confirm,
    backup_codes_left,
    backup_codes_replace,
    has_device,
    is_verified,
    matching_device,
    pending_app_device,
    qr_code_svg,
    required_for,
    secret_for_typing,
    step_url,
    two_factor_turn_off,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=gettext_lazy("The 6-digit code your authenticator app shows now, or one of your backup codes."),
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse("wagtailadmin_home")


def _too_many_tries(request) -> bool:
    return not ratelimit.hit(request, action=f"staff-two-factor-{request.user.pk}", rate=WRONG_CODES)


def _refuse_too_many(request, template: str, context: dict):
    minutes = max(1, WRONG_CODES.seconds // 60)
    context["form"].add_error(
        None,
        _("Too many codes tried. Wait %(minutes)s minutes, then try again.") % {"minutes": minutes},
    )
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(WRONG_CODES.seconds)
    return response


@never_cache
def verify(request):
    """Enter a code from the app, or a backup code, to open the admin for this session."""
    user = request.user
    if is_verified(user) or not has_device(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    context = {"form": form, "next": _next_url(request)}
    if request.method == "POST":
        if _too_many_tries(request):
            return _refuse_too_many(request, "two_factor/verify.html", context)
        if form.is_valid():
            device = matching_device(user=user, code=form.cleaned_data["code"])
            if device is not None:
                request.session.cycle_key()  # a new session key once the second factor is in, as at sign-in
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _("You signed in with a backup code; %(left)s are left.") % {"left": backup_codes_left(user)},
                    )
                return redirect(_next_url(request))
            form.add_error("code", _("That code is wrong or has expired. Check the app and try again."))
    return render(request, "two_factor/verify.html", context)


@never_cache
def enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), then prove it with a code."""
    user = request.user
    if has_device(user):
        if not is_verified(user):
            # Only a signed-in second factor may replace it; the password alone never can.
            return redirect(step_url(Step.VERIFY, next_url=request.get_full_path()))
        return redirect("two_factor_manage")
    device = pending_app_device(user=user)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("The 6-digit code the app shows once it has scanned the QR code.")
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": qr_code_svg(device),
        "secret": secret_for_typing(device),
        "required": required_for(user),
    }
    if request.method == "POST":
        if _too_many_tries(request):
            return _refuse_too_many(request, "two_factor/enrol.html", context)
        if form.is_valid():
            confirmed = app_device_confirm(user=user, device_id=device.pk, code=form.cleaned_data["code"])
            if confirmed is not None:
                request.session.cycle_key()
                otp_login(request, confirmed)
                codes = backup_codes_replace(user=user)
                return render(request, "two_factor/backup_codes.html", {"codes": codes, "next": _next_url(request)})
            form.add_error("code", _("That code is wrong or has expired. Check the app's clock and try again."))
    return render(request, "two_factor/enrol.html", context)


@never_cache
def manage(request):
    """Whether two-factor sign-in is on for this staff member, with the ways to change it."""
    user = request.user
    on = has_device(user)
    if on and not is_verified(user):
        return redirect(step_url(Step.VERIFY, next_url=request.get_full_path()))
    context = {
        "on": on,
        "codes_left": backup_codes_left(user) if on else 0,
        "required": required_for(user),
    }
    return render(request, "two_factor/manage.html", context)


@never_cache
@require_POST
def new_backup_codes(request):
    user = request.user
    if not (has_device(user) and is_verified(user)):
        return redirect("two_factor_manage")
    return render(request, "two_factor/backup_codes.html", {"codes": backup_codes_replace(user=user)})


@never_cache
@require_POST
def turn_off(request):
    user = request.user
    if not (has_device(user) and is_verified(user)):
        return redirect("two_factor_manage")
    if required_for(user):
        messages.error(request, _("Superusers must keep two-factor sign-in on."))
        return redirect("two_factor_manage")
    two_factor_turn_off(user=user)
    messages.success(request, _("Two-factor sign-in is off. Your password alone now signs you in."))
    return redirect("two_factor_manage")
