"""Who an organisation sign-in lets in, and as whom (called from the social account adapter,
after the identity provider has answered and before anyone is logged in).

The rules, in order:

1. The sign-in must come from an organisation's own, enabled identity provider; when the
   tenant ID is known, the ID token's ``tid`` must be that tenant.
2. The address the provider gives (``email`` claim, else ``preferred_username``) must be in
   one of the organisation's e-mail domains, otherwise the sign-in is refused with a message.
3. A person is recognised only by the provider and the token's subject (``sub``), which
   allauth stores as the account link. The address claim alone never picks an account: Entra
   lets users edit theirs ("nOAuth"); ``SOCIALACCOUNT_EMAIL_AUTHENTICATION`` stays off.
4. A first sign-in links the subject to a portal account in exactly two ways:
   - the invited person opened their invitation link and chose "use my organisation's
     sign-in" there: the invitation (proved by the link that went to the invited address)
     travels in allauth's server-side state and is accepted on return;
   - a logged-in person links their own account from *Omat tiedot* (allauth's "connect").
5. Otherwise, if the coordinator allowed it for the organisation and no account has the
   address, a new member of that organisation is created. An address that already has an
   account is refused (it is never taken over).
"""

from __future__ import annotations

from typing import NoReturn

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from organisations.models import Invitation, User
from portal import audit

from .models import IdentityProvider

INVITATION_STATE = "invitation"


def _claims(sociallogin) -> tuple[dict, dict]:
    extra = sociallogin.account.extra_data or {}
    return extra.get("id_token") or {}, extra.get("userinfo") or {}


def claimed_address(sociallogin) -> str:
    id_token, userinfo = _claims(sociallogin)
    for source in (userinfo, id_token):
        for key in ("email", "preferred_username", "upn"):
            value = str(source.get(key) or "").strip().lower()
            if "@" in value:
                return value
    return ""


def refuse(request, reason: str, *, provider=None, address: str = "", **context) -> NoReturn:
    """Stop the sign-in with a page that says why; the attempt goes into the audit trail."""
    organisation = provider.organisation if provider is not None else None
    audit.record(
        actor=None,
        action="auth.login_failed",
        organisation=organisation,
        changes={
            "login": [None, address],
            "method": [None, f"sso:{provider.provider_id}" if provider else "sso"],
            "reason": [None, reason],
        },
    )
    page = render(
        request,
        "console/sso_refused.html",
        {"reason": reason, "organisation": organisation, "address": address, **context},
        status=403,
    )
    raise ImmediateHttpResponse(page)


def provider_for(provider_id: str) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.select_related("organisation", "app")
        .prefetch_related("domains")
        .filter(app__provider_id=provider_id, enabled=True)
        .first()
    )


def admit(request, sociallogin) -> None:
    """Raise ImmediateHttpResponse unless the sign-in may go on; link or create the account
    where the rules above say so."""
    provider = provider_for(sociallogin.account.provider)
    if provider is None:
        refuse(request, "unknown_provider")
    id_token, _userinfo = _claims(sociallogin)
    if not id_token or (provider.tenant_id and id_token.get("tid", "") != provider.tenant_id):
        refuse(request, "wrong_tenant", provider=provider)
    address = claimed_address(sociallogin)
    if not address:
        refuse(request, "no_address", provider=provider)
    domain = address.rsplit("@", 1)[1]
    if not provider.allows_domain(domain):
        refuse(request, "domain", provider=provider, address=address, domain=domain)
    if sociallogin.state.get("process") == "connect":
        user = request.user
        if not user.is_authenticated or user.organisation_id != provider.organisation_id:
            refuse(request, "connect_other_organisation", provider=provider, address=address)
        return
    if sociallogin.is_existing:
        user = sociallogin.user
        if user.organisation_id != provider.organisation_id or hasattr(user, "anonymisation"):
            refuse(request, "other_organisation", provider=provider, address=address)
        return
    invitation = _invitation_from_state(sociallogin, provider)
    if invitation is not None:
        _link_invitation(request, sociallogin, invitation)
        return
    if not provider.allow_new_members:
        refuse(request, "unknown_person", provider=provider, address=address)
    if User.objects.filter(email__iexact=address).exists():
        refuse(request, "address_taken", provider=provider, address=address)
    user = create_member_from_sign_in(provider=provider, address=address, sociallogin=sociallogin)
    sociallogin.connect(request, user)


def _invitation_from_state(sociallogin, provider) -> Invitation | None:
    """The invitation carried in allauth's server-side state, if still usable and for this
    provider's organisation (the state cannot be written by the browser)."""
    data = (sociallogin.state.get("data") or {}).get(INVITATION_STATE) or {}
    if not data:
        return None
    invitation = (
        Invitation.objects.select_related("user", "organisation")
        .filter(pk=data.get("id"), token_hash=data.get("token_hash", ""))
        .first()
    )
    if (
        invitation is None
        or not invitation.is_usable()
        or invitation.organisation_id != provider.organisation_id
        or invitation.user.organisation_id != provider.organisation_id
    ):
        return None
    return invitation


def _link_invitation(request, sociallogin, invitation: Invitation) -> None:
    user = invitation.user
    if SocialAccount.objects.filter(user=user, provider=sociallogin.account.provider).exists():
        refuse(request, "already_linked", provider=provider_for(sociallogin.account.provider))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable():
            refuse(request, "invitation_used")
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        audit.record(
            actor=user,
            action="user.invitation_accepted",
            target=user,
            organisation=invitation.organisation,
            changes={"method": [None, f"sso:{sociallogin.account.provider}"]},
        )
        sociallogin.connect(request, user)


def create_member_from_sign_in(*, provider: IdentityProvider, address: str, sociallogin) -> User:
    """A new member of the provider's organisation, with the names the provider gave and no
    password (they sign in through their organisation; "Forgot your password?" sets one)."""
    id_token, userinfo = _claims(sociallogin)
    claims = {**id_token, **userinfo}
    with transaction.atomic():
        user = User.objects.create_user(
            email=address,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            organisation=provider.organisation,
            role=User.Role.MEMBER,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
        audit.record(
            actor=user,
            action="user.sso_created",
            target=user,
            organisation=provider.organisation,
            changes={"role": [None, User.Role.MEMBER], "provider": [None, provider.provider_id]},
        )
    return user
