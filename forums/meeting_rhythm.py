"""The rhythm watch (each body's cadence for the year and the council term), the monthly
alert to conveners, and the meetings' dashboard panel and body-page panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib import mail
from portal.permissions import has_perm

from .meeting_models import ActionItem, Meeting, Participant
from .models import Body, CouncilTerm, RoleAssignment

ELECTED_ROLES = {"chair", "vice_chair", "secretary"}

__all__ = [
    "Rhythm",
    "RhythmCheck",
    "body_panel",
    "conveners_of",
    "dashboard_context",
    "my_meetings",
    "rhythm_for_bodies",
    "send_rhythm_alerts",
]


# --- rhythm watch ---------------------------------------------------------------------------


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
        order = ["missed", "at_risk", "on_track", "met"]
        if not self.checks:
            return ""
        return min((c.state for c in self.checks), key=order.index)


def _count_state(held: int, planned: int, needed: int, period_over: bool) -> str:
    if held >= needed:
        return "met"
    if period_over:
        return "missed"
    if held + planned >= needed:
        return "on_track"
    return "at_risk"


def rhythm_for_bodies(bodies: list[Body], *, today: datetime.date | None = None) -> list[Rhythm]:
    """Each body's cadence rule evaluated for the current year and council term, and whether
    a forum or workgroup that has met has elected its roles (three or four queries however
    many bodies)."""
    today = today or timezone.localdate()
    now = timezone.now()
    term = CouncilTerm.objects.on(today)
    year_start = datetime.date(today.year, 1, 1)
    since = min(year_start, term.starts_on) if term else year_start
    since_dt = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    meetings = list(
        Meeting.objects.filter(bodies__in=bodies, starts_at__gte=since_dt)
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.DRAFT])
        .prefetch_related("bodies")
        .distinct()
    )
    by_body: dict[int, list[Meeting]] = {}
    for m in meetings:
        for b in m.bodies.all():
            by_body.setdefault(b.pk, []).append(m)
    roles: dict[int, set[str]] = {}
    for body_id, role in (
        RoleAssignment.objects.current(today).filter(body__in=bodies).values_list("body_id", "role")
    ):
        roles.setdefault(body_id, set()).add(role)
    results = []
    for body in bodies:
        mine = by_body.get(body.pk, [])
        this_year = [m for m in mine if timezone.localtime(m.starts_at).year == today.year]

        def split(ms):
            held = sum(1 for m in ms if m.status == Meeting.Status.HELD or m.ends_at < now)
            return held, len(ms) - held

        rhythm = Rhythm(body)
        if body.meetings_per_year_min:
            held, planned = split(this_year)
            rhythm.checks.append(
                RhythmCheck(
                    _("At least %(n)s meetings in %(year)s")
                    % {"n": body.meetings_per_year_min, "year": today.year},
                    _count_state(held, planned, body.meetings_per_year_min, False),
                    held,
                    planned,
                    body.meetings_per_year_min,
                )
            )
        if body.meetings_per_term_min and term is not None:
            in_term = [m for m in mine if term.contains(timezone.localtime(m.starts_at).date())]
            held, planned = split(in_term)
            rhythm.checks.append(
                RhythmCheck(
                    _("At least %(n)s per council term %(term)s")
                    % {"n": body.meetings_per_term_min, "term": str(term)},
                    _count_state(held, planned, body.meetings_per_term_min, today > term.ends_on),
                    held,
                    planned,
                    body.meetings_per_term_min,
                )
            )
        if body.follow_up_month_from and body.follow_up_month_to:
            window = [
                m
                for m in this_year
                if body.follow_up_month_from
                <= timezone.localtime(m.starts_at).month
                <= body.follow_up_month_to
            ]
            held, planned = split(window)
            over = today.month > body.follow_up_month_to
            rhythm.checks.append(
                RhythmCheck(
                    _("Follow-up meeting in months %(a)s–%(b)s")
                    % {"a": body.follow_up_month_from, "b": body.follow_up_month_to},
                    _count_state(held, planned, 1, over),
                    held,
                    planned,
                    1,
                )
            )
        if body.joint_with_id and body.joint_meetings_per_year_min:
            joint = [
                m for m in this_year if any(b.pk == body.joint_with_id for b in m.bodies.all())
            ]
            held, planned = split(joint)
            rhythm.checks.append(
                RhythmCheck(
                    _("At least %(n)s joint meeting a year")
                    % {"n": body.joint_meetings_per_year_min},
                    _count_state(held, planned, body.joint_meetings_per_year_min, False),
                    held,
                    planned,
                    body.joint_meetings_per_year_min,
                )
            )
        if body.tier in (Body.Tier.LEADERSHIP, Body.Tier.WORKGROUPS) and mine:
            # "Each forum elects a chair, vice-chair and secretary at its first meeting."
            held, planned = split(mine)
            if ELECTED_ROLES <= roles.get(body.pk, set()):
                state = "met"
            else:
                state = "missed" if held else "on_track"
            rhythm.checks.append(
                RhythmCheck(
                    _("Chair, vice-chair and secretary elected at the first meeting"),
                    state,
                    held,
                    planned,
                    1,
                )
            )
        if rhythm.checks:
            results.append(rhythm)
    return results


def send_rhythm_alerts(*, today: datetime.date | None = None) -> int:
    """Mail each body's conveners what is at risk. Idempotent per month via the audit log."""
    from portal.models import AuditEvent

    today = today or timezone.localdate()
    key = f"{today:%Y-%m}"
    bodies = list(Body.objects.active(today).select_related("convener_organisation"))
    at_risk = [
        r for r in rhythm_for_bodies(bodies, today=today) if r.state in ("at_risk", "missed")
    ]
    if not at_risk:
        return 0
    done = set(
        AuditEvent.objects.filter(action="meeting.rhythm_alert", changes__month=key).values_list(
            "target_id", flat=True
        )
    )
    mails = []
    with transaction.atomic():
        for rhythm in at_risk:
            body = rhythm.body
            if str(body.pk) in done:
                continue
            for person in conveners_of(body, today):
                mails.append(
                    mail.Mail(
                        template="meeting_rhythm_alert",
                        to_email=person.email,
                        to_user=person,
                        context={
                            "body": body,
                            "rhythm": rhythm,
                            "body_url": f"{settings.SITE_URL}{body.get_absolute_url()}",
                            "schedule_url": f"{settings.SITE_URL}"
                            f"{reverse('forums:meeting_create')}?body={body.slug}",
                        },
                    )
                )
            AuditEvent.objects.create(
                action="meeting.rhythm_alert",
                target_repr=str(body)[:300],
                target_id=str(body.pk),
                changes={"month": key},
            )
        if mails:
            mail.queue(mails, kind="meeting_rhythm_alert")
    return len(mails)


