"""Settings shared by every environment. Everything is read from the environment through ``env``;
``.env.example`` lists each variable."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RUN_DIR = BASE_DIR / ".run"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghij")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "template_partials",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "pgtrigger",
    "pghistory",
    "captcha",
    # ours
    "apps.core",
    "apps.accounts",
    "apps.employees",
    "apps.indicators",
    "apps.daily_reports",
    "apps.evaluations",
    "apps.trainings",
    "apps.public_feedback",
    "apps.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.audit.AuditMiddleware",
    "apps.core.middleware.PublicOrLoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "apps.accounts.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "apps.core.middleware.FriendlyErrorsMiddleware",
]

ROOT_URLCONF = "asn_kinerja.urls"
WSGI_APPLICATION = "asn_kinerja.wsgi.application"
ASGI_APPLICATION = "asn_kinerja.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "apps.core.context_processors.site",
                "apps.core.context_processors.notifications",
            ],
            "builtins": ["apps.core.templatetags.access"],
        },
    },
]

# --- Database: DATABASE_URL, or the embedded PostgreSQL (asn_kinerja/embedded.py). Never SQLite.
if env("DATABASE_URL", default=""):
    DATABASE_URL = env("DATABASE_URL")
else:
    from asn_kinerja.embedded import embedded_database_url

    DATABASE_URL = embedded_database_url(BASE_DIR)
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASES["default"].setdefault("OPTIONS", {})
# Check a reused connection before use (with the pool: before the pool hands it out), so that a
# restarted server or killed backends cost a failed check and a reconnect, not a 503.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DB_POOL = env.bool("DB_POOL", default=True)
if DB_POOL:
    # psycopg 3 pool; Django requires CONN_MAX_AGE=0 with it. While PostgreSQL is down a request
    # waits `timeout` seconds for a connection and then gets the 503 page: keep it short. The pool
    # reconnects in the background with a doubling delay until `reconnect_timeout`, then starts
    # over at the next request. With psycopg's default of 5 minutes the site kept answering 503
    # long after the server was back (21 s more after a 40 s outage, minutes after longer ones).
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env.int("DB_POOL_MIN", default=1),
        "max_size": env.int("DB_POOL_MAX", default=10),
        "timeout": env.int("DB_POOL_TIMEOUT", default=5),
        "reconnect_timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache lives in PostgreSQL so that login rate limits and sessions keep working while
# Redis is down (Redis is only the Celery broker).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sikap_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "account_login"

# --- allauth: login with NIP (the username) or email; no self sign-up (BKPSDM creates accounts).
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"login": "apps.accounts.forms.LoginForm"}
# Ten failed logins from one address (or against one account) within 15 minutes answer 429.
# Behind a TLS proxy, the client's address is the proxy's unless allauth knows how many proxies
# stand in front (X-Forwarded-For); without it one shared limit would lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS = {
    # allauth's default of 30 sign-ins a minute per address would refuse a whole office behind one
    # NAT address at 07:30 (a 20,000-employee city signs in about 100 times a minute at its peak).
    "login": "300/m/ip",
    "login_failed": "10/15m/ip,10/15m/key",
    "reset_password": "20/m/ip,5/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("SIKAP_GOVERNMENT_SHORT_NAME", default="SIKAP ASN")
# Supervisors, admins and leaders must set up TOTP before using the app.
SIKAP_MFA_ENFORCED = env.bool("SIKAP_MFA_ENFORCED", default=True)
# Off: tracking rewrites the session row on every signed-in request (5 of ~10 queries a page).
USERSESSIONS_TRACK_ACTIVITY = False

# --- Internationalisation: Indonesian first, English available, WIB.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = None  # collected only for production (prod.py)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No form takes more than 3 files: Django stops reading a request with more than this (a 400).
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Email: console in development; SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SIKAP ASN <noreply@localhost>")

# --- Celery: Redis when REDIS_URL is set, otherwise an embedded file-system broker in .run/.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"socket_connect_timeout": 3, "socket_timeout": 5, "max_retries": 1}
    if REDIS_URL
    else {
        "data_folder_in": str(RUN_DIR / "broker"),
        "data_folder_out": str(RUN_DIR / "broker"),
        "processed_folder": str(RUN_DIR / "broker-processed"),
        "control_folder": str(RUN_DIR / "broker-control"),
        "store_processed": False,
    }
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# --- The deployed government: settings, never code (DESIGN.md "Any government").
SIKAP_GOVERNMENT_NAME = env("SIKAP_GOVERNMENT_NAME", default="Pemerintah Kota Palembang")
SIKAP_GOVERNMENT_SHORT_NAME = env("SIKAP_GOVERNMENT_SHORT_NAME", default="Kota Palembang")
SIKAP_GOVERNMENT_ADDRESS = env("SIKAP_GOVERNMENT_ADDRESS", default="Jl. Merdeka No. 1, Palembang, Sumatera Selatan")
SIKAP_GOVERNMENT_LOGO = env("SIKAP_GOVERNMENT_LOGO", default="img/logo.svg")
SIKAP_AGENCY_NAME = env("SIKAP_AGENCY_NAME", default="BKPSDM")
# The public address of this deployment, for links in emails sent by background work.
SIKAP_SITE_URL = env("SIKAP_SITE_URL", default="http://127.0.0.1:8000")
# Rate limits key on the client's address; behind our own reverse proxy, trust its X-Forwarded-For.
SIKAP_TRUST_X_FORWARDED_FOR = env.bool("SIKAP_TRUST_X_FORWARDED_FOR", default=False)
CAPTCHA_IMAGE_SIZE = (160, 50)
CAPTCHA_FONT_SIZE = 32
CAPTCHA_LENGTH = 5
# The benchmark baseline view exists only where this is on (bench settings).
SIKAP_BENCH_BASELINE = False

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.api_auth.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SIKAP ASN API",
    "DESCRIPTION": "Sistem Informasi Kinerja dan Pembinaan ASN",
    "VERSION": "1",
    # two models have a "kind" field; name their enums so the schema stays stable and warning-free
    "ENUM_NAME_OVERRIDES": {
        "OrgUnitKindEnum": "apps.employees.models.OrgUnitKind",
        "RhkKindEnum": "apps.indicators.models.RhkKind",
        "StatusEnum": "apps.indicators.models.SkpStatus",
        "EvaluationStatusEnum": "apps.evaluations.models.EvaluationStatus",
        "RatingEnum": "apps.indicators.models.Rating",
        "SessionStatusEnum": "apps.trainings.models.SessionStatus",
        "EnrollmentStatusEnum": "apps.trainings.models.EnrollmentStatus",
        "EnrollmentSourceEnum": "apps.trainings.models.EnrollmentSource",
        "JpSourceEnum": "apps.trainings.models.JpSource",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

# --- Content Security Policy: same-origin only, no inline script (nonces where a library needs one).
from csp.constants import NONCE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": ["'none'"],
        "base-uri": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
    }
}

SESSION_ENGINE = "apps.core.sessions"  # Django's database sessions, read with compiled SQL
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
}
