"""The shopper's chat form: their message, their email (to answer by), an optional name, and a honeypot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from content.conversations.models import MAX_MESSAGE_LENGTH

MAX_PAGE_LENGTH = 500


def local_path(value: str) -> str:
    """The page the shopper was on, kept only when it is a path on this site ("" for anything else)."""
    value = (value or "").strip()[:MAX_PAGE_LENGTH]
    if not value.startswith("/") or value.startswith("//") or "\\" in value or any(ord(c) < 32 for c in value):
        return ""
    return value


class ChatForm(forms.Form):
    name = forms.CharField(label=_("Your name (optional)"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We answer here and by email."),
        error_messages={"required": _("Enter your email so we can answer you.")},
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _("Please keep your message under %(limit_value)d characters."),
        },
    )
    # Hidden from people by CSS and aria-hidden; a bot that fills every field fills this one too.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, email_known: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Later messages of a conversation may leave the email out: the conversation already has it.
        self.fields["email"].required = not email_known

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write a message first."))
        return message

    def clean_page(self) -> str:
        return local_path(self.cleaned_data.get("page", ""))

    def first_error(self) -> str:
        return str(next(iter(self.errors.values()))[0])
