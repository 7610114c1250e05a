"""Settings for Yhdyspinta.

Only this module reads the environment. Every variable is listed in README.md and
.env.example; a malformed value stops the process at start-up instead of being guessed.
"""

import secrets
from email.utils import parseaddr
from pathlib import Path
from typing import Literal

import environ
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

# This node's own folder: the SQLite database, development mail, static files, the file broker.
# Never shared between web nodes; what they share is PORTAL_FILE_STORAGE (below).
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# manage.py commands that only read the code (check, makemigrations, makemessages…) run
# without a key: nothing they do is signed. `check --deploy` still reports the missing key.
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if SECRET_KEY_MISSING:
    if not env.bool("PORTAL_CODE_TOOL", default=False):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production)."
        )
    SECRET_KEY = secrets.token_urlsafe(50)
elif not SECRET_KEY:
    SECRET_KEY = "development-only-not-secret-" + "x" * 32  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Absolute base for links in mails and calendar invitations (no request at hand in a worker).
SITE_URL = env.str("PORTAL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "guardian",
    "csp",
    "django_htmx",
    "portal",
    "organisations",
    "forums",
    "meetings",
    "workgroups",
    "indicators",
    "reports",
    "console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.CoordinatorMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After CSPMiddleware: lets a page that offers organisation sign-in post to the IdP.
    "console.middleware.SignInFormActionMiddleware",
    "portal.middleware.RefusalLogMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Form widgets render through the project's templates, so that one override
# (templates/django/forms/widgets/select_option.html) words every select's empty choice.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
                # After Django's own csrf processor: one token a request (portal.pagecache).
                "portal.pagecache.csrf",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the Celery worker share the file; IMMEDIATE
    # transactions take the write lock at BEGIN, so a transaction that reads first never fails
    # with "database is locked" when it later writes (a deferred one cannot wait for the lock).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user row: the public sees public pages only

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
    },
    {
        "NAME": "portal.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail and password, invitation only (see portal.adapters).
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
_RATE_LIMITS = env.bool("PORTAL_RATE_LIMITS", default=True)
ACCOUNT_RATE_LIMITS = _RATE_LIMITS and {
    # Every login form POST from one address (a municipality's office shares one).
    "login": "120/m/ip",
    # Failed logins are judged by portal.login_limits (PORTAL_LOGIN_LIMITS below), not by
    # allauth's per-address and per-account counts, which refuse the right password too.
    "login_failed": "",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Failures allowed (count, seconds) per key; over it the attempt is refused unchecked.
# README: Permissions → Logging in.
PORTAL_LOGIN_LIMITS: dict[str, tuple[int, int]] = (
    {
        "device": (10, 15 * 60),  # a browser that logged in to this account before
        "pair": (5, 15 * 60),  # the account from one address (unknown browsers)
        "account": (20, 60 * 60),  # the account from every unknown browser together
        "address": (100, 15 * 60),  # one address over all accounts (a shared office NAT)
    }
    if _RATE_LIMITS
    else {}
)
# Single sign-on per organisation (OpenID Connect, e.g. each party's Entra ID tenant): one
# SocialApp per organisation, configured by coordinators in the console and stored in the
# database only -- never also here (allauth #3495, #3564). See console/sso.py.
SOCIALACCOUNT_ADAPTER = "console.sso_adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# An e-mail claim never identifies a person ("nOAuth"): match by provider and subject only.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yhdyspinta"
# Coordinators must set up TOTP before using the portal (off in development by default).
PORTAL_REQUIRE_MFA_FOR_COORDINATORS = env.bool(
    "PORTAL_REQUIRE_MFA_FOR_COORDINATORS", default=not DEBUG
)
# Invitation links (portal.invitations) expire after this many days.
PORTAL_INVITATION_DAYS = env.int("PORTAL_INVITATION_DAYS", default=7)

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("en", _("English")),
    # Swedish: add ("sv", _("Swedish")) and a locale/sv catalogue (make messages LANG=sv).
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and time format per language, pages and mails alike (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads have no public URL; they are served by permission-checked views (portal.lib.files).
    "default": {"BACKEND": "portal.lib.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Every file the portal keeps -- uploads and report PDFs -- lives under one folder that all web
# nodes and workers share (a shared volume / network file system in a multi-node deployment).
for _replaced in ("PORTAL_MEDIA_ROOT", "PORTAL_REPORTS_ROOT"):
    if env.str(_replaced, default=""):
        raise ImproperlyConfigured(
            f"{_replaced} is replaced by PORTAL_FILE_STORAGE: move the uploads into "
            "$PORTAL_FILE_STORAGE/uploads and the report PDFs into $PORTAL_FILE_STORAGE/reports."
        )
PORTAL_FILE_STORAGE = Path(env.str("PORTAL_FILE_STORAGE", default=str(VAR_DIR / "files")))
# Uploaded files, under random names; no URL serves this folder (portal.lib.files.serve).
MEDIA_ROOT = PORTAL_FILE_STORAGE / "uploads"
# Follow-up report PDFs; served only by reports.views.download.
PORTAL_REPORTS_ROOT = PORTAL_FILE_STORAGE / "reports"
# Who sends a file's bytes after the permission check: Django itself, or the web server in front
# (nginx: X-Accel-Redirect to PORTAL_FILE_INTERNAL_URL, an `internal` location aliased to
# PORTAL_FILE_STORAGE/uploads/; Apache mod_xsendfile / lighttpd: X-Sendfile with the path).
PORTAL_FILE_SERVING = env.str("PORTAL_FILE_SERVING", default="django")
if PORTAL_FILE_SERVING not in ("django", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured(
        "PORTAL_FILE_SERVING must be django, x-accel-redirect or x-sendfile, "
        f"not {PORTAL_FILE_SERVING!r}."
    )
PORTAL_FILE_INTERNAL_URL = env.str("PORTAL_FILE_INTERNAL_URL", default="/protected-files/")
if not (PORTAL_FILE_INTERNAL_URL.startswith("/") and PORTAL_FILE_INTERNAL_URL.endswith("/")):
    raise ImproperlyConfigured("PORTAL_FILE_INTERNAL_URL must begin and end with '/'.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Mail: development writes each message to a file a person can open (var/mail/).
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.filebased.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_FILE_PATH = env.path("DJANGO_EMAIL_FILE_PATH", default=VAR_DIR / "mail")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("DJANGO_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Yhdyspinta <yhdyspinta@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Who answers accessibility feedback (the accessibility statement, Act 306/2019 § 15): by default
# the portal's own sender address; a phone number and the responsible unit's name are optional.
PORTAL_ACCESSIBILITY_EMAIL = env.str(
    "PORTAL_ACCESSIBILITY_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1]
)
PORTAL_ACCESSIBILITY_PHONE = env.str("PORTAL_ACCESSIBILITY_PHONE", default="")
PORTAL_ACCESSIBILITY_CONTACT = env.str("PORTAL_ACCESSIBILITY_CONTACT", default="")
try:
    validate_email(PORTAL_ACCESSIBILITY_EMAIL)
except ValidationError as error:
    raise ImproperlyConfigured(
        f"PORTAL_ACCESSIBILITY_EMAIL is not an e-mail address: {PORTAL_ACCESSIBILITY_EMAIL!r}"
    ) from error

# Celery. Without a broker, tasks run in-process through the same delay_on_commit path.
_BROKER = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not _BROKER
# Celery acquires a producer even for in-process tasks; the in-memory transport keeps kombu
# from guessing at a broker on localhost.
CELERY_BROKER_URL = _BROKER or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Redis hands a message back when its worker has not acknowledged it for this long: a task held
# by a worker that was killed (celery #4984) comes back after it. It must exceed the longest time
# a message is legitimately held unacknowledged: the longest retry countdown (8 min 15 s,
# portal.tasks) + a report build ahead of it in the same worker slot (10 min) + its own time
# limit (10 min) = 28 min 15 s. Set in every place Celery reads one; the shortest would win.
PORTAL_BROKER_VISIBILITY_TIMEOUT = env.int("PORTAL_BROKER_VISIBILITY_TIMEOUT", default=30 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
    "visibility_timeout": PORTAL_BROKER_VISIBILITY_TIMEOUT,
    # kombu sweeps the unacknowledged set every interval × throttle seconds (default 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 6,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": PORTAL_BROKER_VISIBILITY_TIMEOUT}
# A message redelivered because its worker died runs at most this many times (celery #9082).
PORTAL_TASK_MAX_DELIVERIES = env.int("PORTAL_TASK_MAX_DELIVERIES", default=3)
if _BROKER.startswith("filesystem://"):
    # `make run`: kombu's filesystem transport, a broker that needs no server. Producers and the
    # worker share one folder; a message is a file (PITFALLS.md: a task held by a killed worker
    # is lost, the periodic sweeps hand back its outbox or report row).
    _BROKER_DIR = Path(env.str("PORTAL_BROKER_DIR", default=str(VAR_DIR / "broker")))
    for _folder in ("queue", "control"):
        (_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Meetings: reminders go this many hours before a meeting starts.
PORTAL_MEETING_REMINDER_HOURS = env.int("PORTAL_MEETING_REMINDER_HOURS", default=24)
# Periodic jobs: each is daily or monthly and idempotent ("make sure X is done for period P"),
# so a lost beat schedule file never skips a yearly duty. Exactly one beat process runs them.
CELERY_BEAT_SCHEDULE: dict = {
    "requeue-stale-emails": {
        "task": "portal.tasks.requeue_stale_emails",
        "schedule": 600.0,
    },
    # Hourly; each meeting is reminded once per start time (conditional UPDATE).
    "meeting-reminders": {
        "task": "meetings.tasks.send_meeting_reminders",
        "schedule": 3600.0,
    },
    # Daily; mails each body's conveners once a month what is at risk in the rhythm watch.
    "meeting-rhythm-alerts": {
        "task": "meetings.tasks.send_rhythm_alerts",
        "schedule": 24 * 3600.0,
    },
    # Daily; the agreement's review reminders (90 and 30 days before, and overdue), each once.
    "agreement-review-reminders": {
        "task": "forums.tasks.send_agreement_review_reminders",
        "schedule": 24 * 3600.0,
    },
    # Daily; in April each party with missing metric values for the year before gets one reminder.
    "indicator-reminders": {
        "task": "indicators.tasks.send_missing_value_reminders",
        "schedule": 24 * 3600.0,
    },
    # Daily; from 1 May the previous year's follow-up report draft exists, coordinators told.
    "report-yearly-draft": {
        "task": "reports.tasks.ensure_yearly_report_draft",
        "schedule": 24 * 3600.0,
    },
    # Every 10 min; report builds whose worker died are marked failed so they can be retried.
    "report-stuck-builds": {
        "task": "reports.tasks.sweep_stuck_report_builds",
        "schedule": 600.0,
    },
}

CACHES = {
    "default": (
        env.cache_url("DJANGO_CACHE_URL")
        if env.str("DJANGO_CACHE_URL", default="")
        else {
            # allauth's rate limits need a cache shared by all processes: the database one.
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            # Kept pages are one entry per person and page (portal.pagecache).
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    )
}
# How long a rendered page is kept for the same data (seconds; 0: never kept). Any write of
# domain data retires kept pages at once; this bounds what time alone changes.
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)

# Security headers and cookies (OWASP ASVS 3.4, 14.4).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE: Literal["Lax", "Strict", "None", False] | None = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Secure by default in production: https only, and browsers told to keep to it for a year.
# A proxy that redirects to https itself may switch the redirect off; /healthz answers on http
# for load balancers and container health checks.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The header's "preload" token only consents; the domain joins browsers' preload lists only when
# its owner submits it (hstspreload.org), a deliberate step of its own.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every typesetting step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # In-process tasks (no broker) would print a line per mail into the dev server's log.
        "celery.app.trace": {"level": "INFO" if _BROKER else "WARNING"},
    },
}
