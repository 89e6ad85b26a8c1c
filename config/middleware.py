"""Content-Security-Policy for the storefront, relaxed only where the Wagtail admin needs it."""

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
        return parts
