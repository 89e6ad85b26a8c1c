"""Suite-wide set-up. Settings are chosen here so a bare `pytest` works without an ini file."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()
