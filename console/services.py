"""The console's writes about people and mail: deactivate, reactivate, change a role, move to
another organisation, invite many from a file, resend a failed mail, change the security
policy. Each checks its rule, runs atomically and writes its audit row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Invitation, Organisation, User
from portal import audit
from portal.models import OutboundEmail
from portal.permissions import require

from .models import IdentityProvider, ResentMail, SecurityPolicy


def end_sessions(person: User) -> int:
    """Log the person out everywhere: delete their stored sessions (database sessions)."""
    from django.conf import settings

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def is_last_coordinator(person: User) -> bool:
    return (
        person.role == User.Role.COORDINATOR
        and not User.objects.filter(role=User.Role.COORDINATOR, is_active=True)
        .exclude(pk=person.pk)
        .exists()
    )


def _refuse_last_coordinator(person: User) -> None:
    if is_last_coordinator(person):
        raise ValidationError(
            _("%(name)s is the portal's last coordinator. Name another coordinator first.")
            % {"name": person.display_name}
        )


def deactivate_person(*, actor: User, person: User) -> User:
    """Login refused from now on; history, authorship and seats' records stay."""
    require(actor, "console.manage_person", person)
    if not person.is_active:
        raise ValidationError(_("The account is already deactivated."))
    _refuse_last_coordinator(person)
    with transaction.atomic():
        person.is_active = False
        person.save(update_fields=["is_active"])
        # An open invitation link would otherwise switch the account back on.
        Invitation.objects.filter(user=person).pending().update(revoked_at=timezone.now())
        end_sessions(person)
        audit.record(
            actor=actor,
            action="user.deactivated",
            target=person,
            organisation=person.organisation,
            changes={"is_active": [True, False]},
        )
    return person


def reactivate_person(*, actor: User, person: User) -> User:
    require(actor, "console.manage_person", person)
    if person.is_active:
        raise ValidationError(_("The account is already in use."))
    with transaction.atomic():
        person.is_active = True
        person.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="user.reactivated",
            target=person,
            organisation=person.organisation,
            changes={"is_active": [False, True]},
        )
    return person


def change_role(*, actor: User, person: User, role: str) -> User:
    require(actor, "console.manage_person", person)
    require(actor, "organisations.grant_role", role)
    if role not in User.Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if role == person.role:
        raise ValidationError(_("The person already has this role."))
    if role != User.Role.COORDINATOR:
        _refuse_last_coordinator(person)
    with transaction.atomic():
        before = person.role
        person.role = role
        person.save(update_fields=["role"])
        audit.record(
            actor=actor,
            action="user.role_changed",
            target=person,
            organisation=person.organisation,
            changes={"role": [before, role]},
        )
    return person


# --- moving a person to another organisation ----------------------------------------------


@dataclass
class MovePlan:
    """What a move ends, shown to the coordinator before anything is done."""

    seats: list = field(default_factory=list)
    future_seats: list = field(default_factory=list)
    deputyships: list = field(default_factory=list)
    sso_links: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.seats or self.future_seats or self.deputyships or self.sso_links)


def plan_move(person: User, on: datetime.date | None = None) -> MovePlan:
    """Seats held in the person's present organisation's name that a move ends (3 queries)."""
    from allauth.socialaccount.models import SocialAccount

    from forums.models import Membership

    on = on or timezone.localdate()
    old = person.organisation_id
    plan = MovePlan()
    if old is None:
        return plan
    open_on = Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    seats = (
        Membership.objects.filter(organisation_id=old, person=person)
        .filter(open_on)
        .select_related("body", "organisation")
        .order_by("body__name_fi")
    )
    for seat in seats:
        (plan.future_seats if seat.valid_from > on else plan.seats).append(seat)
    plan.deputyships = list(
        Membership.objects.filter(organisation_id=old, deputy=person)
        .filter(open_on)
        .select_related("body", "organisation", "person")
        .order_by("body__name_fi")
    )
    provider = getattr(person.organisation, "identity_provider", None)
    if provider is not None:
        plan.sso_links = SocialAccount.objects.filter(
            user=person, provider=provider.provider_id
        ).count()
    return plan


def _end_seats(actor: User, plan: MovePlan, on: datetime.date) -> None:
    from forums.services import end_membership

    for seat in plan.seats:
        end_membership(actor=actor, membership=seat, valid_to=on)
    for seat in plan.future_seats:
        audit.record(
            actor=actor,
            action="body.representative_cancelled",
            target=seat,
            organisation=seat.organisation,
            changes={"valid_from": [str(seat.valid_from), None]},
        )
        seat.delete()
    for seat in plan.deputyships:
        before = seat.deputy
        seat.deputy = None
        seat.save(update_fields=["deputy"])
        audit.record(
            actor=actor,
            action="body.representative_changed",
            target=seat,
            organisation=seat.organisation,
            changes=audit.diff({"deputy": before}, {"deputy": None}),
        )


