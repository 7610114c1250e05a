"""The indicators app: its rules and its dashboard panel are registered at start-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from portal import dashboard as registry

        from . import permissions  # noqa: F401  (registers the app's rules)
        from .dashboard import panel

        registry.register(panel)
