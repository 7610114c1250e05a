"""Who must use two-factor authentication: coordinators always (a setting, on in production)
and organisation admins when the coordinator has turned that on in the console (stored in
the database, read at most once a minute per process)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

POLICY_CACHE_KEY = "console:mfa-for-org-admins"
POLICY_CACHE_SECONDS = 60


def org_admins_must_use_mfa() -> bool:
    cached = cache.get(POLICY_CACHE_KEY)
    if cached is None:
        from .models import SecurityPolicy

        cached = SecurityPolicy.current().require_mfa_for_org_admins
        cache.set(POLICY_CACHE_KEY, cached, POLICY_CACHE_SECONDS)
    return bool(cached)


def forget_policy() -> None:
    """Called after the policy changes, so this process sees it at once."""
    cache.delete(POLICY_CACHE_KEY)


def mfa_demand(user) -> str:
    """Why ``user`` must set up two-factor authentication now ("" when not required or
    already set up): the message shown before the set-up page."""
    if user is None or not user.is_authenticated:
        return ""
    if user.role == "coordinator":
        if not settings.PORTAL_REQUIRE_MFA_FOR_COORDINATORS:
            return ""
        message = _("Coordinators must use two-factor authentication. Set it up to continue.")
    elif user.role == "org_admin":
        if not org_admins_must_use_mfa():
            return ""
        message = _(
            "Organisation admins must use two-factor authentication. Set it up to continue."
        )
    else:
        return ""
    from allauth.mfa.utils import is_mfa_enabled

    return "" if is_mfa_enabled(user) else message
