"""The one place where tests override settings."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789abcdef")
os.environ["DJANGO_DEBUG"] = "0"
# The PostgreSQL CI run sets PORTAL_TEST_CELERY_WORKER=1 for the tests that use a real worker;
# everywhere else tasks run in-process and the broker is not needed.
REAL_WORKER = os.environ.get("PORTAL_TEST_CELERY_WORKER") == "1"
if not REAL_WORKER:
    os.environ.pop("CELERY_BROKER_URL", None)

from portal.settings import *  # noqa: E402, F403
from portal.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("PORTAL_TEST_MAIL_DIR"):
    # A worker started by tests/portal/test_worker_kill.py writes its mail where the test reads.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["PORTAL_TEST_MAIL_DIR"]
ACCOUNT_RATE_LIMITS = False
PORTAL_LOGIN_LIMITS = {}  # test_login_limits.py turns them on
PORTAL_REQUIRE_MFA_FOR_COORDINATORS = False  # test_mfa.py proves it with the setting on
CELERY_TASK_ALWAYS_EAGER = not REAL_WORKER
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages are built anew in tests; tests/portal/test_cache_*.py turn keeping them on.
PORTAL_PAGE_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "portal.lib.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SITE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic in tests
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PORTAL_TEST_DB_NAME") or None}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
# Uploads and report PDFs of this test process go to a throw-away folder, never to var/files.
# (Processes started by tests/portal/test_scale_out.py are given one shared folder instead.)
PORTAL_FILE_STORAGE = Path(
    os.environ.get("PORTAL_FILE_STORAGE") or tempfile.mkdtemp(prefix="yhdyspinta-files-")
)
MEDIA_ROOT = PORTAL_FILE_STORAGE / "uploads"
PORTAL_REPORTS_ROOT = PORTAL_FILE_STORAGE / "reports"
# The test client speaks http; test_deploy_check.py proves the production defaults.
SECURE_SSL_REDIRECT = False
