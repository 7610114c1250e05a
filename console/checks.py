"""System check: organisation sign-in apps live in the database only (PITFALLS.md: the same
app in settings and in the database breaks allauth, #3495 and #3564)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def sso_apps_only_in_database(app_configs=None, **kwargs):
    configured = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}) or {}
    return [
        checks.Error(
            f"SOCIALACCOUNT_PROVIDERS[{name!r}] configures apps in settings.",
            hint="Configure each organisation's sign-in in the console (database) only.",
            id="console.E001",
        )
        for name, config in configured.items()
        if "APP" in config or "APPS" in config
    ]
