"""The rhythm watch: each body's cadence rule (meetings a year, per council term, the yearly
follow-up window, the joint meeting, roles elected at the first meeting) evaluated for the
current year and term, and the monthly alert to the conveners of bodies at risk."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import Body, CouncilTerm, RoleAssignment
from organisations.models import User
from portal.lib import mail

from .models import Meeting, RhythmAlert

ELECTED_ROLES = {"chair", "vice_chair", "secretary"}
STATE_ORDER = ["missed", "at_risk", "on_track", "met"]


@dataclass
class RhythmCheck:
    label: str
    state: str  # met | on_track | at_risk | missed
    held: int = 0
    planned: int = 0
    needed: int = 0


@dataclass
class Rhythm:
    body: Body
    checks: list[RhythmCheck] = field(default_factory=list)

    @property
    def state(self) -> str:
        if not self.checks:
            return ""
        return min((c.state for c in self.checks), key=STATE_ORDER.index)


@dataclass(frozen=True)
class _Met:
    """What the checks read of one meeting: a row of values, not a model instance."""

    day: datetime.date  # the local date it starts
    ends_at: datetime.datetime
    status: str
    body_ids: frozenset[int]


@dataclass
class _Context:
    """What every check of one body needs: its meetings, the year, the term, its roles."""

    today: datetime.date
    now: datetime.datetime
    term: CouncilTerm | None
    meetings: list[_Met]
    roles: set[str]

    def this_year(self) -> list[_Met]:
        return [m for m in self.meetings if m.day.year == self.today.year]

    def split(self, meetings: list[_Met]) -> tuple[int, int]:
        """(held, planned): held once approved as held or over."""
        held = sum(1 for m in meetings if m.status == Meeting.Status.HELD or m.ends_at < self.now)
        return held, len(meetings) - held


def _count_state(held: int, planned: int, needed: int, period_over: bool) -> str:
    if held >= needed:
        return "met"
    if period_over:
        return "missed"
    if held + planned >= needed:
        return "on_track"
    return "at_risk"


def _counted(label: str, ctx: _Context, meetings: list[_Met], needed: int, over: bool):
    held, planned = ctx.split(meetings)
    return RhythmCheck(label, _count_state(held, planned, needed, over), held, planned, needed)


def _yearly(body: Body, ctx: _Context) -> RhythmCheck | None:
    n = body.meetings_per_year_min
    if not n:
        return None
    label = ngettext(
        "At least %(n)s meeting in %(year)s", "At least %(n)s meetings in %(year)s", n
    ) % {"n": n, "year": ctx.today.year}
    return _counted(label, ctx, ctx.this_year(), n, False)


def _per_term(body: Body, ctx: _Context) -> RhythmCheck | None:
    n, term = body.meetings_per_term_min, ctx.term
    if not n or term is None:
        return None
    in_term = [m for m in ctx.meetings if term.contains(m.day)]
    label = ngettext(
        "At least %(n)s meeting in the council term %(term)s",
        "At least %(n)s meetings in the council term %(term)s",
        n,
    ) % {"n": n, "term": str(term)}
    return _counted(label, ctx, in_term, n, ctx.today > term.ends_on)


def _follow_up(body: Body, ctx: _Context) -> RhythmCheck | None:
    first, last = body.follow_up_month_from, body.follow_up_month_to
    if not (first and last):
        return None
    window = [m for m in ctx.this_year() if first <= m.day.month <= last]
    label = _("Follow-up meeting in months %(a)s–%(b)s") % {"a": first, "b": last}
    return _counted(label, ctx, window, 1, ctx.today.month > last)


def _joint(body: Body, ctx: _Context) -> RhythmCheck | None:
    n = body.joint_meetings_per_year_min
    if not (body.joint_with_id and n):
        return None
    joint = [m for m in ctx.this_year() if body.joint_with_id in m.body_ids]
    label = ngettext(
        "At least %(n)s joint meeting a year", "At least %(n)s joint meetings a year", n
    ) % {"n": n}
    return _counted(label, ctx, joint, n, False)


def _roles_elected(body: Body, ctx: _Context) -> RhythmCheck | None:
    """Each forum elects a chair, vice-chair and secretary at its first meeting (§3)."""
    if body.tier not in (Body.Tier.LEADERSHIP, Body.Tier.WORKGROUPS) or not ctx.meetings:
        return None
    held, planned = ctx.split(ctx.meetings)
    if ELECTED_ROLES <= ctx.roles:
        state = "met"
    else:
        state = "missed" if held else "on_track"
    label = _("Chair, vice-chair and secretary elected at the first meeting")
    return RhythmCheck(label, state, held, planned, 1)


CHECKS: list[Callable[[Body, _Context], RhythmCheck | None]] = [
    _yearly,
    _per_term,
    _follow_up,
    _joint,
    _roles_elected,
]


def _meetings_by_body(bodies: list[Body], since: datetime.date) -> dict[int, list[_Met]]:
    """{body_id: its meetings since ``since``} from one query of plain values (a row per
    meeting and body), whatever the number of bodies and meetings."""
    since_dt = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    wanted = {b.pk for b in bodies}
    links = Meeting.bodies.through.objects
    rows = (
        links.filter(meeting__starts_at__gte=since_dt)
        .filter(meeting__in=links.filter(body__in=wanted).values("meeting_id"))
        .exclude(meeting__status__in=[Meeting.Status.CANCELLED, Meeting.Status.DRAFT])
        .values_list(
            "meeting_id", "body_id", "meeting__starts_at", "meeting__ends_at", "meeting__status"
        )
    )
    found: dict[int, tuple] = {}
    bodies_of: dict[int, set[int]] = {}
    for meeting_id, body_id, starts_at, ends_at, status in rows:
        found[meeting_id] = (timezone.localtime(starts_at).date(), ends_at, status)
        bodies_of.setdefault(meeting_id, set()).add(body_id)
    by_body: dict[int, list[_Met]] = {}
    for meeting_id, (day, ends_at, status) in sorted(found.items(), key=lambda kv: kv[1][0]):
        met = _Met(day, ends_at, status, frozenset(bodies_of[meeting_id]))
        for body_id in met.body_ids & wanted:
            by_body.setdefault(body_id, []).append(met)
    return by_body


def _roles_by_body(bodies: list[Body], today: datetime.date) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    current = RoleAssignment.objects.current(today).filter(body__in=bodies)
    for body_id, role in current.values_list("body_id", "role"):
        roles.setdefault(body_id, set()).add(role)
    return roles


def rhythm_for_bodies(bodies: list[Body], *, today: datetime.date | None = None) -> list[Rhythm]:
    """Each body's cadence rule evaluated for the current year and council term (three or
    four queries however many bodies). Bodies without any rule are left out."""
    today = today or timezone.localdate()
    term = CouncilTerm.objects.on(today)
    year_start = datetime.date(today.year, 1, 1)
    by_body = _meetings_by_body(bodies, min(year_start, term.starts_on) if term else year_start)
    roles = _roles_by_body(bodies, today)
    now = timezone.now()
    results = []
    for body in bodies:
        ctx = _Context(today, now, term, by_body.get(body.pk, []), roles.get(body.pk, set()))
        checks = [check for check in (rule(body, ctx) for rule in CHECKS) if check is not None]
        if checks:
            results.append(Rhythm(body, checks))
    return results


# --- the monthly alert ------------------------------------------------------------------------


def conveners_of(body: Body, on: datetime.date) -> list[User]:
    """The people who convene the body now: chair and secretary, else the convening
    organisation's admins."""
    holders = list(
        User.objects.filter(
            is_active=True,
            body_roles__in=RoleAssignment.objects.current(on).filter(
                body=body, role__in=[RoleAssignment.Role.CHAIR, RoleAssignment.Role.SECRETARY]
            ),
        ).distinct()
    )
    if holders or body.convener_organisation_id is None:
        return holders
    return list(
        User.objects.filter(
            is_active=True, role="org_admin", organisation_id=body.convener_organisation_id
        )
    )


