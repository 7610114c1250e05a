"""The follow-up reports app: versions of the annual report, built in the background."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Follow-up reports")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's rules)
