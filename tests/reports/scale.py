"""Grow the known year's data (tests/reports/conftest.py) tenfold: parties with their values,
bodies with members, meetings, decisions, action items, elections and action plans. Rows are
written in bulk: this is set-up for query counts and the benchmark, not a workflow under test."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from forums.models import AgreementParty, AgreementPeriod, Body, Membership, RoleAssignment
from indicators.models import Metric, Value
from organisations.models import Organisation, User
from workgroups.models import Workgroup, WorkgroupDocument


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def grow(factor: int = 10, year: int = 2025) -> None:
    """Add (factor − 1) × the 13 parties and (factor − 1) × the bodies, with data for them."""
    period = AgreementPeriod.objects.order_by("dated_on").first()
    parties = list(Organisation.objects.parties())
    bodies = list(Body.objects.all())
    extra = (factor - 1) * len(parties)
    new = Organisation.objects.bulk_create(
        Organisation(
            name=f"Testikunta {i:03d}",
            short_name=f"Testikunta {i:03d}",
            slug=f"testikunta-{i:03d}",
            kind=Organisation.Kind.MUNICIPALITY,
            is_party=True,
        )
        for i in range(extra)
    )
    new = list(Organisation.objects.filter(slug__startswith="testikunta-"))
    day = datetime.date(2023, 8, 1)
    AgreementParty.objects.bulk_create(
        AgreementParty(period=period, organisation=o, approved_on=day, signed_on=day) for o in new
    )
    _values(new, year)
    people = User.objects.bulk_create(
        User(
            email=f"edustaja.{o.slug}@test.example",
            organisation=o,
            role=User.Role.ORG_ADMIN,
            first_name="Edustaja",
            last_name=o.short_name,
        )
        for o in new
    )
    _bodies(period, bodies, people, factor, year)


def _values(organisations: list[Organisation], year: int) -> None:
    metrics = [m for m in Metric.objects.all() if m.is_per_organisation]
    rows = []
    for i, organisation in enumerate(organisations):
        for metric in metrics:
            if not metric.applies_to(organisation):
                continue
            for y in range(year - 4, year + 1):
                status = Value.Status.SUBMITTED if (i + y) % 7 == 0 else Value.Status.APPROVED
                fields: dict[str, Decimal | bool | None] = {
                    "number": None,
                    "yes_no": None,
                    "rating": None,
                }
                if metric.value_type == "bool":
                    fields["yes_no"] = (i + y) % 3 != 0
                else:
                    fields["number"] = Decimal(40 + (i * 7 + y) % 30)
                rows.append(
                    Value(metric=metric, organisation=organisation, year=y, status=status, **fields)
                )
    Value.objects.bulk_create(rows)


def _bodies(period, bodies, people, factor: int, year: int) -> None:
    from meetings.models import ActionItem, Decision, Meeting, Minutes, MinutesItem

    new_bodies = Body.objects.bulk_create(
        Body(
            period=period,
            slug=f"testiryhma-{i:03d}",
            tier=Body.Tier.WORKGROUPS if i % 2 else Body.Tier.LEADERSHIP,
            kind=Body.Kind.WORKGROUP if i % 2 else Body.Kind.LEADERSHIP_FORUM,
            name_fi=f"Testiryhmä {i:03d}",
            meetings_per_year_min=3,
        )
        for i in range((factor - 1) * len(bodies))
    )
    new_bodies = list(Body.objects.filter(slug__startswith="testiryhma-"))
    Workgroup.objects.bulk_create(
        Workgroup(body=b) for b in new_bodies if b.tier == Body.Tier.WORKGROUPS
    )
    WorkgroupDocument.objects.bulk_create(
        WorkgroupDocument(
            workgroup_id=b.pk,
            kind=WorkgroupDocument.Kind.ACTION_PLAN,
            version=1,
            title=f"Toimintasuunnitelma {b.name_fi}",
            valid_from=datetime.date(year, 1, 1),
        )
        for b in new_bodies
        if b.tier == Body.Tier.WORKGROUPS
    )
    start = datetime.date(year, 1, 1)
    Membership.objects.bulk_create(
        Membership(body=b, organisation=p.organisation, person=p, valid_from=start)
        for b in new_bodies
        for p in people[:5]
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            body=b, role=RoleAssignment.Role.CHAIR, person=people[0], valid_from=start,
            elected_on=start,
        )
        for b in new_bodies
    )  # fmt: skip
    host = people[0]
    for index, body in enumerate(new_bodies):
        for n in range(3):
            day = start + datetime.timedelta(days=30 * n + index % 28)
            meeting = Meeting.objects.create(
                body=body,
                title=f"Kokous {n + 1}",
                starts_at=_at(day, 9),
                ends_at=_at(day, 11),
                host_organisation=host.organisation,
                status=Meeting.Status.HELD,
                convener=host,
            )
            meeting.bodies.add(body)
            minutes = Minutes.objects.create(meeting=meeting, status=Minutes.Status.APPROVED)
            item = MinutesItem.objects.create(minutes=minutes, number=5, title="Asia")
            Decision.objects.create(
                body=body, meeting=meeting, minutes_item=item, number=5, title="Asia",
                text="Päätettiin.", decided_on=day,
            )  # fmt: skip
            ActionItem.objects.create(
                body=body, meeting=meeting, title="Tehtävä", owner_organisation=host.organisation,
                due_date=day + datetime.timedelta(days=60), created_at=_at(day, 12),
            )  # fmt: skip
