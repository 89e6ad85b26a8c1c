"""Forms for the storefront lock: the admin form that hashes the password, and the shopper's password form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class StorefrontLockAdminForm(WagtailAdminModelForm):
    """Editors type the password in plain text once; only its hash is stored, and a blank field keeps it."""

    password = forms.CharField(
        label=_("Storefront password"),
        required=False,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Shoppers enter this to see the shop while it is locked. Leave blank to keep the current one."),
    )

    def clean(self):
        cleaned = super().clean()
        has_password = bool(cleaned.get("password")) or bool(self.instance.password_hash)
        if cleaned.get("is_locked") and not has_password:
            self.add_error("password", _("Set a password before locking the storefront."))
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.cleaned_data.get("password"):
            instance.set_password(self.cleaned_data["password"])
        if commit:
            instance.save()
        return instance


class StorefrontPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
