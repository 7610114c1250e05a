"""Writes to the collaboration structure. Views, admin actions, commands and tasks call these.

Each service checks the actor's right, validates (``ValidationError`` with a message for the
user, nothing written), writes in one transaction and records an audit row.
"""

from __future__ import annotations

import calendar
import datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation, User
from portal import audit
from portal.lib import mail
from portal.permissions import grant, is_coordinator, require, revoke

from .models import (
    PREPARE_BODY,
    AgreementParty,
    AgreementPeriod,
    AgreementReminder,
    Body,
    BodyUserObjectPermission,
    Membership,
    RoleAssignment,
)
from .permissions import has_seat_in


def add_months(date: datetime.date, months: int) -> datetime.date:
    """``date`` plus ``months`` calendar months (31.1. + 1 → 28./29.2.)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(
        year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1])
    )


def _check_dates(valid_from: datetime.date, valid_to: datetime.date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The end date must not be before the start date."))


def _party_row(body: Body, organisation: Organisation) -> AgreementParty | None:
    return AgreementParty.objects.filter(
        period_id=body.period_id, organisation=organisation
    ).first()


def _check_people(
    *,
    body: Body,
    organisation: Organisation,
    person: User,
    deputy: User | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    if deputy is not None and deputy.pk == person.pk:
        raise ValidationError(_("The personal deputy must be someone other than the member."))
    for who in (person, deputy):
        if who is not None and who.organisation_id != organisation.pk:
            raise ValidationError(
                _("%(name)s does not belong to %(organisation)s.")
                % {"name": who.display_name, "organisation": organisation.display_short_name}
            )
    others = body.memberships.overlapping(valid_from, valid_to).exclude(pk=exclude_pk)
    for who in (person, deputy):
        if who is not None and others.filter(Q(person=who) | Q(deputy=who)).exists():
            raise ValidationError(
                _("%(name)s already sits in %(body)s at that time.")
                % {"name": who.display_name, "body": body.name}
            )


def _check_seat_count(
    body: Body,
    organisation: Organisation,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    taken = (
        body.memberships.filter(organisation=organisation)
        .overlapping(valid_from, valid_to)
        .exclude(pk=exclude_pk)
        .count()
    )
    if taken >= body.seats_per_party:
        raise ValidationError(
            _(
                "%(organisation)s already has %(count)s representative(s) in %(body)s at that "
                "time. End a seat before naming a new representative."
            )
            % {"organisation": organisation.display_short_name, "count": taken, "body": body.name}
        )


def _clip_to_termination(
    body: Body, organisation: Organisation, valid_from: datetime.date, valid_to
) -> datetime.date | None:
    """A party that has given notice leaves from the effective date: no seat beyond it."""
    row = _party_row(body, organisation)
    if row is None or row.termination_effective_on is None:
        return valid_to
    last_day = row.termination_effective_on - datetime.timedelta(days=1)
    if valid_from > last_day:
        raise ValidationError(
            _("%(organisation)s leaves the agreement on %(date)s and cannot be named after it.")
            % {
                "organisation": organisation.display_short_name,
                "date": row.termination_effective_on,
            }
        )
    return last_day if valid_to is None or valid_to > last_day else valid_to


def _snapshot(m: Membership) -> dict:
    return {
        "person": m.person,
        "deputy": m.deputy,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
    }


def nominate_representative(
    *,
    actor: User,
    body: Body,
    organisation: Organisation,
    person: User,
    deputy: User | None = None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> Membership:
    """Name ``person`` (with an optional personal deputy) to ``organisation``'s seat."""
    require(actor, "forums.manage_seats", Membership(body=body, organisation=organisation))
    if body.is_open:
        raise ValidationError(_("Open networks have no nominated seats: people join them."))
    if not is_coordinator(actor) and not has_seat_in(body, organisation):
        raise ValidationError(
            _("%(organisation)s has no seat in %(body)s.")
            % {"organisation": organisation.display_short_name, "body": body.name}
        )
    _check_dates(valid_from, valid_to)
    valid_to = _clip_to_termination(body, organisation, valid_from, valid_to)
    with transaction.atomic():
        # Lock the body so two admins naming at once cannot both take the last seat.
        Body.objects.select_for_update().filter(pk=body.pk).first()
        _check_people(
            body=body,
            organisation=organisation,
            person=person,
            deputy=deputy,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        _check_seat_count(body, organisation, valid_from, valid_to)
        membership = Membership.objects.create(
            body=body,
            organisation=organisation,
            person=person,
            deputy=deputy,
            valid_from=valid_from,
            valid_to=valid_to,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="body.representative_named",
            target=membership,
            organisation=organisation,
            changes=audit.diff({}, _snapshot(membership)),
        )
    return membership


def update_membership(
    *,
    actor: User,
    membership: Membership,
    deputy: User | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> Membership:
    """Change the deputy or the dates of a seat (ending it is ``end_membership``)."""
    require(actor, "forums.manage_seats", membership)
    body, organisation = membership.body, membership.organisation
    _check_dates(valid_from, valid_to)
    valid_to = _clip_to_termination(body, organisation, valid_from, valid_to)
    before = _snapshot(membership)
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        _check_people(
            body=body,
            organisation=organisation,
            person=membership.person,
            deputy=deputy,
            valid_from=valid_from,
            valid_to=valid_to,
            exclude_pk=membership.pk,
        )
        _check_seat_count(body, organisation, valid_from, valid_to, exclude_pk=membership.pk)
        membership.deputy = deputy
        membership.valid_from = valid_from
        membership.valid_to = valid_to
        changes = audit.diff(before, _snapshot(membership))
        if not changes:
            return membership
        membership.save(update_fields=["deputy", "valid_from", "valid_to"])
        if valid_to is not None:
            _end_roles_of(body, membership.person, valid_to)
        audit.record(
            actor=actor,
            action="body.representative_changed",
            target=membership,
            organisation=organisation,
            changes=changes,
        )
    return membership


def _end_roles_of(body: Body, person: User, last_day: datetime.date) -> None:
    """A person who leaves the body leaves its roles on the same day."""
    for role in body.role_assignments.filter(person=person).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=last_day)
    ):
        role.valid_to = max(last_day, role.valid_from)
        role.save(update_fields=["valid_to"])


