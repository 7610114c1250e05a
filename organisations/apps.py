"""The organisations app: the parties and other organisations, their people and invitations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's rules)
