"""Writes that touch several rows, send mail or grant rights. Views call these."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import audit
from portal.lib import mail
from portal.permissions import require

from .models import Invitation, Organisation, User


def update_organisation(*, actor: User, organisation: Organisation, data: dict) -> Organisation:
    require(actor, "organisations.change_organisation", organisation)
    audit.apply_changes(
        organisation,
        data,
        actor=actor,
        action="organisation.updated",
        organisation=organisation,
        touch=("updated_at",),
        validate=True,
    )
    return organisation


def create_organisation(*, actor: User, data: dict) -> Organisation:
    require(actor, "organisations.add_organisation")
    with transaction.atomic():
        organisation = Organisation(**data, is_party=False)
        organisation.full_clean()
        organisation.save()
        audit.record(
            actor=actor,
            action="organisation.created",
            target=organisation,
            organisation=organisation,
            changes={name: [None, str(value)] for name, value in data.items() if value},
        )
    return organisation


def _send_invitation(invitation: Invitation, token: str) -> None:
    url = reverse("organisations:invitation_accept", args=[token])
    mail.queue_one(
        mail.Mail(
            template="invitation",
            to_email=invitation.user.email,
            to_user=invitation.user,
            context={
                "invitation": invitation,
                "organisation": invitation.organisation,
                "invited_by": invitation.invited_by,
                "accept_path": url,
            },
        ),
        kind="invitation",
        related=invitation,
    )


def invite_person(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    language: str = "fi",
    job_title: str = "",
) -> Invitation:
    """An invited person: a user without a password, a verified address, an expiring link."""
    from allauth.account.models import EmailAddress

    require(actor, "organisations.manage_members", organisation)
    require(actor, "organisations.grant_role", role)
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            first_name=first_name,
            last_name=last_name,
            job_title=job_title,
            organisation=organisation,
            role=role,
            language=language,
        )  # no password given: unusable until the person sets one from the link
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        token, token_hash = Invitation.new_token()
        invitation = Invitation.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            invited_by=actor,
            token_hash=token_hash,
            expires_at=Invitation.default_expiry(),
        )
        audit.record(
            actor=actor,
            action="user.invited",
            target=user,
            organisation=organisation,
            changes={"role": [None, role]},
        )
        _send_invitation(invitation, token)
    return invitation


def resend_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """A fresh link (the old one stops working) with a new expiry."""
    require(actor, "organisations.manage_members", invitation.organisation)
    with transaction.atomic():
        token, token_hash = Invitation.new_token()
        invitation.token_hash = token_hash
        invitation.expires_at = Invitation.default_expiry()
        invitation.invited_by = actor
        invitation.save(update_fields=["token_hash", "expires_at", "invited_by"])
        audit.record(
            actor=actor,
            action="user.invitation_resent",
            target=invitation.user,
            organisation=invitation.organisation,
        )
        _send_invitation(invitation, token)
    return invitation


def accept_invitation(*, invitation: Invitation, password: str) -> User:
    """Set the password from the link. The caller has checked ``invitation.is_usable()``."""
    user = invitation.user
    validate_password(password, user)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable():
            raise ValueError("invitation no longer usable")
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit.record(
            actor=user,
            action="user.invitation_accepted",
            target=user,
            organisation=invitation.organisation,
        )
    return user


def update_member(*, actor: User, person: User, data: dict) -> User:
    require(actor, "organisations.change_member", person)
    if "role" in data:
        require(actor, "organisations.grant_role", data["role"])
    audit.apply_changes(
        person, data, actor=actor, action="user.updated", organisation=person.organisation
    )
    return person


def update_profile(*, user: User, data: dict) -> User:
    audit.apply_changes(
        user, data, actor=user, action="user.profile_updated", organisation=user.organisation
    )
    return user
