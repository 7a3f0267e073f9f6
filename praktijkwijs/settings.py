"""Settings for PraktijkWijs, read from the environment (one module for every machine).

Development needs nothing set: DEBUG is on, the database is an SQLite file in the project
folder and the demo logins are shown. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL (see README.md).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-praktijkwijs"  # noqa: S105 - never used with DEBUG off

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

# Demo mode shows the demo logins on the login page. Never on in production.
DEMO_MODE = env_bool("DEMO_MODE", DEBUG)

# The public address printed on a verklaring (QR code and verification URL).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Origins allowed to POST forms (scheme + host), needed behind a proxy on another host name.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "praktijkwijs",
    "werkopdrachten",
    "trajecten",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session middleware, so a database outage while loading or saving a session
    # still ends in the friendly 503 page.
    "praktijkwijs.middleware.DatabaseOnbereikbaarMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "praktijkwijs.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "praktijkwijs.taal.NederlandsTenzijGekozenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: they log out expired sessions (with a message) and hold back
    # users who still owe their two-factor code.
    "praktijkwijs.middleware.SessieDuurMiddleware",
    "praktijkwijs.middleware.TweeStapsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "praktijkwijs.urls"
WSGI_APPLICATION = "praktijkwijs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "praktijkwijs.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'praktijkwijs.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it is made for long analytical queries. For this app's short ones it
    # cost more than it saved (9 of the 24 ms of the aanvragen board's counts at national scale).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "praktijkwijs.User"
# ModelBackend with django-axes' lockout check in front: a locked-out username is refused before
# its password is even checked; inactive users are refused on their next request.
AUTHENTICATION_BACKENDS = ["praktijkwijs.beveiliging.InlogBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Invitation links (set-password links) stay valid for three days. Django's token includes the
# password hash and last login, so a link stops working once it has been used.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# -- Login protection (django-axes): a username is locked after repeated failures, for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Per username, not per IP address: a whole office behind one NAT address (or everybody, behind
# a proxy that hides client addresses) must not be locked out by one person's typos. Guessing
# across many usernames from one address is slowed by the login view's own per-IP rate limit
# (LOGIN_POGINGEN_PER_IP), which is why axes' warning about this choice is silenced below.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_POGINGEN_PER_IP = int(os.environ.get("LOGIN_POGINGEN_PER_IP", "100"))  # per 15 minutes
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "praktijkwijs.views.geblokkeerd"
AXES_HTTP_RESPONSE_CODE = 429
# Logins are logged by praktijkwijs.signals (ids and IP only); axes keeps only the failures it
# needs to count, not a second log of every login with user agents.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# -- Sessions. Everyone is logged out after 12 hours at the latest; staff (coördinator,
# beoordelaar, superuser) also after 30 idle minutes (praktijkwijs.middleware.SessieDuurMiddleware).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSIE_MAX_INACTIEF = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF token reaches htmx through the page (hx-headers), so scripts never need the cookie.
CSRF_COOKIE_HTTPONLY = True

# -- Two-factor login (TOTP) for coördinatoren, beoordelaars and superusers: on by default in
# production, never in demo mode (the demo logins must work with the password alone). A user who
# set up 2FA voluntarily is always asked for a code.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG) and not DEMO_MODE
TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "PraktijkWijs")

# -- Retention (python manage.py bewaartermijn): years after the last traject ended.
BEWAARTERMIJN_JAREN = int(os.environ.get("BEWAARTERMIJN_JAREN", "7"))

# -- HTTPS and security headers. Production (DEBUG off) is HTTPS only.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files (htmx, Bootstrap) with the per-request nonce; no inline
# script, no eval. Style attributes (progress bar widths) are allowed, <style> elements are not:
# htmx's own indicator <style> is switched off in base.html (htmx-config meta tag).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"  # never served directly: documents go through views that check access

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# -- Media: S3-compatible storage (django-storages) when a bucket is configured, so every app
# server and the worker see the same files. Issued PDFs are only ever read through
# default_storage / FileField (never a filesystem path), so any storage works.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            # Read by boto3 from the environment as well; set here so one place shows them.
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Private: PDFs are served through a view that checks access, never from the bucket.
            # MEDIA_S3_DEFAULT_ACL= (empty) sends no ACL, for buckets with ACLs disabled.
            "default_acl": os.environ.get("MEDIA_S3_DEFAULT_ACL", "private") or None,
            "querystring_auth": True,
            # An issued PDF is never replaced: a name clash gets a new name, not an overwrite.
            "file_overwrite": False,
        },
    }

# -- Cache and sessions: shared by every app server when REDIS_URL is set (rate limits count
# there, so all servers count together). Without it: this process's memory, fine for one
# development server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, keeping its redis-py client (praktijkwijs/cache.py).
            "BACKEND": "praktijkwijs.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "praktijkwijs",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# cached_db: reads come from Redis, writes go through to the database, so restarting Redis logs
# nobody out. Without Redis: the database (never one process's memory).
SESSION_ENGINE = os.environ.get(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db",
)

# -- Background work (Django's tasks framework). Immediate (inside the request) unless
# TASKS_BACKEND names a queue, e.g. django_tasks_db.DatabaseBackend with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND") or "django.tasks.backends.immediate.ImmediateBackend",
    }
}
# Approving a verklaring queues its PDF (trajecten.tasks) instead of rendering it in the request.
# Only worth it with a real queue; with the immediate backend it runs right after the commit.
VERKLARING_UITGEVEN_OP_ACHTERGROND = env_bool("VERKLARING_UITGEVEN_OP_ACHTERGROND", False)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PraktijkWijs <noreply@praktijkwijs.nl>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls the error colour "danger"

# Application logs hold ids and IP addresses only: no names, no passwords, no request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "praktijkwijs.beveiliging": {"level": "INFO"},
        # Axes would log usernames on every attempt; our own login log is enough.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
