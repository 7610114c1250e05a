from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from . import (
            meeting_hooks,  # noqa: F401  (meetings: dashboard panel, mail checks, tasks)
            panels,  # noqa: F401  (the structure's dashboard panel)
            permissions,  # noqa: F401  (registers the app's rules)
        )