def conveners_of(body: Body, on: datetime.date):
    """The people who convene the body now: chair and secretary, else the convening
    organisation's admins."""
    from organisations.models import User

    from .models import RoleAssignment

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


# --- dashboard and body page ----------------------------------------------------------------


def my_meetings(user):
    """Meetings where I'm invited, that my bodies hold, or that I convene."""
    return (
        Meeting.objects.visible_to(user)
        .filter(
            Q(participants__user=user)
            | Q(bodies__in=Body.objects.for_person(user))
            | Q(convener=user)
        )
        .distinct()
    )


def dashboard_context(user) -> dict[str, Any] | None:
    from portal.permissions import is_coordinator

    from .meeting_permissions import body_ids_user_schedules

    if not getattr(user, "is_authenticated", False):
        return None
    upcoming = list(my_meetings(user).upcoming().select_related("body").order_by("starts_at")[:5])
    unanswered = list(
        Participant.objects.invited()
        .filter(
            user=user,
            answer=Participant.Answer.NONE,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__ends_at__gte=timezone.now(),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")[:5]
    )
    cadence = (
        Q(meetings_per_year_min__isnull=False)
        | Q(meetings_per_term_min__isnull=False)
        | Q(follow_up_month_from__isnull=False)
        | Q(joint_meetings_per_year_min__isnull=False)
    )
    bodies_qs = Body.objects.active().filter(cadence)
    if is_coordinator(user):
        convenes = set(bodies_qs.values_list("pk", flat=True))
    else:
        convenes = set(body_ids_user_schedules(user).values_list("pk", flat=True))
        bodies_qs = bodies_qs.filter(
            Q(pk__in=Body.objects.for_person(user).values("pk")) | Q(pk__in=convenes)
        )
    bodies = list(bodies_qs.order_by("tier", "order", "name_fi"))
    rhythm = rhythm_for_bodies(bodies)
    if not (upcoming or unanswered or rhythm):
        return None
    return {
        "upcoming": upcoming,
        "unanswered": unanswered,
        "rhythm": rhythm,
        "convenes": convenes,
        "year": timezone.localdate().year,
    }


def body_panel(body: Body, user) -> dict[str, Any]:
    """Upcoming meetings, rhythm and register counts for a body's page."""
    upcoming = list(
        Meeting.objects.visible_to(user).filter(bodies=body).upcoming().order_by("starts_at")[:5]
    )
    rhythm = rhythm_for_bodies([body])
    return {
        "body": body,
        "upcoming": upcoming,
        "rhythm": rhythm[0] if rhythm else None,
        "can_schedule": has_perm(user, "forums.schedule_meeting", body),
        "open_actions": ActionItem.objects.filter(body=body).open().count(),
    }
