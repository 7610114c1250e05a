"""Sign-in events into the audit trail: logins, failed logins (the address tried, never the
password), logouts, password and two-factor changes, organisation sign-in links.

Receivers only write an audit row; they never send mail or enqueue tasks.
"""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.socialaccount import signals as social_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

from portal import audit


def _record(user, action: str, changes: dict | None = None, actor=None) -> None:
    audit.record(
        actor=actor if actor is not None else user,
        action=action,
        target=user,
        organisation=getattr(user, "organisation", None),
        changes=changes,
    )


@receiver(account_signals.user_logged_in, dispatch_uid="console.audit.logged_in")
def logged_in(sender, request, user, **kwargs):
    """A login through the login page: by password, or by the organisation's sign-in."""
    sociallogin = kwargs.get("sociallogin")
    method = f"sso:{sociallogin.account.provider}" if sociallogin is not None else "password"
    _record(user, "auth.logged_in", {"method": [None, method]})


@receiver(user_login_failed, dispatch_uid="console.audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    """Only the address that was tried is kept; Django has already masked the password."""
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254].lower()
    if not tried:
        return
    user = get_user_model().objects.filter(email__iexact=tried).select_related("organisation")
    person = user.first()
    audit.record(
        actor=None,
        action="auth.login_failed",
        target=person,
        organisation=person.organisation if person is not None else None,
        changes={"login": [None, tried]},
    )


@receiver(user_logged_out, dispatch_uid="console.audit.logged_out")
def logged_out(sender, request, user, **kwargs):
    if user is not None and getattr(user, "pk", None):
        _record(user, "auth.logged_out")


@receiver(account_signals.password_changed, dispatch_uid="console.audit.password_changed")
def password_changed(sender, request, user, **kwargs):
    _record(user, "auth.password_changed")


@receiver(account_signals.password_reset, dispatch_uid="console.audit.password_reset")
def password_reset(sender, request, user, **kwargs):
    _record(user, "auth.password_reset")


def _authenticator_kind(authenticator) -> dict:
    return {"method": [None, getattr(authenticator, "type", "")]} if authenticator else {}


@receiver(mfa_signals.authenticator_added, dispatch_uid="console.audit.mfa_added")
def mfa_added(sender, request, user, authenticator=None, **kwargs):
    _record(user, "auth.mfa_added", _authenticator_kind(authenticator))


@receiver(mfa_signals.authenticator_removed, dispatch_uid="console.audit.mfa_removed")
def mfa_removed(sender, request, user, authenticator=None, **kwargs):
    _record(user, "auth.mfa_removed", _authenticator_kind(authenticator))


@receiver(mfa_signals.authenticator_reset, dispatch_uid="console.audit.mfa_reset")
def mfa_reset(sender, request, user, authenticator=None, **kwargs):
    _record(user, "auth.mfa_reset", _authenticator_kind(authenticator))


@receiver(social_signals.social_account_added, dispatch_uid="console.audit.sso_linked")
def sso_linked(sender, request, sociallogin, **kwargs):
    user = sociallogin.user
    actor = request.user if request is not None and request.user.is_authenticated else user
    _record(user, "auth.sso_linked", {"provider": [None, sociallogin.account.provider]}, actor)


@receiver(social_signals.social_account_removed, dispatch_uid="console.audit.sso_unlinked")
def sso_unlinked(sender, request, socialaccount, **kwargs):
    user = socialaccount.user
    actor = request.user if request is not None and request.user.is_authenticated else user
    _record(user, "auth.sso_unlinked", {"provider": [socialaccount.provider, None]}, actor)
