from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env_str

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0f3c8a1e9b7d4c2a"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Offline Stripe: `make run` starts localstripe here and serves its fake Stripe.js.
_localstripe = env_str("STRIPE_API_BASE")
if _localstripe:
    for directive in ("script-src", "connect-src", "frame-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(_localstripe)
