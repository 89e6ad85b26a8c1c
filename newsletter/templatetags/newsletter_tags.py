"""`{% newsletter_signup_form %}`: the signup form, for the footer and the password page."""

from __future__ import annotations

from django import template

from newsletter.forms import SignupForm
from newsletter.models import SignupSource
from newsletter.selectors import consent_text

register = template.Library()


@register.inclusion_tag("newsletter/signup_form.html", takes_context=True)
def newsletter_signup_form(context, source: str = SignupSource.FOOTER):
    request = context.get("request")
    consent = consent_text(request)
    next_url = request.get_full_path() if request is not None else "/"
    form = SignupForm(initial={"source": source, "next": next_url}, consent_label=consent.text)
    return {"form": form, "request": request, "source": source, "csrf_token": context.get("csrf_token")}