def end_membership(*, actor: User, membership: Membership, valid_to: datetime.date) -> Membership:
    """End a seat on ``valid_to`` (its last day); the row stays as history."""
    perm = "forums.leave_body" if membership.body.is_open else "forums.manage_seats"
    require(actor, perm, membership)
    _check_dates(membership.valid_from, valid_to)
    if membership.valid_to is not None and membership.valid_to <= valid_to:
        raise ValidationError(_("This seat has already ended."))
    with transaction.atomic():
        before = {"valid_to": membership.valid_to}
        membership.valid_to = valid_to
        membership.ended_by = actor
        membership.save(update_fields=["valid_to", "ended_by"])
        _end_roles_of(membership.body, membership.person, valid_to)
        audit.record(
            actor=actor,
            action="body.representative_ended",
            target=membership,
            organisation=membership.organisation,
            changes=audit.diff(before, {"valid_to": valid_to}),
        )
    return membership


def join_network(*, actor: User, body: Body) -> Membership:
    require(actor, "forums.join_body", body)
    today = timezone.localdate()
    with transaction.atomic():
        if body.memberships.current(today).for_person(actor).exists():
            raise ValidationError(_("You are already a member of %(body)s.") % {"body": body.name})
        membership = Membership.objects.create(
            body=body,
            # forums.join_body (required above) admits only users with an organisation.
            organisation_id=cast(int, actor.organisation_id),
            person=actor,
            valid_from=today,
            created_by=actor,
        )
        audit.record(
            actor=actor, action="body.joined", target=membership, organisation=actor.organisation
        )
    return membership


def add_network_member(*, actor: User, body: Body, person: User) -> Membership:
    """Bring ``person`` into an open network (how a members-only network is joined): a
    seat in the person's own organisation's name from today, and a mail telling them."""
    require(actor, "forums.add_network_member", body)
    if not person.is_active or person.organisation_id is None:
        raise ValidationError(
            _("%(name)s has no active account in an organisation.") % {"name": person.display_name}
        )
    today = timezone.localdate()
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        if body.memberships.current(today).for_person(person).exists():
            raise ValidationError(
                _("%(name)s is already a member of %(body)s.")
                % {"name": person.display_name, "body": body.name}
            )
        membership = Membership.objects.create(
            body=body,
            organisation_id=person.organisation_id,
            person=person,
            valid_from=today,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="body.member_added",
            target=membership,
            organisation=person.organisation,
            changes={"person": [None, str(person)]},
        )
        mail.queue_one(
            mail.Mail(
                template="network_member_added",
                to_email=person.email,
                to_user=person,
                context={"body": body, "added_by": actor},
            ),
            kind="network_member_added",
            related=body,
        )
    return membership


