"""Settings shared by every deployment. What differs between deployments comes from the environment."""

from datetime import timedelta
from pathlib import Path

from config.env import cache_config, database_config, env_bool, env_int, env_list, env_str, url_origin

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "content",
    "shop",
    "compare",
    "newsletter",
    "demo",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "anymail",
    "csp",
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "config.apps.InfrastructureConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML on the wire is gzipped (static files come compressed from whitenoise, which answers above this).
    # Django's GZip middleware pads each response's gzip header with 0-99 random bytes, its mitigation for
    # BREACH (secrets reflected in a compressed page); above the page cache, which keeps plain HTML.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (English at /, French at /fr/, config/urls.py); before
    # CommonMiddleware, which resolves paths to add slashes, and before the lock and the page cache.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff two-factor sign-in (config/two_factor.py): marks a verified session, then asks for the code.
    "django_otp.middleware.OTPMiddleware",
    "config.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.PrivateAccountPagesMiddleware",
    "config.middleware.StorefrontCSPMiddleware",
    "content.middleware.StorefrontLockMiddleware",
    # After the lock, so a locked storefront is never served from the cache.
    "config.page_cache.AnonymousPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out staff sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                # Renders {% csrf_token %} as a placeholder only while a page is rendered for the page cache.
                "config.page_cache.csrf_placeholder",
                # The products the shopper picked for comparison, for shop's product cards to read by name.
                "compare.context_processors.compare_picks",
            ],
        },
    },
]

DATABASES = {"default": database_config(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = cache_config()
# The cache alias rate limits count in: shared by every process (Redis, or the database without it).
RATELIMIT_CACHE = "ratelimit"
# With Redis down, django-redis skips cache errors (IGNORE_EXCEPTIONS in cache_config); say so in the log.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# The cart lives in the session, so sessions are written through to the database even when
# Redis serves them: a Redis restart must never empty a shopper's cart.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if env_str("REDIS_URL") else "django.contrib.sessions.backends.db"
)

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out staff sign-in is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: customers sign in by email.
ACCOUNT_LOGIN_METHODS = {"email"}
# Its emails are rendered in the request and sent by the worker (config/accounts.py, config/mail.py).
ACCOUNT_ADAPTER = "config.accounts.AccountAdapter"
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# How many proxies in front of the web server add the client's address to X-Forwarded-For (1 for a
# single nginx or load balancer). Rate limits, ours and allauth's, then count each shopper on their
# own address rather than everyone on the proxy's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# django-axes: staff sign-in at /admin/login/ (config.staff_sign_in). AXES_FAILURE_LIMIT wrong passwords
# for one username from one address lock that pair out for AXES_COOLOFF_MINUTES; every attempt is
# recorded in the database (AccessAttempt, AccessFailureLog, AccessLog), shared by every web process.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "config.staff_sign_in.lockout_response"
AXES_WHITELIST_CALLABLE = "config.staff_sign_in.outside_the_admin"
# The same client address as our rate limits: the one the nearest of TRUSTED_PROXY_COUNT proxies saw.
AXES_CLIENT_IP_CALLABLE = "config.ratelimit.client_ip"

# Two-factor sign-in for staff (config/two_factor.py): open to every staff member; production requires it
# of superusers, who are sent to set it up before any admin page.
STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env_bool("STAFF_TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", False)
OTP_TOTP_ISSUER = "Knot & Stone staff"

# English at /, French at /fr/ (config/urls.py). Interface strings come from config/locale (compiled by the
# set-up); pages are translated per Wagtail locale.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# The language the shopper picked with the header's switcher (config/language_views.py), kept a year: it decides
# the language of their orders' emails, where no address says it (config/languages.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "static_collected")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Uploads only staff may see (price-match screenshots): outside MEDIA_ROOT, never served by the proxy, streamed
# by a permission-checking admin view (config/private_media.py; a system check refuses an overlap).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "var" / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "config.private_media.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work goes through the django-tasks API: a database queue by default, RQ on Redis
# when TASKS_BACKEND=rq so workers can run on several machines.
if env_str("TASKS_BACKEND") == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]  # the RQ backend needs django_rq's queues
    RQ_QUEUES = {
        "default": {
            "URL": env_str("REDIS_URL") or "redis://127.0.0.1:6379/0",
            # Every job is retried (config.task_queue), also one abandoned by a worker that was killed.
            "QUEUE_CLASS": "config.task_queue.RetryingQueue",
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `manage.py run_worker` sweeps this often: it releases every expired unpaid order and sends every due
# email, whatever happened to their own scheduled tasks.
TASKS_SWEEP_SECONDS = env_int("TASKS_SWEEP_SECONDS", 60)
# Other apps' sweeps, called after the shop's (shop.tasks.sweep_hooks_run), so shop never imports them.
TASKS_SWEEP_HOOKS = ["newsletter.tasks.sweep"]
# Campaign sending (newsletter/delivery.py): rows per claimed batch, how long a claim holds before the
# sweep hands it to another worker, tries per email before it is failed, and tasks sharing one campaign.
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 300)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 5)
NEWSLETTER_SEND_TASKS = env_int("NEWSLETTER_SEND_TASKS", 2)
# Mail connections each worker sends a batch over side by side (each waits on the server in turn).
NEWSLETTER_SEND_CONNECTIONS = env_int("NEWSLETTER_SEND_CONNECTIONS", 4)

