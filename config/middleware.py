"""Content-Security-Policy for the storefront, relaxed only where the Wagtail admin needs it.

Framing: no page may be framed (X-Frame-Options DENY, frame-ancestors 'none'), except a response whose
view asks for SAMEORIGIN, like Wagtail's admin preview; then both headers say "this site only".
"""

from csp.middleware import CSPMiddleware, PolicyParts

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
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            # A view that may be framed by this site (Wagtail's preview, which marks itself SAMEORIGIN):
            # frame-ancestors says the same, so both headers agree on every response.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts
