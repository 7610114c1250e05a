"""Production settings pass Django's deployment check with nothing to report, and the headers
and cookies they promise are on the responses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(tmp_path, **extra: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` in a fresh process with only production variables set."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_SECRET_KEY": "k5T7-production-like-secret-" + "q9Zr" * 10,
        "DJANGO_ALLOWED_HOSTS": "yhdyspinta.example.fi",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        **extra,
    }
    return subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_reports_nothing_behind_a_proxy(tmp_path):
    result = deploy_check(
        tmp_path,
        DJANGO_BEHIND_PROXY="1",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://yhdyspinta.example.fi",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_switching_the_redirect_off_is_an_explicit_choice_the_check_names(tmp_path):
    result = deploy_check(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.django_db
def test_responses_carry_the_security_headers(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_session_cookies_are_secure_and_http_only_in_production(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SECRET_KEY": "k5T7-production-like-secret-" + "q9Zr" * 10,
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    code = (
        "from portal import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000"]


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    return subprocess.run(  # noqa: S603 - the test's own command line
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_code_tools_run_without_a_secret_key_but_nothing_else_does():
    assert _manage("check").returncode == 0
    assert _manage("makemigrations", "--check", "--dry-run").returncode == 0
    deploy = _manage("check", "--deploy")
    assert deploy.returncode != 0 and "portal.E001" in deploy.stderr
    refused = _manage("migrate", "--plan")
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY must be set" in refused.stderr
