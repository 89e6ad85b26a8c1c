"""The newsletter's public pages: the signup post, confirming, unsubscribing and the preferences page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from config import ratelimit
from config.redirects import safe_next_url
from content.middleware import lock_keeping_out
from newsletter import services, tokens
from newsletter.forms import PreferencesForm, SignupForm
from newsletter.models import SignupSource
from newsletter.selectors import consent_text

SIGNUPS_PER_WINDOW = 5
SIGNUP_WINDOW_SECONDS = 10 * 60
ONE_CLICK_BODY = b"List-Unsubscribe=One-Click"


def _page(request, template: str, context: dict, *, status: int = 200):
    """A newsletter page; while the storefront is locked to this visitor, without the shop's header and footer."""
    context = {**context, "bare": lock_keeping_out(request) is not None}
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, form_next: str | None, message: str, *, ok: bool, status: int = 200):
    if _wants_json(request):
        return JsonResponse({"ok": ok, "message": message}, status=status)
    (messages.success if ok else messages.error)(request, message)
    return HttpResponseRedirect(safe_next_url(request, form_next or request.POST.get("next"), "/"))


@require_POST
def signup(request):
    """Start the double opt-in. Every address gets the same answer, so it tells a stranger nothing."""
    next_url = request.POST.get("next")
    rate = ratelimit.Rate(hits=SIGNUPS_PER_WINDOW, seconds=SIGNUP_WINDOW_SECONDS)
    if not ratelimit.hit(request, action="newsletter-signup", rate=rate):
        return _answer(
            request, next_url, _("Too many sign-ups from here. Please wait a few minutes."), ok=False, status=429
        )
    form = SignupForm(request.POST)
    check_inbox = _("Thanks! Check your inbox: we've sent you a link to confirm your subscription.")
    if form.is_bot:
        return _answer(request, next_url, check_inbox, ok=True)
    if not form.is_valid():
        first_error = next(iter(form.errors.values()))[0]
        return _answer(request, next_url, first_error, ok=False, status=400)
    consent = consent_text(request)
    services.subscriber_sign_up(
        email=form.cleaned_data["email"],
        topics=form.cleaned_data["topics"],
        context=services.SignupContext(
            source=form.cleaned_data["source"],
            language=get_language() or "",
            ip_address=ratelimit.client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            consent_text_version=consent.version,
            consent_text=consent.text,
            consent_language=consent.language,
        ),
    )
    return _answer(request, form.cleaned_data.get("next"), check_inbox, ok=True)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners that follow links confirm nothing); its POST confirms."""
    result = None
    if request.method == "POST":
        result = services.subscriber_confirm(
            token=token,
            ip_address=ratelimit.client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    return _page(request, "newsletter/confirm.html", {"result": result and result.value, "token": token})


def _is_one_click(request) -> bool:
    """RFC 8058's one-click POST: the single field List-Unsubscribe=One-Click, url-encoded or multipart."""
    if request.body == ONE_CLICK_BODY:
        return True
    if request.content_type != "multipart/form-data":
        return False
    return {key: request.POST.getlist(key) for key in request.POST} == {"List-Unsubscribe": ["One-Click"]}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a button and changes nothing. POST unsubscribes at once.

    A mail client's one-click POST (RFC 8058) has exactly the body `List-Unsubscribe=One-Click`, no cookie
    and no CSRF token, and gets a bare 200; every other POST (the button) passes the usual CSRF check.
    """
    subscriber = services.subscriber_from_link(token, salt=tokens.UNSUBSCRIBE_SALT)
    if request.method == "POST" and _is_one_click(request):
        if subscriber is None:
            return HttpResponse(_("This unsubscribe link is not valid."), status=404, content_type="text/plain")
        services.subscriber_unsubscribe(subscriber=subscriber, source=SignupSource.ONE_CLICK)
        return HttpResponse(_("You have been unsubscribed."), content_type="text/plain; charset=utf-8")
    if request.method == "POST":
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    done = False
    if subscriber is not None and request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber, source=SignupSource.UNSUBSCRIBE_PAGE)
        done = True
    status = 200 if subscriber is not None else 404
    return _page(request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "done": done}, status=status)


@require_http_methods(["GET", "POST"])
def preferences(request, token: str):
    subscriber = services.subscriber_from_link(token, salt=tokens.PREFERENCES_SALT)
    saved = False
    if subscriber is None:
        form = None
    elif request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscriber_set_topics(subscriber=subscriber, topics=form.cleaned_data["topics"])
            subscriber.refresh_from_db()
            saved = True
    else:
        form = PreferencesForm(initial={"topics": subscriber.topics})
    unsubscribe_token = subscriber and tokens.standing_token(
        subscriber.pk, subscriber.secret, salt=tokens.UNSUBSCRIBE_SALT
    )
    return _page(
        request,
        "newsletter/preferences.html",
        {"subscriber": subscriber, "form": form, "saved": saved, "unsubscribe_token": unsubscribe_token},
        status=200 if subscriber is not None else 404,
    )


@csrf_exempt  # it changes nothing, for anyone
@require_http_methods(["GET", "POST"])
def test_email_link(request):
    """Where a test email's unsubscribe and preferences links lead: they show what the link is, and change nothing.

    Mail clients may POST the one-click body to it, as to a real unsubscribe link; that gets the same 200.
    """
    if request.method == "POST":
        return HttpResponse(_("This was a test email: nothing changed."), content_type="text/plain; charset=utf-8")
    return _page(request, "newsletter/test_email_link.html", {})
