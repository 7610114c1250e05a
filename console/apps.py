"""The coordinator console app: its rules, its audit receivers and its system checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "console"
    verbose_name = _("Coordinator console")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (the single-sign-on configuration check)
            permissions,  # noqa: F401  (registers the app's rules)
            signals,  # noqa: F401  (logins, logouts, MFA and SSO changes into the audit trail)
        )
