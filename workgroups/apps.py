"""The workgroups app: its rules are registered at start-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Workgroups")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's rules)
