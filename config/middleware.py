"""Content-Security-Policy for the storefront, relaxed only where the Wagtail admin needs it.

Framing: no page may be framed (X-Frame-Options DENY, frame-ancestors 'none'), except a response whose
view asks for SAMEORIGIN, like Wagtail's admin preview; then both headers say "this site only".
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.cache import patch_cache_control

from config.first_paint import CSP_HASH
from config.languages import path_without_language

ADMIN_PREFIXES = ("/admin/", "/cms/")


class StorefrontCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            # The Wagtail admin ships inline scripts and styles, and previews in blob: frames.
            extra = {
                "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
                "style-src": ["'unsafe-inline'"],
                "img-src": ["blob:", "https:"],
                "frame-src": ["blob:"],
                "worker-src": ["'self'", "blob:"],
            }
            parts.update = {**(parts.update or {}), **extra}
        else:
            # The storefront's one inline script (config.first_paint), allowed by its hash alone. Not in the
            # admin's policy: a hash there would make browsers ignore the 'unsafe-inline' the admin needs.
            parts.update = {**(parts.update or {}), "script-src": [CSP_HASH]}
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            # A view that may be framed by this site (Wagtail's preview, which marks itself SAMEORIGIN):
            # frame-ancestors says the same, so both headers agree on every response.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


# allauth's pages (sign-in, sign-up, addresses, password) show or take a person's details, in every language.
PRIVATE_PREFIXES = ("/accounts/",)


class PrivateAccountPagesMiddleware:
    """Account pages answer Cache-Control: private, no-store, as the shop's order and checkout pages do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if path_without_language(request.path_info).startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response
