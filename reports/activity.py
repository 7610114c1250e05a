"""The cooperation's activity in a year, for the follow-up report: meetings per body against its
rhythm rule, the leadership forums' joint meetings, roles elected, workgroups' action plans in
force, empty seats per party, decisions made and action items open or overdue.

Every import of meeting code is in this module (the lines just below), so that moving the
meetings to their own app changes only these lines. The rhythm rule itself is the meetings'
own (``rhythm_for_bodies``), not a second implementation.

People are not named: the report can be published, and the portal shows who holds a body's
roles to logged-in users only. Bodies visible only to their members are left out.
A constant number of queries, however many bodies, meetings and parties.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from forums.models import Body, RoleAssignment
from forums.seats import seats_for
from meetings.models import ActionItem, Decision, Meeting
from meetings.rhythm import rhythm_for_bodies
from organisations.models import Organisation
from workgroups.models import WorkgroupDocument

RHYTHM_STATES = {
    "met": (pgettext_lazy("rhythm", "met"), "badge-ok"),
    "on_track": (pgettext_lazy("rhythm", "on track"), "badge-muted"),
    "at_risk": (pgettext_lazy("rhythm", "at risk"), "badge-warn"),
    "missed": (pgettext_lazy("rhythm", "not met"), "badge-bad"),
}


@dataclass
class RhythmLine:
    label: str
    state: str  # met | missed (year over) | on_track | at_risk (year still running)
    held: int
    needed: int

    @property
    def state_label(self) -> str:
        return str(RHYTHM_STATES[self.state][0])

    @property
    def css(self) -> str:
        return RHYTHM_STATES[self.state][1]


@dataclass
class BodyActivity:
    name: str
    tier: int
    cadence: str
    meetings: int
    rhythm: list[RhythmLine] = field(default_factory=list)
    decisions: int = 0
    actions_open: int = 0
    actions_overdue: int = 0

    @property
    def state(self) -> str:
        order = ["missed", "at_risk", "on_track", "met"]
        states = [line.state for line in self.rhythm]
        return min(states, key=order.index) if states else ""


@dataclass
class JointMeeting:
    day: datetime.date
    bodies: list[str]


@dataclass
class Election:
    body: str
    role: str
    organisation: str
    elected_on: datetime.date


@dataclass
class PlanLine:
    workgroup: str
    title: str
    version: int | None
    valid_from: datetime.date | None


@dataclass
class PartySeats:
    organisation: str
    expected: int
    filled: int
    empty_in: list[str]

    @property
    def empty(self) -> int:
        return max(self.expected - self.filled, 0)


@dataclass
class Activity:
    year: int
    meetings_held: int  # distinct meetings: a joint meeting counts once here, once per body below
    bodies: list[BodyActivity]
    joint_meetings: list[JointMeeting]
    elections: list[Election]
    plans: list[PlanLine]
    seats: list[PartySeats]

    @property
    def decisions_total(self) -> int:
        return sum(b.decisions for b in self.bodies)

    @property
    def actions_open_total(self) -> int:
        return sum(b.actions_open for b in self.bodies)

    @property
    def actions_overdue_total(self) -> int:
        return sum(b.actions_overdue for b in self.bodies)

    @property
    def empty_seats_total(self) -> int:
        return sum(p.empty for p in self.seats)


def _bounds(year: int) -> tuple[datetime.date, datetime.date, datetime.datetime, datetime.datetime]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last, datetime.time.max))
    return first, last, start, end


def bodies_of(year: int) -> list[Body]:
    """Bodies that existed during ``year`` and whose existence is not limited to members."""
    first, last, _start, _end = _bounds(year)
    return list(
        Body.objects.exclude(visibility=Body.Visibility.MEMBERS)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=last))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=first))
        .select_related("convener_organisation")
        .order_by("tier", "order", "name_fi")
    )


def gather_activity(year: int, parties: list[Organisation]) -> Activity:
    today = timezone.localdate()
    first, last, start, end = _bounds(year)
    bodies = bodies_of(year)
    # (meeting, body, start) of every meeting held in the year: one query, with or without rows.
    pairs = list(
        Meeting.bodies.through.objects.filter(
            body__in=bodies, meeting__starts_at__gte=start, meeting__starts_at__lte=end
        )
        .exclude(meeting__status__in=[Meeting.Status.CANCELLED, Meeting.Status.DRAFT])
        .order_by("meeting__starts_at", "meeting_id")
        .values_list("meeting_id", "body_id", "meeting__starts_at")
    )
    held: dict[int, int] = {}
    meetings: dict[int, tuple[datetime.datetime, list[int]]] = {}
    for meeting_id, body_id, starts_at in pairs:
        held[body_id] = held.get(body_id, 0) + 1
        meetings.setdefault(meeting_id, (starts_at, []))[1].append(body_id)
    names = {b.pk: b.short_name for b in bodies}
    year_over = last < today
    rhythms = {
        r.body.pk: r for r in rhythm_for_bodies(bodies, today=min(last, today))
    }  # the meetings' own rule, evaluated on the year's last day
    decisions = _decisions(bodies, first, last)
    actions = _actions(bodies, last, end)
    activity = [
        BodyActivity(
            name=body.short_name,
            tier=body.tier,
            cadence=body.cadence,
            meetings=held.get(body.pk, 0),
            rhythm=_rhythm_lines(rhythms.get(body.pk), year_over),
            decisions=decisions.get(body.pk, 0),
            actions_open=actions.get(body.pk, {}).get("open", 0),
            actions_overdue=actions.get(body.pk, {}).get("overdue", 0),
        )
        for body in bodies
    ]
    leadership = {b.pk for b in bodies if b.tier == Body.Tier.LEADERSHIP}
    rank = {b.pk: i for i, b in enumerate(bodies)}
    joint = [
        JointMeeting(
            timezone.localtime(starts_at).date(),
            [names[pk] for pk in sorted(ids, key=lambda pk: rank[pk])],
        )
        for starts_at, ids in meetings.values()
        if len(leadership & set(ids)) > 1
    ]
    return Activity(
        year=year,
        meetings_held=len(meetings),
        bodies=activity,
        joint_meetings=joint,
        elections=_elections(bodies, first, last),
        plans=_plans(bodies, last),
        seats=_seats(bodies, parties, last),
    )


def _rhythm_lines(rhythm, year_over: bool) -> list[RhythmLine]:
    """The rule's checks; once the year is over, what was not met was missed."""
    if rhythm is None:
        return []
    lines = []
    for check in rhythm.checks:
        state = check.state
        if year_over and state != "met":
            state = "missed"
        lines.append(RhythmLine(check.label, state, check.held, check.needed))
    return lines


