"""`{% newsletter_signup_form %}`: the signup form, for the footer and the password page.

The form is on every page, so its HTML is rendered once per language, place and consent text and kept
in this process; what belongs to the visitor (their CSRF token and the page to come back to) is filled
in per page, as product cards do (shop/templatetags/catalogue_tags.py). A changed consent text is a new
entry, never an old copy.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config.page_cache import CSRF_PLACEHOLDER
from newsletter.back_in_stock import alert_consent_text
from newsletter.forms import BackInStockForm, SignupForm
from newsletter.models import SignupSource
from newsletter.selectors import consent_text

register = template.Library()

NEXT_PLACEHOLDER = "__newsletter-next__"


@register.simple_tag(takes_context=True)
def newsletter_signup_form(context, source: str = SignupSource.FOOTER) -> SafeString:
    request = context.get("request")
    html = _form_html(get_language() or "", source, consent_text(request).text)
    next_url = request.get_full_path() if request is not None else "/"
    html = html.replace(CSRF_PLACEHOLDER, escape(str(context.get("csrf_token") or "")))
    # Safe: the template escaped everything it printed, and the filled-in values are escaped here.
    return mark_safe(html.replace(NEXT_PLACEHOLDER, escape(next_url)))


@lru_cache(maxsize=64)
def _form_html(language: str, source: str, consent_label: str) -> str:
    # `language` is part of the key only: the active language (the same one) translates the template.
    form = SignupForm(initial={"source": source, "next": NEXT_PLACEHOLDER}, consent_label=consent_label)
    context = {"form": form, "source": source, "csrf_token": CSRF_PLACEHOLDER}
    return render_to_string("newsletter/signup_form.html", context)


@register.simple_tag(takes_context=True)
def back_in_stock_form(context, variant) -> SafeString:
    """`{% back_in_stock_form variant %}`: "Notify me when it's back" for a sold-out variant of the product page.

    Only sold-out pages show it, so it is rendered each time rather than kept; the CSRF token is the page's
    own (the page cache's placeholder while the page is rendered for the cache).
    """
    if variant is None or getattr(variant, "in_stock", True):
        return mark_safe("")
    request = context.get("request")
    form = BackInStockForm(
        initial={"variant": variant.pk, "next": request.get_full_path() if request is not None else "/"},
        consent_label=alert_consent_text(request),
        auto_id="id_back_in_stock_%s",  # the footer's signup form on the same page has its own id_next
    )
    html = render_to_string(
        "newsletter/back_in_stock_form.html",
        {"form": form, "variant": variant, "csrf_token": context.get("csrf_token") or ""},
    )
    return mark_safe(html)  # Safe: the template escaped everything it printed.