def network_candidates(body: Body):
    """Who may be brought into an open network: every active user with an organisation,
    except its current members."""
    current = body.memberships.current().values("person")
    return (
        User.objects.filter(is_active=True, organisation__isnull=False)
        .exclude(pk__in=current)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "pk")
    )


def leave_network(*, actor: User, membership: Membership) -> Membership:
    """Leave an open network: the last day of membership is yesterday. A membership that
    began today is removed outright (the audit row remembers it)."""
    require(actor, "forums.leave_body", membership)
    today = timezone.localdate()
    if membership.valid_from < today:
        return end_membership(
            actor=actor, membership=membership, valid_to=today - datetime.timedelta(days=1)
        )
    with transaction.atomic():
        audit.record(
            actor=actor, action="body.left", target=membership, organisation=membership.organisation
        )
        _end_roles_of(membership.body, membership.person, today)
        membership.delete()
    return membership


def create_network(
    *,
    actor: User,
    name_fi: str,
    name_en: str = "",
    purpose_fi: str = "",
    purpose_en: str = "",
    slug: str,
    visibility: str = Body.Visibility.PUBLIC,
) -> Body:
    """A tier-4 open network; its founder joins it and may convene it."""
    require(actor, "forums.create_network", None)
    period = AgreementPeriod.objects.in_force()
    if period is None:
        raise ValidationError(_("No agreement is in force."))
    if Body.objects.filter(slug=slug).exists():
        raise ValidationError(_("A body with this web address already exists."))
    with transaction.atomic():
        body = Body.objects.create(
            period=period,
            slug=slug,
            tier=Body.Tier.OPEN,
            kind=Body.Kind.OPEN_NETWORK,
            name_fi=name_fi,
            name_en=name_en,
            purpose_fi=purpose_fi,
            purpose_en=purpose_en,
            convener_rule=Body.ConvenerRule.AGREED,
            admission=Body.Admission.OPEN,
            seat_scope=Body.SeatScope.NONE,
            seats_per_party=0,
            visibility=visibility,
            founded_on=timezone.localdate(),
            created_by=actor,
            order=100,
        )
        audit.record(
            actor=actor, action="body.network_created", target=body, organisation=actor.organisation
        )
        if actor.organisation_id:
            Membership.objects.create(
                body=body,
                organisation_id=actor.organisation_id,
                person=actor,
                valid_from=timezone.localdate(),
                created_by=actor,
            )
    return body


# --- preparers (valmistelijat) ------------------------------------------------------------


def preparer_candidates(body: Body):
    """Who may be named a preparer of ``body``: active users of the agreement's parties that
    are still bound, and of other organisations that currently sit in one of its bodies."""
    parties = AgreementParty.objects.active().filter(period_id=body.period_id)
    seated = Membership.objects.current().filter(body__period_id=body.period_id)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(organisation__in=parties.values("organisation"))
            | Q(organisation__in=seated.values("organisation"))
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "pk")
    )


def _preparer_rows(body: Body, person: User):
    return BodyUserObjectPermission.objects.filter(
        content_object=body,
        user=person,
        permission__codename="prepare_body",
        permission__content_type__app_label="forums",
    )


def name_preparer(*, actor: User, body: Body, person: User) -> None:
    """Name ``person`` a preparer of ``body``: they may schedule and edit its meetings and
    agendas (``forums.convene_body``), but not its seats or elected roles."""
    require(actor, "forums.manage_preparers", body)
    if not body.is_active():
        raise ValidationError(
            _("%(body)s has been dissolved: it no longer gets preparers.") % {"body": body.name}
        )
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        if not preparer_candidates(body).filter(pk=person.pk).exists():
            raise ValidationError(
                _(
                    "%(name)s cannot be named a preparer: a preparer must be an active user of "
                    "a party to the agreement or of an organisation taking part in its bodies."
                )
                % {"name": person.display_name}
            )
        if _preparer_rows(body, person).exists():
            raise ValidationError(
                _("%(name)s is already a preparer of %(body)s.")
                % {"name": person.display_name, "body": body.name}
            )
        grant(person, PREPARE_BODY, body)
        audit.record(
            actor=actor,
            action="body.preparer_named",
            target=body,
            organisation=person.organisation,
            changes={"preparer": [None, str(person)]},
        )


