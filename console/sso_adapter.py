"""allauth's social account adapter for organisation sign-in (OpenID Connect per
organisation): only enabled providers configured in the console exist, nobody is matched by
e-mail, and every sign-in passes ``console.sso_login.admit`` before anyone is logged in."""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        """Database apps of enabled organisation providers only (never apps from settings:
        the same app in both places breaks allauth, #3495/#3564)."""
        from .models import IdentityProvider

        apps = super().list_apps(request, provider=provider, client_id=client_id)
        enabled = set(IdentityProvider.objects.enabled().values_list("app_id", flat=True))
        return [app for app in apps if app.pk is not None and app.pk in enabled]

    def pre_social_login(self, request, sociallogin) -> None:
        from .sso_login import admit

        admit(request, sociallogin)

    def authenticate_by_email(self, sociallogin):
        """Never: an e-mail claim is not an identity ("nOAuth")."""
        return None

    def is_open_for_signup(self, request, sociallogin) -> bool:
        """``admit`` creates the accounts the organisation allows; allauth's own sign-up
        form is never offered."""
        return False

    def get_connect_redirect_url(self, request, socialaccount) -> str:
        return reverse("console:my_data")
