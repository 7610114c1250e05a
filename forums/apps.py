"""The forums app: its rules and its dashboard panel are registered at start-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from portal import dashboard

        from . import permissions  # noqa: F401  (registers the forums.* rules)
        from .panels import structure_panel

        dashboard.register(structure_panel)
