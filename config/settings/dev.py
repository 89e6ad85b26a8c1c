from config.env import env_bool

from .base import *  # noqa: F403

# `make run` shows the shop as a shopper sees it: its own 404 and 500 pages, never Django's debug page
# (which lists every URL pattern). Errors still print their traceback in the terminal.
# `DEBUG=true make run` brings the debug pages back.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0f3c8a1e9b7d4c2a"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# With or without DEBUG, whitenoise serves /static/ straight from the apps' and the project's static
# folders (no collectstatic), picking up edits, and Django serves uploads under /media/ (config/urls.py).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA_FILES = True
# Offline Stripe: `make run` starts localstripe at STRIPE_API_BASE; base.py lets the CSP allow its origin.
