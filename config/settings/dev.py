from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0f3c8a1e9b7d4c2a"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Offline Stripe: `make run` starts localstripe at STRIPE_API_BASE; base.py lets the CSP allow its origin.
