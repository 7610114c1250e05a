"""Benchmark settings: production-like (DEBUG off) on a throw-away database, plus a bare view."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdef")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")
os.environ["DJANGO_DEBUG"] = "0"

from portal.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
WHITENOISE_AUTOREFRESH = True  # static files are not what is measured
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False  # measured over plain http on the loopback
STORAGES = {
    "default": {"BACKEND": "portal.lib.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
PORTAL_REQUIRE_MFA_FOR_COORDINATORS = False  # the benchmark logs in without a second factor
