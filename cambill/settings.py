"""cambill settings, read from the environment (12-factor).

The embedded default needs nothing: SQLite in ``var/``, tasks in-process, a
development secret. Production sets ``CAMBILL_ENV=production`` and the
variables documented in README.md; missing required values fail at start.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from kombu import Exchange, Queue

from cambill.core import languages

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("CAMBILL_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


CAMBILL_ENV = os.environ.get("CAMBILL_ENV", "development")
PRODUCTION = CAMBILL_ENV == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when CAMBILL_ENV=production")
    SECRET_KEY = "cambill-embedded-insecure-development-key-change-me"
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # The same bar as `manage.py check --deploy` (security.W009): sessions,
    # password resets and signed values are only as strong as this key.
    raise RuntimeError(
        "SECRET_KEY must be at least 50 characters with at least 5 different ones when "
        'CAMBILL_ENV=production; make one with: python -c "import secrets; '
        'print(secrets.token_urlsafe(50))"'
    )

# Off unless asked for (DEBUG=1 for development): the demo and production
# never show a traceback page; a 500 renders the product's own page.
DEBUG = env_bool("DEBUG", False) and not PRODUCTION
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes (cambill.accounts.two_factor)
    "csp",
    "cambill.core",
    "cambill.accounts",
    "cambill.clouds",
    "cambill.catalog",
    "cambill.referrals",
    "cambill.invoicing",
    "cambill.usage",
    "cambill.watcher",
    "cambill.payments",
    "cambill.sales",
    "cambill.webhooks",
    "cambill.metrics",
    "cambill.notifications",
    "cambill.einvoice",
    "cambill.branding",
    "cambill.exports",
    "cambill.api",
    "cambill.web",
]

# The sandbox (demo data, demo-flow, the fake Watcher and fake Stripe): a separate
# package the product never imports, named here by string only. Its app brings the
# `cambill demo-data`, `demo-serve`, `demo-flow` and `fake-watcher` commands; on by
# default except in production, and only when the package is installed.
CAMBILL_SANDBOX = env_bool("CAMBILL_SANDBOX", not PRODUCTION)
if CAMBILL_SANDBOX:
    import importlib.util

    if importlib.util.find_spec("cambill_sandbox") is not None:
        INSTALLED_APPS.append("cambill_sandbox")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cambill.core.db_router.ReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cambill.web.core.security.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cambill.urls"
WSGI_APPLICATION = "cambill.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cambill.web.core.context.nav",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cambill.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing at once; WAL lets pages
    # read while a bill run writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A streaming PostgreSQL replica for reports, dashboards, exports and lists
# (cambill.core.db_router). Unset: everything reads the primary. In tests the
# alias is a mirror of the default test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        test_options={"MIRROR": "default"},
    )
DATABASE_ROUTERS = ["cambill.core.db_router.ReplicaRouter"]
# After a write, the same browser reads the primary for this many seconds.
CAMBILL_REPLICA_STICKY_SECONDS = int(os.environ.get("CAMBILL_REPLICA_STICKY_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "cambill.core.validation.PasswordMaximumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = languages.CHOICES  # cambill/core/languages.py: the one list
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Security: secure by default in production, relaxed for the embedded demo on http.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
# TLS in production: HSTS for a year on every sub-domain, and http redirected
# to https. When a proxy or load balancer ends TLS and redirects http itself,
# CAMBILL_TLS_AT_PROXY=1 turns Django's redirect off (the proxy must pass
# X-Forwarded-Proto, which SECURE_PROXY_SSL_HEADER trusts).
CAMBILL_TLS_AT_PROXY = env_bool("CAMBILL_TLS_AT_PROXY", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION and not CAMBILL_TLS_AT_PROXY)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# The redirect is the proxy's job then; check --deploy would flag it otherwise.
SILENCED_SYSTEM_CHECKS = ["security.W008"] if CAMBILL_TLS_AT_PROXY else []
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cambill.api.core.auth.BearerTokenAuthentication",
        # The pages' session, refused (403) until it passed the second factor.
        "cambill.api.core.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cambill.api.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        # django-filter's, with booleans as strict as the schema (true | false).
        "cambill.api.core.filtering.FilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "EXCEPTION_HANDLER": "cambill.api.core.errors.exception_handler",
    # Bounded size and depth (cambill.api.core.parsers); forms and multipart as DRF's.
    "DEFAULT_PARSER_CLASSES": [
        "cambill.api.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "cambill.api.core.schema.CambillAutoSchema",
    "DEFAULT_METADATA_CLASS": "cambill.api.core.metadata.ApiMetadata",
    # Per token (or signed-in user) and per client address; rates in
    # CAMBILL_API_RATE_TOKEN / CAMBILL_API_RATE_ADDRESS below. 429 in the error shape.
    "DEFAULT_THROTTLE_CLASSES": [
        "cambill.api.core.throttling.TokenRateThrottle",
        "cambill.api.core.throttling.AddressRateThrottle",
    ],
    # Proxies in front of the app whose X-Forwarded-For is trusted for the address.
    "NUM_PROXIES": int(os.environ["CAMBILL_API_NUM_PROXIES"])
    if os.environ.get("CAMBILL_API_NUM_PROXIES")
    else None,
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cambill API",
    "DESCRIPTION": "Billing for video-surveillance clouds: services, clouds, tariffs, "
    "accounts, cameras, invoices. Decimals travel as strings, times as ISO 8601 with offset. "
    'Errors: {"code", "message", "fields"}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # `check --deploy` is about the deployment (TLS, cookies, secrets); the
    # schema's own quality is tested in tests/api (schema, generated client).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # Choice sets several fields share get one stable name (the generated client's
    # class names), instead of a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "LifecycleStatusEnum": "cambill.clouds.models.CloudStatus",
        "CameraStatusEnum": "cambill.clouds.models.CameraStatus",
        "InvoiceStatusEnum": "cambill.invoicing.models.InvoiceStatus",
        "InvoiceKindEnum": "cambill.invoicing.models.InvoiceKind",
        "ServiceKindEnum": "cambill.catalog.models.ServiceKind",
        "DiscountKindEnum": "cambill.catalog.models.DiscountKind",
        # Which side of the billing a thing is on (a card checkout's ``kind``, a late
        # usage item's ``level``): one name for the one choice set.
        "RetailOrWholesaleEnum": ["retail", "wholesale"],
        "ExportKindEnum": ["list", "usage_report"],
    },
}

# Background work. Embedded default: tasks run in-process (eager), no broker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Usage rollups: in-process right after each ingested batch (embedded default),
# or only by the watermark job and before every aggregate (with a broker).
CAMBILL_USAGE_ROLLUP_INLINE = env_bool("CAMBILL_USAGE_ROLLUP_INLINE", not CELERY_BROKER_URL)
# Storage that stays small (cambill.usage.retention, docs/decisions/0026): raw usage
# events are kept this many months (never before their month's invoices are issued);
# hourly rollups older than this many days are folded into daily rows.
CAMBILL_USAGE_RAW_RETENTION_MONTHS = int(os.environ.get("CAMBILL_USAGE_RAW_RETENTION_MONTHS", "13"))
CAMBILL_USAGE_HOURLY_ROLLUP_DAYS = int(os.environ.get("CAMBILL_USAGE_HOURLY_ROLLUP_DAYS", "3"))
CELERY_TIMEZONE = "UTC"
# One queue per kind of work, so production can give each its own workers
# (`celery -A cambill worker -Q billing`, docs/scaling.md); a worker started without
# -Q consumes every queue declared here, so one worker still does everything.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = tuple(
    Queue(name, Exchange(name), routing_key=name)
    for name in ("celery", "billing", "usage", "watcher", "einvoice")
)
CELERY_TASK_ROUTES = {
    f"{prefix}.*": {"queue": queue, "routing_key": queue}
    for prefix, queue in (
        ("invoicing", "billing"),
        ("usage", "usage"),
        ("watcher", "watcher"),
        ("einvoice", "einvoice"),
    )
}
from cambill.schedule import BEAT_SCHEDULE  # noqa: E402  (documented defaults of the beat)

CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# Cache: per-process memory in the embedded default; in production set
# CACHE_URL=redis://127.0.0.1:6379/1 so rate limits (sign-up) are shared by all
# gunicorn workers.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Limits of the pages (documented in the README's configuration table).
# API throttling ("<n>/<s|m|h|d>"): generous so scripts and the demo never meet
# it; an attacker with a stolen token or a scanner does.
CAMBILL_API_RATE_TOKEN = os.environ.get("CAMBILL_API_RATE_TOKEN", "6000/m")
CAMBILL_API_RATE_ADDRESS = os.environ.get("CAMBILL_API_RATE_ADDRESS", "12000/m")
CAMBILL_SIGNUP_RATE = os.environ.get("CAMBILL_SIGNUP_RATE", "10/h")
CAMBILL_EXPORT_XLSX_MAX_ROWS = int(os.environ.get("CAMBILL_EXPORT_XLSX_MAX_ROWS", "100000"))
# Outbound HTTP to tenant-given URLs (webhooks, Watcher) never reaches loopback, private,
# link-local, multicast or metadata addresses, except the CIDRs or host names listed here
# (cambill/core/outbound.py). Empty in production; development, the demo and the tests
# allow this machine, where the fake Watcher and test receivers listen.
CAMBILL_OUTBOUND_ALLOW = env_list(
    "CAMBILL_OUTBOUND_ALLOW", "" if PRODUCTION else "127.0.0.1/32,::1/128"
)
CAMBILL_REPORT_PDF_MAX_ROWS = int(os.environ.get("CAMBILL_REPORT_PDF_MAX_ROWS", "1000"))

# Billing settings.
CAMBILL_BILL_RUN_GRACE_DAYS = int(os.environ.get("CAMBILL_BILL_RUN_GRACE_DAYS", "3"))
# Bill runs fan out over chunks of accounts (Celery tasks with a broker, in-process
# without); off: the single-process run (docs/decisions/0023-bill-run-fan-out.md).
CAMBILL_BILL_RUN_FAN_OUT = env_bool("CAMBILL_BILL_RUN_FAN_OUT", True)
CAMBILL_BILL_RUN_CHUNK = int(os.environ.get("CAMBILL_BILL_RUN_CHUNK", "2000"))
CAMBILL_PROVIDER_NAME = os.environ.get("CAMBILL_PROVIDER_NAME", "cambill Platform Ltd.")
# The provider's own Stripe account: a cloud pays its wholesale invoices by card with it.
CAMBILL_PROVIDER_STRIPE_SECRET_KEY = os.environ.get("CAMBILL_PROVIDER_STRIPE_SECRET_KEY", "")
CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = os.environ.get(
    "CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET", ""
)
# Stripe's API address (empty: Stripe's own); the demo points it at the fake Stripe.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
CAMBILL_PROVIDER_INVOICE_PREFIX = os.environ.get("CAMBILL_PROVIDER_INVOICE_PREFIX", "PRV-")
# How amounts name their currency (cambill.core.money.money_display): "code", the ISO
# code after the number ("1.234,50 USD"), or "symbol", the reader's CLDR layout with a
# symbol only where it names one currency ("US$ 1.234,50", "1.234,50 €", "COP 1,234.50").
CAMBILL_MONEY_DISPLAY = os.environ.get("CAMBILL_MONEY_DISPLAY", "code")
# The provider's time zone (IANA name): its own pages show times in it, with the zone
# named; a cloud's pages use the cloud's zone (cambill.core.display).
CAMBILL_PROVIDER_TIME_ZONE = os.environ.get("CAMBILL_PROVIDER_TIME_ZONE", "UTC")
# The provider's legal data as issuer of wholesale invoices: the initial values of its
# record (cambill.einvoice.ProviderProfile), which the provider admin edits afterwards
# (docs/decisions/0018-provider-legal-data-is-a-record.md).
CAMBILL_PROVIDER_LEGAL_NAME = os.environ.get("CAMBILL_PROVIDER_LEGAL_NAME", "")
CAMBILL_PROVIDER_TAX_ID = os.environ.get("CAMBILL_PROVIDER_TAX_ID", "")
CAMBILL_PROVIDER_ADDRESS = os.environ.get("CAMBILL_PROVIDER_ADDRESS", "")
CAMBILL_PROVIDER_EMAIL = os.environ.get("CAMBILL_PROVIDER_EMAIL", "")
CAMBILL_PROVIDER_STREET = os.environ.get("CAMBILL_PROVIDER_STREET", "")
CAMBILL_PROVIDER_CITY = os.environ.get("CAMBILL_PROVIDER_CITY", "")
CAMBILL_PROVIDER_REGION = os.environ.get("CAMBILL_PROVIDER_REGION", "")
CAMBILL_PROVIDER_POSTAL_CODE = os.environ.get("CAMBILL_PROVIDER_POSTAL_CODE", "")
CAMBILL_PROVIDER_COUNTRY = os.environ.get("CAMBILL_PROVIDER_COUNTRY", "")
# Legal e-invoices: the Fernet keys that encrypt signing keys and the regimes' secrets at
# rest, newest first (comma-separated, each 32 url-safe base64 bytes); add a new key in
# front and run `cambill einvoice_rotate_keys` to re-encrypt everything with it. Empty:
# one key derived from SECRET_KEY (development and the demo; production sets its own).
CAMBILL_EINVOICE_KEYS = env_list("CAMBILL_EINVOICE_KEYS", "")
# How many days before a signing certificate expires its issuer is told (once).
CAMBILL_EINVOICE_EXPIRY_NOTICE_DAYS = int(
    os.environ.get("CAMBILL_EINVOICE_EXPIRY_NOTICE_DAYS", "30")
)
# The sandbox tax authorities (cambill_sandbox.einvoice: the sandbox PAC, the sandbox
# DIAN) answer for issuers whose settings ask for them (``pac: sandbox``; DIAN's test
# environment, 2); True in the embedded default, the demo and the tests. In production
# set False: an issuer then always talks to its real authority.
CAMBILL_EINVOICE_SANDBOX = env_bool("CAMBILL_EINVOICE_SANDBOX", not PRODUCTION)
# Where the sandbox clients come from (looked up by name: the product never imports the
# sandbox package).
CAMBILL_EINVOICE_SANDBOX_CLIENTS = os.environ.get(
    "CAMBILL_EINVOICE_SANDBOX_CLIENTS", "cambill_sandbox.einvoice.clients.client_for"
)
# EN 16931 (issue #20): EU VAT ids are checked offline with python-stdnum; True also asks
# the EU's VIES service when a party on eu-peppol or eu-facturx changes its VAT id.
CAMBILL_EINVOICE_VIES = env_bool("CAMBILL_EINVOICE_VIES", False)
# A Peppol access point's REST API for issuers with ``access_point: rest`` (the AS4
# provider sends the documents; cambill.einvoice.regimes.eu_peppol.client).
CAMBILL_PEPPOL_AP_URL = os.environ.get("CAMBILL_PEPPOL_AP_URL", "")
CAMBILL_PEPPOL_AP_TOKEN = os.environ.get("CAMBILL_PEPPOL_AP_TOKEN", "")
# Submissions answered "unavailable" are tried again after 1, 2, 4 ... minutes, at most
# this many times in all; then the document is ``failed`` until someone retries it.
CAMBILL_EINVOICE_MAX_ATTEMPTS = int(os.environ.get("CAMBILL_EINVOICE_MAX_ATTEMPTS", "8"))
# Spain's Verifactu (docs/decisions/0022): where the records go: "sandbox" (the sandbox
# AEAT; the default while CAMBILL_EINVOICE_SANDBOX is on), "test" (AEAT's pre-production)
# or "production"; CAMBILL_VERIFACTU_URL overrides the endpoint. The SistemaInformatico
# block names cambill and its producer (a Spanish NIF, or "cambill" as another id) and
# this installation.
CAMBILL_VERIFACTU_ENVIRONMENT = os.environ.get(
    "CAMBILL_VERIFACTU_ENVIRONMENT", "sandbox" if CAMBILL_EINVOICE_SANDBOX else "production"
)
CAMBILL_VERIFACTU_URL = os.environ.get("CAMBILL_VERIFACTU_URL", "")
CAMBILL_VERIFACTU_TIMEOUT = float(os.environ.get("CAMBILL_VERIFACTU_TIMEOUT", "60"))
CAMBILL_VERIFACTU_PRODUCER_NAME = os.environ.get("CAMBILL_VERIFACTU_PRODUCER_NAME", "cambill")
CAMBILL_VERIFACTU_PRODUCER_NIF = os.environ.get("CAMBILL_VERIFACTU_PRODUCER_NIF", "")
CAMBILL_VERIFACTU_INSTALLATION = os.environ.get("CAMBILL_VERIFACTU_INSTALLATION", "1")
CAMBILL_INVOICE_NUMBER_WIDTH = int(os.environ.get("CAMBILL_INVOICE_NUMBER_WIDTH", "6"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "billing@cambill.local")
# The outbox (cambill.notifications) sends through this SMTP server; set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend in production.
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# The address of this installation as subscribers reach it (links in e-mails).
CAMBILL_PUBLIC_URL = os.environ.get("CAMBILL_PUBLIC_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# --- security (portals) ---
# Login throttling (django-axes): 5 failed sign-ins for one username from one
# address lock that pair out for 15 minutes. The first backend only watches
# attempts (a thin subclass of AxesStandaloneBackend that also accepts calls
# without a request); ModelBackend checks the password. API tokens do not go
# through these backends and are not throttled here.
AUTHENTICATION_BACKENDS = [
    "cambill.web.core.security.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cambill.web.core.security.lockout_response"
# Two-factor (django-otp TOTP): provider staff must enrol and verify a code
# after the password. Off by default in the embedded demo so demo users sign in
# with the printed password; on by default in production.
CAMBILL_REQUIRE_2FA_FOR_STAFF = env_bool("CAMBILL_REQUIRE_2FA_FOR_STAFF", PRODUCTION)
OTP_TOTP_ISSUER = "cambill"
# Content-Security-Policy (django-csp): no inline scripts or styles anywhere;
# the API docs page relaxes only what it needs, on that view alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