def move_person(*, actor: User, person: User, organisation: Organisation, role: str) -> User:
    """Move ``person`` to ``organisation`` today: seats in the old organisation's name end
    today (seats not yet begun are cancelled, deputyships cleared), the old organisation's
    sign-in link goes, a pending invitation follows the person."""
    from allauth.socialaccount.models import SocialAccount

    require(actor, "console.move_person", person)
    require(actor, "organisations.grant_role", role)
    if organisation.pk == person.organisation_id:
        raise ValidationError(
            _("%(name)s already belongs to %(organisation)s.")
            % {"name": person.display_name, "organisation": organisation.display_name}
        )
    if role != User.Role.COORDINATOR:
        _refuse_last_coordinator(person)
    today = timezone.localdate()
    with transaction.atomic():
        person = (
            User.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=person.pk)
        )
        old = person.organisation
        plan = plan_move(person, today)
        _end_seats(actor, plan, today)
        provider = IdentityProvider.objects.filter(organisation=old).first() if old else None
        if plan.sso_links and provider is not None:
            SocialAccount.objects.filter(user=person, provider=provider.provider_id).delete()
        Invitation.objects.filter(user=person).pending().update(
            organisation=organisation, role=role
        )
        changes = audit.diff(
            {"organisation": old, "role": person.role}, {"organisation": organisation, "role": role}
        )
        changes["seats_ended"] = [None, len(plan.seats) + len(plan.future_seats)]
        person.organisation = organisation
        person.role = role
        person.save(update_fields=["organisation", "role"])
        for concerned in {old, organisation} - {None}:
            audit.record(
                actor=actor,
                action="user.moved",
                target=person,
                organisation=concerned,
                changes=changes,
            )
    return person


# --- mail and policy -----------------------------------------------------------------------


def _copy_for_resend(mail: OutboundEmail) -> OutboundEmail:
    from portal.tasks import send_outbound_email

    fields = [
        "kind",
        "to_email",
        "to_user",
        "from_email",
        "reply_to",
        "subject",
        "body_text",
        "body_html",
        "calendar_method",
        "calendar_ics",
        "related_type",
        "related_id",
    ]
    row = OutboundEmail.objects.create(**{name: getattr(mail, name) for name in fields})
    send_outbound_email.delay_on_commit(row.pk)
    return row


def _fresh_invitation(actor: User, mail: OutboundEmail) -> OutboundEmail | None:
    """A failed invitation is sent again with a new link (the old one was never received)."""
    from organisations.services import resend_invitation

    if mail.kind != "invitation" or not mail.related_id:
        return None
    invitation = Invitation.objects.pending().filter(pk=mail.related_id).first()
    if invitation is None or not invitation.user.is_active:
        return None
    resend_invitation(actor=actor, invitation=invitation)
    return OutboundEmail.objects.filter(
        kind="invitation", related_type=mail.related_type, related_id=mail.related_id
    ).latest("pk")


def resend_mail(*, actor: User, mail: OutboundEmail) -> OutboundEmail:
    """Send a failed mail again as a new outbox row; the failed row stays as it was."""
    require(actor, "console.resend_mail", mail)
    if mail.status != OutboundEmail.Status.FAILED:
        raise ValidationError(_("Only a mail that failed can be resent."))
    with transaction.atomic():
        locked = OutboundEmail.objects.select_for_update().get(pk=mail.pk)
        if ResentMail.objects.filter(original=locked).exists():
            raise ValidationError(_("This mail has already been resent."))
        replacement = _fresh_invitation(actor, locked) or _copy_for_resend(locked)
        ResentMail.objects.create(original=locked, replacement=replacement, resent_by=actor)
        audit.record(
            actor=actor,
            action="mail.resent",
            target=locked,
            organisation=locked.to_user.organisation if locked.to_user is not None else None,
            changes={"mail": [locked.pk, replacement.pk]},
        )
    return replacement


def set_security_policy(*, actor: User, require_mfa_for_org_admins: bool) -> SecurityPolicy:
    require(actor, "console.change_policy")
    with transaction.atomic():
        policy = SecurityPolicy.current()
        before = policy.require_mfa_for_org_admins
        if before == require_mfa_for_org_admins:
            return policy
        policy.require_mfa_for_org_admins = require_mfa_for_org_admins
        policy.updated_at = timezone.now()
        policy.updated_by = actor
        policy.save()
        audit.record(
            actor=actor,
            action="policy.changed",
            target=policy,
            changes={"require_mfa_for_org_admins": [before, require_mfa_for_org_admins]},
        )
    return policy
