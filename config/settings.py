"""Settings for the low back pain intake and triage app: one file, driven by the environment.

Every setting that differs between a laptop and a clinic's server is read from an
environment variable with a safe development default; README.md lists them all.
With DEBUG off the app refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (a long random string) when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"
# Old keys, comma-separated, still accepted for signatures (sessions, intake cookies)
# after a key rotation; drop them once PATIENT_SESSION_IDLE_MINUTES (2 hours) has passed.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The URL patients and e-mails use to reach the app, e.g. https://intake.example-clinic.org
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The clinic whose intake `/` starts.
DEFAULT_CLINIC_SLUG = env("DEFAULT_CLINIC_SLUG", "demo")
# How often the clinician queue asks whether new cases arrived (seconds).
DASHBOARD_POLL_SECONDS = int(env("DASHBOARD_POLL_SECONDS", "30"))

INSTALLED_APPS = [
    # The admin site, but requiring the second factor like every staff page.
    "accounts.admin_site.MFAAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "audit",
    "accounts",
    "intake",
    "triage",
    "interop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RequestIdMiddleware",
    "config.middleware.ResponseHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database ---

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A hung query fails the request instead of holding a worker forever.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={int(env('DB_STATEMENT_TIMEOUT_MS', '15000'))}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes' INCLUDE columns matter only on PostgreSQL; SQLite ignores them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- authentication ---

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:queue"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock out a username from one address after repeated failures, then let it cool off.
# Username and address together: an attacker cannot lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(env("AXES_COOLOFF_MINUTES", "20")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failed passwords from one address, whatever the username, before that address is refused
# for the rest of the window (credential stuffing; accounts.services). A clinic's shared
# connection stays far below it.
LOGIN_FAILURES_PER_IP = env("LOGIN_FAILURES_PER_IP", "30/h")
# Attempts during a lockout are refused without restarting the cool-off clock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

# Second factor (TOTP, with single-use backup codes) for every staff login. On whenever
# DEBUG is off; MFA_REQUIRED=0 turns it off explicitly (demos, benchmarks).
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Back pain intake")
MFA_BACKUP_CODES = 10

# --- sessions ---
# Staff: 30 minutes idle (sliding, saved on every request) and 12 hours absolute
# (accounts.middleware). Patients: a longer idle window, because their answers are kept
# server-side in a Draft and a patient in pain may pause; see README "Security".
SESSION_COOKIE_AGE = int(float(env("STAFF_SESSION_IDLE_MINUTES", "30")) * 60)
# The idle window restarts at most this often (accounts/middleware.py), saving a session
# write on every page view; sessions end at most this much before the full idle time.
SESSION_REFRESH_SECONDS = 60
STAFF_SESSION_MAX_AGE = int(float(env("STAFF_SESSION_MAX_HOURS", "12")) * 3600)
PATIENT_SESSION_AGE = int(float(env("PATIENT_SESSION_IDLE_MINUTES", "120")) * 60)
# A patient's browser holds its draft through this signed cookie (intake/browser.py),
# which lives PATIENT_SESSION_AGE from the last activity; flags as the session cookie's.
INTAKE_COOKIE_NAME = "intake"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie (forms carry the token), so hide it from scripts too.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- client address, request size and anonymous rate limits ---

# How many reverse proxies in front of the app append to X-Forwarded-For. 0: use the
# socket address (the header is ignored, since anyone can send it).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
# The intake forms are small; refuse bigger bodies early (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(256 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(env("DATA_UPLOAD_MAX_NUMBER_FIELDS", "300"))
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Final intake submissions, counted in the database so every worker shares the count.
INTAKE_RATE_PER_IP = env("INTAKE_RATE_PER_IP", "20/h")
INTAKE_RATE_GLOBAL = env("INTAKE_RATE_GLOBAL", "600/h")

# --- internationalisation ---

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- static files (Bootstrap is vendored in static/vendor; nothing loads from a CDN) ---

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.storage.StaticFilesStorage"
    },
}


def _static_file_headers(headers: dict[str, str], path: str, url: str) -> None:
    """Static files stay cacheable (hashed names in production) but are never indexed."""
    headers["X-Robots-Tag"] = "noindex, nofollow"


WHITENOISE_ADD_HEADERS_FUNCTION = _static_file_headers

# Per-process memory cache. It holds clinic records for a minute and the rendered HTML of
# blank intake steps (the same for everyone); never patient data, so it needs no sharing
# between servers.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lbp"}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- e-mail (console by default; SMTP when EMAIL_HOST is set) ---

EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "intake@localhost")

# --- browser security headers ---

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- production profile (DEBUG off): HTTPS only, secure cookies ---

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # 0 when the proxy redirects itself
    # Load balancers probe these over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    if not SECURE_SSL_REDIRECT:
        # The operator said the proxy redirects HTTP to HTTPS; the check would only repeat it.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix pins cookies to this host, path / and HTTPS (ASVS 3.3.1).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    INTAKE_COOKIE_NAME = "__Host-intake"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Set only when the reverse proxy overwrites X-Forwarded-Proto on every request.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- logging: one line per event to stderr; never answers, names or tokens ---
# config.logging formats key=value lines, escapes control characters (no forged lines)
# and drops query strings and secrets. Django's own loggers go through the same handler,
# and nothing is e-mailed (tracebacks can carry request data).

LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "config.logging.RedactFilter"}},
    "formatters": {"keyvalue": {"()": "config.logging.KeyValueFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "keyvalue", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # SQL with its parameters (patient data) is logged at DEBUG: never let it through.
        "django.db.backends": {"level": "INFO"},
    },
}
AXES_VERBOSE = False
