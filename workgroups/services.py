"""Writes for workgroups: document versions, arrangements, proposals, counterpart pairs."""

from __future__ import annotations

import datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forums.models import AgreementPeriod, Body, CouncilTerm
from organisations.models import Organisation, User
from portal import audit
from portal.permissions import require

from .models import CounterpartPair, Workgroup, WorkgroupDocument, WorkgroupProposal


def add_document(
    *,
    actor: User,
    workgroup: Workgroup,
    kind: str,
    title: str,
    text: str = "",
    file=None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> WorkgroupDocument:
    """A new version of the action plan or the rules; the previous open version ends the day
    before the new one starts. Old versions stay."""
    require(actor, "workgroups.manage_workgroup", workgroup)
    if kind not in WorkgroupDocument.Kind.values:
        raise ValidationError(_("Unknown document."))
    if not text.strip() and not file:
        raise ValidationError(_("Write the text or attach a file."))
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The end date must not be before the start date."))
    with transaction.atomic():
        Workgroup.objects.select_for_update().filter(pk=workgroup.pk).first()
        versions = workgroup.documents.filter(kind=kind)
        previous = versions.filter(valid_to__isnull=True).first()
        if previous is not None:
            if previous.valid_from >= valid_from:
                raise ValidationError(
                    _("The new version must come into force after the previous one (%(date)s).")
                    % {"date": previous.valid_from}
                )
            previous.valid_to = valid_from - datetime.timedelta(days=1)
            previous.save(update_fields=["valid_to"])
        number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
        document = WorkgroupDocument(
            workgroup=workgroup,
            kind=kind,
            version=number,
            title=title,
            text=text,
            valid_from=valid_from,
            valid_to=valid_to,
            created_by=actor,
        )
        if file:
            document.file = file
        document.save()
        audit.record(
            actor=actor,
            action="workgroup.document_added",
            target=workgroup.body,
            changes={"document": [None, f"{kind} v{number}"]},
        )
    return document


def update_workgroup(*, actor: User, workgroup: Workgroup, data: dict) -> Workgroup:
    require(actor, "workgroups.manage_workgroup", workgroup)
    audit.apply_changes(
        workgroup, data, actor=actor, action="workgroup.updated", target=workgroup.body
    )
    return workgroup


def propose_workgroup(
    *, actor: User, name_fi: str, name_en: str = "", focus: str, goals: str, reasons: str
) -> WorkgroupProposal:
    require(actor, "workgroups.propose", None)
    if not (focus.strip() and goals.strip()):
        raise ValidationError(_("A new workgroup needs a clearly defined focus and goals."))
    with transaction.atomic():
        proposal = WorkgroupProposal.objects.create(
            name_fi=name_fi,
            name_en=name_en,
            focus=focus,
            goals=goals,
            reasons=reasons,
            # workgroups.propose (required above) admits only users with an organisation.
            organisation_id=cast(int, actor.organisation_id),
            proposed_by=actor,
        )
        audit.record(
            actor=actor,
            action="workgroup.proposed",
            target=proposal,
            organisation=actor.organisation,
        )
    return proposal


def decide_proposal(
    *, actor: User, proposal: WorkgroupProposal, approve: bool, note: str = ""
) -> WorkgroupProposal:
    """Approve (a new tier-3 body and its workgroup are founded) or refuse, with reasons."""
    require(actor, "workgroups.decide_proposal", proposal)
    if not approve and not note.strip():
        raise ValidationError(_("Give the reasons for refusing."))
    today = timezone.localdate()
    with transaction.atomic():
        locked = WorkgroupProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != WorkgroupProposal.Status.PENDING:
            raise ValidationError(_("This proposal has already been decided."))
        if approve:
            period = AgreementPeriod.objects.in_force(today)
            if period is None:
                raise ValidationError(_("No agreement is in force."))
            slug = slugify(proposal.name_fi)[:80] or f"tyoryhma-{proposal.pk}"
            if Body.objects.filter(slug=slug).exists():
                slug = f"{slug[:70]}-{proposal.pk}"
            county = Organisation.objects.filter(
                kind=Organisation.Kind.WELLBEING_COUNTY, is_party=True
            ).first()
            body = Body.objects.create(
                period=period,
                slug=slug,
                tier=Body.Tier.WORKGROUPS,
                kind=Body.Kind.WORKGROUP,
                name_fi=proposal.name_fi,
                name_en=proposal.name_en,
                purpose_fi=proposal.focus,
                convener_organisation=county,
                convener_rule=Body.ConvenerRule.ORGANISATION_THEN_CHAIR,
                term=Body.Term.COUNCIL_TERM,
                seat_scope=Body.SeatScope.COUNTY_AND_MUNICIPALITIES,
                founded_on=today,
                created_by=actor,
                order=90,
            )
            locked.workgroup = Workgroup.objects.create(
                body=body,
                focus=proposal.focus,
                goals=proposal.goals,
                term=CouncilTerm.objects.on(today),
            )
        locked.status = (
            WorkgroupProposal.Status.APPROVED if approve else WorkgroupProposal.Status.REFUSED
        )
        locked.decided_by = actor
        locked.decided_on = today
        locked.decision_note = note
        locked.save(
            update_fields=["status", "decided_by", "decided_on", "decision_note", "workgroup"]
        )
        audit.record(
            actor=actor,
            action="workgroup.proposal_decided",
            target=locked,
            organisation=locked.organisation,
            changes={"status": ["pending", locked.status]},
        )
    return locked


def _check_person(person: User | None, organisation: Organisation) -> None:
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError(
            _("%(name)s does not belong to %(organisation)s.")
            % {"name": person.display_name, "organisation": organisation.display_short_name}
        )


def create_pair(
    *,
    actor: User,
    service_interface: str,
    municipality: Organisation,
    county: Organisation,
    workgroup: Workgroup | None = None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    person: User | None = None,
    hours=None,
) -> CounterpartPair:
    """A new pair; the actor fills in their own side's half (coordinators: the
    municipality's half, unless they belong to the county)."""
    side_org = (
        cast(Organisation, actor.organisation)  # its id is one of the two just compared
        if actor.organisation_id in (municipality.pk, county.pk)
        else municipality
    )
    require(actor, "workgroups.create_pair", side_org)
    if not municipality.is_municipality:
        raise ValidationError(_("Choose a municipality for the municipality's side."))
    if county.kind != Organisation.Kind.WELLBEING_COUNTY:
        raise ValidationError(_("Choose the wellbeing services county for the county's side."))
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The end date must not be before the start date."))
    _check_person(person, side_org)
    side = "county" if side_org.pk == county.pk else "municipality"
    with transaction.atomic():
        pair = CounterpartPair.objects.create(
            service_interface=service_interface,
            municipality=municipality,
            county=county,
            workgroup=workgroup,
            valid_from=valid_from,
            valid_to=valid_to,
            created_by=actor,
            **{f"{side}_person": person, f"{side}_hours": hours},
        )
        audit.record(
            actor=actor, action="workgroup.pair_created", target=pair, organisation=side_org
        )
    return pair


def update_pair_half(
    *, actor: User, pair: CounterpartPair, side: str, person: User | None, hours
) -> CounterpartPair:
    """Change one side's half: its person and hours a month."""
    if side not in ("municipality", "county"):
        raise ValidationError(_("Unknown side."))
    require(actor, f"workgroups.change_{side}_half", pair)
    _check_person(person, getattr(pair, side))
    fields = {f"{side}_person": person, f"{side}_hours": hours}
    before = {name: getattr(pair, name) for name in fields}
    changes = audit.diff(before, fields)
    if not changes:
        return pair
    with transaction.atomic():
        for name, value in fields.items():
            setattr(pair, name, value)
        pair.save(update_fields=list(fields))
        audit.record(
            actor=actor,
            action="workgroup.pair_changed",
            target=pair,
            organisation=getattr(pair, side),
            changes=changes,
        )
    return pair
