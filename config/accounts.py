"""django-allauth, adapted to the shop: its emails (confirm your address, reset your password) are tasks."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from config.mail import enqueue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth renders it, with the request's language and site; sent by the worker (config/mail.py).
        request = allauth_context.request
        rendering = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        enqueue_email(self.render_mail(template_prefix, email, rendering))