def remove_preparer(*, actor: User, body: Body, person: User) -> None:
    """Take the preparer's right on ``body`` away (the audit rows keep the history)."""
    require(actor, "forums.manage_preparers", body)
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        if not _preparer_rows(body, person).exists():
            raise ValidationError(
                _("%(name)s is not a preparer of %(body)s, so there is nothing to remove.")
                % {"name": person.display_name, "body": body.name}
            )
        revoke(person, PREPARE_BODY, body)
        audit.record(
            actor=actor,
            action="body.preparer_removed",
            target=body,
            organisation=person.organisation,
            changes={"preparer": [str(person), None]},
        )


# --- elected roles ------------------------------------------------------------------------


def elect_role(
    *,
    actor: User,
    body: Body,
    role: str,
    person: User,
    elected_on: datetime.date,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    replace_current: bool = False,
) -> RoleAssignment:
    """Record that ``person`` was elected ``role`` of ``body`` (from among its members).

    With ``replace_current`` the current holder's term ends the day before; without it an
    existing holder is an error ("two active chairs"). Minutes that record an election call
    this and keep the link themselves (``meetings.MinutesItem.role_assignment``).
    """
    require(actor, "forums.manage_roles", body)
    valid_from = valid_from or elected_on
    _check_dates(valid_from, valid_to)
    if role not in RoleAssignment.Role.values:
        raise ValidationError(_("Unknown role."))
    if not body.memberships.current(valid_from).filter(person=person).exists():
        raise ValidationError(
            _("%(name)s is not a member of %(body)s: roles are elected from among the members.")
            % {"name": person.display_name, "body": body.name}
        )
    label = RoleAssignment.Role(role).label
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        overlapping = body.role_assignments.filter(role=role).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
        )
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=valid_to)
        holders = list(overlapping)
        if holders and not replace_current:
            raise ValidationError(
                _(
                    "%(body)s already has a %(role)s at that time (%(name)s). End that term or "
                    "choose to replace the current holder."
                )
                % {"body": body.name, "role": label, "name": holders[0].person.display_name}
            )
        for holder in holders:
            if holder.valid_from >= valid_from:
                raise ValidationError(
                    _("The current %(role)s's term starts on or after the new start date.")
                    % {"role": label}
                )
            holder.valid_to = valid_from - datetime.timedelta(days=1)
            holder.save(update_fields=["valid_to"])
        assignment = RoleAssignment.objects.create(
            body=body,
            role=role,
            person=person,
            elected_on=elected_on,
            valid_from=valid_from,
            valid_to=valid_to,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="body.role_elected",
            target=assignment,
            organisation=person.organisation,
            changes={"role": [None, role], "person": [None, str(person)]},
        )
    return assignment


def end_role(*, actor: User, assignment: RoleAssignment, valid_to: datetime.date) -> RoleAssignment:
    require(actor, "forums.manage_roles", assignment.body)
    _check_dates(assignment.valid_from, valid_to)
    if assignment.valid_to is not None and assignment.valid_to <= valid_to:
        raise ValidationError(_("This term has already ended."))
    with transaction.atomic():
        before = {"valid_to": assignment.valid_to}
        assignment.valid_to = valid_to
        assignment.save(update_fields=["valid_to"])
        audit.record(
            actor=actor,
            action="body.role_ended",
            target=assignment,
            organisation=assignment.person.organisation,
            changes=audit.diff(before, {"valid_to": valid_to}),
        )
    return assignment


# --- the agreement's life -----------------------------------------------------------------


def _refresh_in_force(period: AgreementPeriod) -> None:
    """In force once every party has approved and signed: from the last of those dates."""
    rows = list(period.party_rows.all())
    dates = [d for r in rows for d in (r.approved_on, r.signed_on)]
    in_force_from = max(dates) if rows and all(dates) else None
    if in_force_from != period.in_force_from:
        period.in_force_from = in_force_from
        period.save(update_fields=["in_force_from"])
    previous = period.supersedes
    if previous is not None and in_force_from is not None:
        previous.ended_on = in_force_from - datetime.timedelta(days=1)
        previous.save(update_fields=["ended_on"])


