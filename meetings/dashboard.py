"""What meetings show elsewhere: the dashboard's meetings panel (my next meetings, invitations
to answer, the rhythm of my bodies) and the meetings panel of a body's page."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Body
from portal import dashboard
from portal.permissions import has_perm, is_active_user, is_coordinator

from .models import ActionItem, Meeting, MeetingQuerySet, Participant
from .rhythm import rhythm_for_bodies

CADENCE = (
    Q(meetings_per_year_min__isnull=False)
    | Q(meetings_per_term_min__isnull=False)
    | Q(follow_up_month_from__isnull=False)
    | Q(joint_meetings_per_year_min__isnull=False)
)


def my_meetings(user) -> MeetingQuerySet:
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


def _watched_bodies(user) -> tuple[list[Body], set[int]]:
    """Bodies whose rhythm the user follows (coordinators: every body with a rule), and
    the ids of those the user convenes."""
    bodies = Body.objects.active().filter(CADENCE)
    if is_coordinator(user):
        convenes = set(bodies.values_list("pk", flat=True))
    else:
        convenes = set(Body.objects.convenable_by(user).values_list("pk", flat=True))
        bodies = bodies.filter(
            Q(pk__in=Body.objects.for_person(user).values("pk")) | Q(pk__in=convenes)
        )
    return list(bodies.order_by("tier", "order", "name_fi")), convenes


def dashboard_context(user) -> dict[str, Any] | None:
    if not is_active_user(user):
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
        .exclude(meeting__convener=user)  # the organiser is not asked to answer
        .select_related("meeting")
        .order_by("meeting__starts_at")[:5]
    )
    bodies, convenes = _watched_bodies(user)
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


def meetings_panel(user) -> dashboard.Panel | None:
    """Registered on the dashboard by MeetingsConfig.ready. A constant number of queries."""
    context = dashboard_context(user)
    if context is None:
        return None
    tasks = [
        dashboard.Task(
            text=_("Answer the invitation: %(meeting)s") % {"meeting": p.meeting},
            url=p.meeting.get_absolute_url(),
        )
        for p in context["unanswered"]
    ]
    tasks += [
        dashboard.Task(
            text=_("Meeting rhythm at risk: %(body)s") % {"body": r.body.name},
            url=r.body.get_absolute_url(),
            urgent=True,
        )
        for r in context["rhythm"]
        if r.state in ("at_risk", "missed") and r.body.pk in context["convenes"]
    ]
    return dashboard.Panel(
        title=_("Meetings"),
        template="meetings/_meeting_dashboard.html",
        context=context,
        tasks=tasks,
        order=20,
    )


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
        "can_schedule": has_perm(user, "meetings.schedule_meeting", body),
        "open_actions": ActionItem.objects.filter(body=body).open().count(),
    }