def _alert_mails(rhythm: Rhythm, today: datetime.date) -> list[mail.Mail]:
    body = rhythm.body
    context = {
        "body": body,
        "rhythm": rhythm,
        "body_url": f"{settings.SITE_URL}{body.get_absolute_url()}",
        "schedule_url": f"{settings.SITE_URL}{reverse('meetings:meeting_create')}?body={body.slug}",
    }
    return [
        mail.Mail(template="meeting_rhythm_alert", to_email=p.email, to_user=p, context=context)
        for p in conveners_of(body, today)
    ]


def send_rhythm_alerts(*, today: datetime.date | None = None) -> int:
    """Mail each body's conveners what is at risk, once a month per body: the RhythmAlert
    row and the mails are written in one transaction, and the row's unique (body, month)
    lets only one of two simultaneous runs send."""
    today = today or timezone.localdate()
    month = f"{today:%Y-%m}"
    bodies = list(Body.objects.active(today).select_related("convener_organisation"))
    at_risk = [
        r for r in rhythm_for_bodies(bodies, today=today) if r.state in ("at_risk", "missed")
    ]
    done = set(
        RhythmAlert.objects.filter(month=month, body__in=[r.body for r in at_risk]).values_list(
            "body_id", flat=True
        )
    )
    sent = 0
    for rhythm in at_risk:
        if rhythm.body.pk in done:
            continue
        try:
            with transaction.atomic():
                RhythmAlert.objects.create(body=rhythm.body, month=month)
                mails = _alert_mails(rhythm, today)
                mail.queue(mails, kind="meeting_rhythm_alert", related=rhythm.body)
        except IntegrityError:
            continue  # another run alerted this body this month
        sent += len(mails)
    return sent
