"""The portal app: what every other app shares (audit trail, outbox, permissions, settings),
and the net that retires kept pages whenever a row of domain data changes."""

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """manage.py's code tools run without DJANGO_SECRET_KEY; a deployment never may."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [checks.Error("DJANGO_SECRET_KEY is not set.", id="portal.E001")]
    return []


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .pagecache import data_changed

        # The net under portal.audit: a row saved outside a service still retires kept pages.
        post_save.connect(data_changed, dispatch_uid="portal.pagecache.post_save")
        post_delete.connect(data_changed, dispatch_uid="portal.pagecache.post_delete")
        m2m_changed.connect(data_changed, dispatch_uid="portal.pagecache.m2m_changed")