# Mail: Django's mail API; the provider is chosen by EMAIL_BACKEND (an anymail backend in production).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
# Where the file-based backend writes each message (the default backend without a provider).
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH") or BASE_DIR / "var" / "mail")
# For EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (a relay, or the benchmark's local sink).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Knot & Stone Therapy Supply <hello@knotandstone.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Newsletters come from their own address (a separate sending reputation, and replies to news never land in
# the order inbox); the newsletter settings in the admin may name another one.
NEWSLETTER_FROM_EMAIL = env_str("NEWSLETTER_FROM_EMAIL", "Knot & Stone Therapy Supply <news@knotandstone.example>")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in __import__("os").environ.items()
    if key.startswith("ANYMAIL_") and value
}

# Stripe. Without keys, `make run` points these at a local localstripe server.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")  # e.g. http://127.0.0.1:8420 for localstripe
STRIPE_JS_URL = env_str("STRIPE_JS_URL", "https://js.stripe.com/v3/")
STRIPE_TIMEOUT_SECONDS = 8
# One retry inside that budget: each attempt gets half of it, so an outage answers within ~9 s.
STRIPE_MAX_NETWORK_RETRIES = 1
# An unpaid order holds its stock this long, then releases it (a fraction is allowed, for the smoke test).
ORDER_RESERVATION_MINUTES = float(env_str("ORDER_RESERVATION_MINUTES") or 30)
# An order still unpaid this many minutes before its reservation ends gets one payment reminder.
ORDER_PAYMENT_REMINDER_MINUTES = 10

# Content-Security-Policy on every HTML response (django-csp); see config.middleware.
# Stripe.js loads from STRIPE_JS_URL's origin and talks to it and to STRIPE_API_BASE, so a staging shop on
# localstripe (or any Stripe stand-in) is allowed exactly those origins besides Stripe's own.
_STRIPE_JS_ORIGIN = url_origin(STRIPE_JS_URL)
_STRIPE_API_ORIGIN = url_origin(STRIPE_API_BASE)
# Real Stripe.js calls api.stripe.com; a stand-in's script may call back to where it was served from.
_STRIPE_STAND_IN_ORIGIN = "" if _STRIPE_JS_ORIGIN == "https://js.stripe.com" else _STRIPE_JS_ORIGIN


def _with(sources: list[str], *extra: str) -> list[str]:
    return list(dict.fromkeys([*sources, *(source for source in extra if source)]))


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": _with(["'self'", "https://js.stripe.com"], _STRIPE_JS_ORIGIN),
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": _with(["'self'", "https://api.stripe.com"], _STRIPE_STAND_IN_ORIGIN, _STRIPE_API_ORIGIN),
        "frame-src": _with(["'self'", "https://js.stripe.com", "https://hooks.stripe.com"], _STRIPE_JS_ORIGIN),
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Says what frame-ancestors 'none' says, for browsers that only read X-Frame-Options. Wagtail's admin
# preview marks itself SAMEORIGIN, and config.middleware then makes frame-ancestors 'self' to match.
X_FRAME_OPTIONS = "DENY"

# Anonymous catalogue and article pages are cached whole for this many seconds (config.page_cache):
# 4 s, so a price or stock change is on the page within 5 s, the re-render included.
PAGE_CACHE_SECONDS = float(env_str("PAGE_CACHE_SECONDS", "4"))

WAGTAIL_SITE_NAME = "Knot & Stone Therapy Supply"
# Yes: a page an editor creates in English gets a live French alias at once (its English text under /fr/), so a
# French shopper who follows a link, the switcher or a French page's neighbours always finds the page instead of
# a 404; the editor then converts the alias to an ordinary page and writes the French. Moving, deleting and
# unpublishing an English page carries over to its French copy, so the two trees never drift apart.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
# The admin asks nothing of other sites, so the CSP (config.middleware) need not allow them: staff avatars are
# Wagtail's own default picture (no Gravatar request, which went out over http) and the upgrade check is off.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The shop's one public address (config/site_url.py): canonical and OpenGraph URLs, JSON-LD, the sitemap, the
# feed, email links and the admin's. `make run` sets it to the address it serves; the default Wagtail Site
# follows it (`manage.py site_url_sync`) and `check --deploy` warns when they disagree.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = SITE_URL

# Called with the order's id once a payment is committed (shop/services/order_status.py order_paid_hooks_run).
SHOP_ORDER_PAID_HOOKS = [
    "newsletter.hooks.order_paid_start_opt_in",
    "newsletter.hooks.order_paid_record_implied_consent",
]
# Called with the request (or None) for the consent text shown under checkout's "Email me" box; returns an object
# with `text` (as shown, filled in), `version` and `language` (shop/selectors/marketing_consent.py), all kept on the
# order. Empty (or failing, or no words): checkout offers no marketing box.
SHOP_CHECKOUT_CONSENT_TEXT = "newsletter.hooks.checkout_consent_text"
# Called with a variant's id once a change that took it from none to some stock is committed
# (shop/services/stock.py stock_returned_hooks_run).
SHOP_STOCK_RETURNED_HOOKS = ["newsletter.hooks.stock_returned_send_alerts"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
