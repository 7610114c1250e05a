"""Rules for meetings, minutes and the decision register (imported from forums/permissions.py).

``forums.schedule_meeting`` (obj: Body)
    Schedule a meeting of the body, or add the body to a joint meeting: whoever may convene
    the body (``forums.convene_body``: coordinators, the current chair and secretary, the
    fixed convening organisation while it convenes, the body's named preparers).
``forums.view_meeting`` (obj: Meeting; anonymous for public meetings)
    Mirrors ``Meeting.objects.visible_to``.
``forums.change_meeting`` (obj: Meeting)
    Edit, publish, cancel, see delivery: whoever may convene the convening body, and the
    meeting's own convener.
``forums.answer_meeting`` (obj: Participant)
    Only the participant themself.
``forums.write_minutes`` (obj: Meeting)
    The convening body's secretary, chair, conveners and named preparers; coordinators.
``forums.approve_minutes`` (obj: Meeting)
    The convening body's real conveners (chair, secretary, convening organisation) and
    coordinators; not named preparers.
``forums.check_minutes`` (obj: Meeting)
    Minute checkers: any participant of the meeting, or whoever writes the minutes.
``forums.view_minutes`` (obj: Meeting; anonymous for approved minutes of public meetings)
    Approved minutes: whoever sees the meeting. Drafts: participants and the writers.
``forums.manage_actions`` (obj: Body)
    Mark action items done or dropped: whoever may convene the body, and the owner
    organisation's admins (checked per item in the service).
"""

from __future__ import annotations

from django.db.models import Q

from portal.permissions import has_perm, is_coordinator, public, rule


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def body_ids_user_sits_in(user):
    """A subquery of body ids where the user is a current member, deputy or role holder."""
    from .models import Body

    return Body.objects.for_person(user).values("pk")


def body_ids_user_schedules(user):
    """A subquery of body ids whose meetings (drafts included) the user prepares: current
    chair or secretary, the fixed convening organisation's admin or sitting member, or a
    named preparer of the body (``Body.objects.prepared_by``)."""
    from .models import Body, RoleAssignment

    if not _authenticated(user):
        return Body.objects.none().values("pk")
    roles = RoleAssignment.objects.current().filter(
        person=user, role__in=[RoleAssignment.Role.CHAIR, RoleAssignment.Role.SECRETARY]
    )
    fixed = Q(
        convener_rule__in=[
            Body.ConvenerRule.ORGANISATION,
            Body.ConvenerRule.ORGANISATION_THEN_CHAIR,
        ],
        convener_organisation_id=user.organisation_id,
    )
    if user.role != "org_admin":
        # The fixed organisation's people convene only the bodies they sit in.
        fixed &= Q(pk__in=Body.objects.for_person(user).values("pk"))
    prepares = Q(pk__in=Body.objects.prepared_by(user).values("pk"))
    return Body.objects.filter(Q(pk__in=roles.values("body")) | fixed | prepares).values("pk")


@rule("forums.schedule_meeting")
def schedule_meeting(user, body) -> bool:
    return has_perm(user, "forums.convene_body", body)


@rule("forums.view_meeting")
@public
def view_meeting(user, meeting) -> bool:
    from .models import Meeting

    if meeting.visibility == Meeting.Visibility.PUBLIC and not meeting.is_draft:
        return True
    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


@rule("forums.change_meeting")
def change_meeting(user, meeting) -> bool:
    if is_coordinator(user) or meeting.convener_id == user.pk:
        return True
    return has_perm(user, "forums.convene_body", meeting.body)


@rule("forums.answer_meeting")
def answer_meeting(user, participant) -> bool:
    return participant.user_id == user.pk


@rule("forums.write_minutes")
def write_minutes(user, meeting) -> bool:
    return change_meeting(user, meeting)


@rule("forums.approve_minutes")
def approve_minutes(user, meeting) -> bool:
    """Approving binds the body: its real conveners (chair, secretary, the convening
    organisation) and coordinators – not named preparers, who draft and edit."""
    from .permissions import convenes

    return is_coordinator(user) or convenes(user, meeting.body)


@rule("forums.check_minutes")
def check_minutes(user, meeting) -> bool:
    if write_minutes(user, meeting):
        return True
    return meeting.participants.filter(user=user, removed_at__isnull=True).exists()


@rule("forums.view_minutes")
@public
def view_minutes(user, meeting) -> bool:
    from .models import Minutes

    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        return view_meeting(user, meeting)
    if not _authenticated(user):
        return False
    return check_minutes(user, meeting)


@rule("forums.manage_actions")
def manage_actions(user, body) -> bool:
    return has_perm(user, "forums.convene_body", body)
