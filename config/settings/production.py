"""Production: everything secret or host-specific must come from the environment, or the site refuses to start."""

from config.env import env_bool, env_list, env_required

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Keep it on: behind a proxy that redirects itself, requests arrive marked X-Forwarded-Proto: https and
# are never redirected, and a load balancer's plain-HTTP health check is exempt. SECURE_SSL_REDIRECT=false
# (a benchmark on loopback) is a stated choice, so the one check that warns about it (W008) is silenced
# with it, and only then; check --deploy still reports everything else.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Superusers sign in with a second factor (config/two_factor.py). Not an option here: a superuser without
# one is sent to set it up after the password, so even the first sign-in of a new shop works.
STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