def record_party_approval(
    *,
    actor: User,
    party: AgreementParty,
    approved_on: datetime.date | None,
    approved_by: str = "",
    signed_on: datetime.date | None,
    signed_by: str = "",
) -> AgreementParty:
    require(actor, "forums.manage_agreement", party.period)
    if approved_on and signed_on and signed_on < approved_on:
        raise ValidationError(_("The agreement is signed after it has been approved, not before."))
    if (signed_on and signed_on < party.period.dated_on) or (
        approved_on and approved_on > timezone.localdate()
    ):
        raise ValidationError(_("Check the dates: they are out of order."))
    before = {
        n: getattr(party, n) for n in ("approved_on", "approved_by", "signed_on", "signed_by")
    }
    after = {
        "approved_on": approved_on,
        "approved_by": approved_by,
        "signed_on": signed_on,
        "signed_by": signed_by,
    }
    changes = audit.diff(before, after)
    if not changes:
        return party
    with transaction.atomic():
        for name, value in after.items():
            setattr(party, name, value)
        party.save(update_fields=list(after))
        _refresh_in_force(party.period)
        audit.record(
            actor=actor,
            action="agreement.party_approval",
            target=party.period,
            organisation=party.organisation,
            changes=changes,
        )
    return party


def contact_people(period: AgreementPeriod):
    """Every party's contact people (organisation admins) and the coordinators."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=User.Role.COORDINATOR)
            | Q(role=User.Role.ORG_ADMIN, organisation__agreement_rows__period=period)
        )
        .distinct()
        .select_related("organisation")
    )


def record_termination(
    *,
    actor: User,
    period: AgreementPeriod,
    organisation: Organisation,
    received_on: datetime.date,
) -> AgreementParty:
    """A party's written notice for its own part: effective after the notice period; the
    party leaves every body of the agreement from that day (history kept); every party's
    contact people are told by e-mail."""
    require(actor, "forums.manage_agreement", period)
    party = period.party_rows.filter(organisation=organisation).first()
    if party is None:
        raise ValidationError(
            _("%(organisation)s is not a party to %(agreement)s, so it cannot give notice.")
            % {"organisation": organisation.display_name, "agreement": period.name}
        )
    if party.termination_received_on is not None:
        raise ValidationError(
            _("%(organisation)s has already given notice.")
            % {"organisation": organisation.display_name}
        )
    if received_on > timezone.localdate():
        raise ValidationError(_("The notice cannot be received in the future."))
    if received_on < period.dated_on:
        raise ValidationError(_("The notice cannot be received before the agreement was made."))
    effective_on = add_months(received_on, period.notice_months)
    last_day = effective_on - datetime.timedelta(days=1)
    with transaction.atomic():
        party.termination_received_on = received_on
        party.termination_effective_on = effective_on
        party.save(update_fields=["termination_received_on", "termination_effective_on"])
        seats = (
            Membership.objects.filter(body__period=period, organisation=organisation)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last_day))
            .filter(valid_from__lte=last_day)
        )
        people = list(seats.values_list("person_id", flat=True))
        seats.update(valid_to=last_day, ended_by=actor)
        RoleAssignment.objects.filter(body__period=period, person_id__in=people).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=last_day)
        ).filter(valid_from__lte=last_day).update(valid_to=last_day)
        audit.record(
            actor=actor,
            action="agreement.termination_received",
            target=period,
            organisation=organisation,
            changes={"termination_effective_on": [None, str(effective_on)]},
        )
        url = reverse("forums:agreement")
        mail.queue(
            [
                mail.Mail(
                    template="agreement_termination",
                    to_email=person.email,
                    to_user=person,
                    context={
                        "period": period,
                        "organisation": organisation,
                        "received_on": received_on,
                        "effective_on": effective_on,
                        "agreement_path": url,
                    },
                )
                for person in contact_people(period)
            ],
            kind="agreement_termination",
            related=party,
        )
    return party


def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Remind coordinators and contact people that the agreement's review date nears (90 and
    30 days before) or has passed. Each reminder is sent once (AgreementReminder row)."""
    today = today or timezone.localdate()
    period = AgreementPeriod.objects.in_force(today)
    if period is None or period.review_by is None:
        return 0
    if period.superseded_by.exists():
        return 0  # the review has produced a new version
    days = (period.review_by - today).days
    if days < 0:
        key = "review-overdue"
    elif days <= 30:
        key = "review-30"
    elif days <= 90:
        key = "review-90"
    else:
        return 0
    with transaction.atomic():
        _row, created = AgreementReminder.objects.get_or_create(period=period, key=key)
        if not created:
            return 0
        recipients = list(contact_people(period))
        mail.queue(
            [
                mail.Mail(
                    template="agreement_review",
                    to_email=person.email,
                    to_user=person,
                    context={
                        "period": period,
                        "days": days,
                        "overdue": days < 0,
                        "agreement_path": reverse("forums:agreement"),
                    },
                )
                for person in recipients
            ],
            kind="agreement_review",
            related=period,
        )
    return len(recipients)