def _decisions(bodies: list[Body], first: datetime.date, last: datetime.date) -> dict[int, int]:
    rows = (
        Decision.objects.filter(body__in=bodies, decided_on__gte=first, decided_on__lte=last)
        .values("body_id")
        .annotate(n=Count("pk"))
    )
    return {row["body_id"]: row["n"] for row in rows}


def _actions(
    bodies: list[Body], last: datetime.date, end: datetime.datetime
) -> dict[int, dict[str, int]]:
    """Action items open at the end of the year (still open, or done only after it) and, of
    those, overdue on the year's last day."""
    open_at_end = Q(created_at__lte=end) & (
        Q(status=ActionItem.Status.OPEN) | Q(status=ActionItem.Status.DONE, done_at__gt=end)
    )
    rows = (
        ActionItem.objects.filter(body__in=bodies)
        .values("body_id")
        .annotate(
            open=Count("pk", filter=open_at_end),
            overdue=Count("pk", filter=open_at_end & Q(due_date__lt=last)),
        )
    )
    return {row["body_id"]: {"open": row["open"], "overdue": row["overdue"]} for row in rows}


def _elections(bodies: list[Body], first: datetime.date, last: datetime.date) -> list[Election]:
    names = {b.pk: b.short_name for b in bodies}
    rows = (
        RoleAssignment.objects.filter(body__in=bodies, elected_on__gte=first, elected_on__lte=last)
        .select_related("person__organisation")
        .order_by("elected_on", "body__tier", "body__order", "role")
    )
    return [
        Election(
            body=names[r.body_id],
            role=str(r.get_role_display()),
            organisation=r.person.organisation.display_short_name
            if r.person.organisation_id
            else "–",
            elected_on=r.elected_on,
        )
        for r in rows
    ]


def _plans(bodies: list[Body], last: datetime.date) -> list[PlanLine]:
    workgroups = [b for b in bodies if b.tier == Body.Tier.WORKGROUPS]
    current: dict[int, WorkgroupDocument] = {}
    documents = (
        WorkgroupDocument.objects.current(last)
        .filter(
            workgroup_id__in=[b.pk for b in workgroups], kind=WorkgroupDocument.Kind.ACTION_PLAN
        )
        .order_by("workgroup_id", "-version")
    )
    for document in documents:
        current.setdefault(document.workgroup_id, document)
    lines = []
    for body in workgroups:
        document = current.get(body.pk)
        lines.append(
            PlanLine(
                workgroup=body.short_name,
                title=document.title if document else _("No action plan in force"),
                version=document.version if document else None,
                valid_from=document.valid_from if document else None,
            )
        )
    return lines


def _seats(
    bodies: list[Body], parties: list[Organisation], last: datetime.date
) -> list[PartySeats]:
    """Each party's places in the bodies with nominated seats on the year's last day."""
    party_ids = {p.pk for p in parties}
    totals: dict[int, PartySeats] = {
        p.pk: PartySeats(organisation=p.display_short_name, expected=0, filled=0, empty_in=[])
        for p in sorted(parties, key=lambda o: o.display_name)
    }
    for seats in seats_for(bodies, on=last, include_others=False).values():
        for seat in seats:
            if seat.organisation.pk not in party_ids:
                continue
            line = totals[seat.organisation.pk]
            line.expected += seat.expected
            line.filled += min(len(seat.memberships), seat.expected)
            if seat.empty:
                line.empty_in.append(seat.body.short_name)
    return list(totals.values())
