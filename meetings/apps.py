"""The meetings app: its rules and its dashboard panel are registered at start-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from portal import dashboard

        from . import permissions  # noqa: F401  (registers the meetings.* rules)
        from .dashboard import meetings_panel

        dashboard.register(meetings_panel)
