"""Who must use two-factor authentication: coordinators always (a setting, on in production)
and organisation admins when a coordinator has turned that on in the console (stored in the
database and read on each of their requests: one query by primary key)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def org_admins_must_use_mfa() -> bool:
    from .models import SecurityPolicy

    return SecurityPolicy.current().require_mfa_for_org_admins


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
