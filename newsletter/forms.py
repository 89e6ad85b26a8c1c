from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from newsletter.models import SignupSource, Topic


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    topics = forms.MultipleChoiceField(
        label=_("What would you like to hear about?"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Topic.ARTICLES],
        error_messages={"required": _("Pick at least one topic.")},
    )
    consent = forms.BooleanField(
        label=_("I agree to receive these emails."),
        required=True,
        error_messages={"required": _("Please tick the box to agree to receive our emails.")},
    )
    # Hidden from people by CSS and aria-hidden; a bot that fills every field fills this one too.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    source = forms.ChoiceField(
        choices=[(SignupSource.FOOTER, ""), (SignupSource.PASSWORD_PAGE, "")], widget=forms.HiddenInput
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, consent_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if consent_label:
            self.fields["consent"].label = consent_label

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PreferencesForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Send me"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pick at least one topic, or unsubscribe below.")},
    )


class BackInStockForm(forms.Form):
    """Ask for one email when a sold-out variant is back. The consent is to that one email, nothing more."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    variant = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    consent = forms.BooleanField(
        label=_("Yes, email me once when this is back in stock."),
        required=True,
        error_messages={"required": _("Please tick the box so we may email you when it's back.")},
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))  # the honeypot, as on SignupForm
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, consent_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if consent_label:
            self.fields["consent"].label = consent_label
        self.fields["variant"].error_messages.update(
            {"required": _("Choose the option you'd like."), "invalid": _("Choose the option you'd like.")}
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
