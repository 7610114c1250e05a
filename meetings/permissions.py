"""Rules for meetings, minutes and the decision register, registered on portal.permissions.

``meetings.schedule_meeting`` (obj: Body)
    Schedule a meeting of the body, or add the body to a joint meeting: the body is in
    :func:`schedulable_bodies` — active bodies the user may convene
    (``Body.objects.convenable_by``: coordinators, the current chair and secretary, the fixed
    convening organisation while it convenes, an open network's founder, named preparers).
``meetings.create_meeting`` (obj: None)
    Open the scheduling page: the user may schedule for at least one body.
``meetings.view_meeting`` (obj: Meeting; anonymous for public meetings)
    Mirrors ``Meeting.objects.visible_to``.
``meetings.change_meeting`` (obj: Meeting)
    Edit, publish, cancel, see delivery: whoever may convene the convening body, and the
    meeting's own convener.
``meetings.answer_meeting`` (obj: Participant)
    Only the participant themself.
``meetings.write_minutes`` (obj: Meeting)
    Whoever may change the meeting (conveners, named preparers, coordinators).
``meetings.approve_minutes`` (obj: Meeting)
    The convening body's real conveners (``Body.objects.convened_by``) and coordinators;
    not named preparers.
``meetings.check_minutes`` (obj: Meeting)
    Minute checkers: any participant of the meeting, or whoever writes the minutes.
``meetings.view_minutes`` (obj: Meeting; anonymous for approved minutes of public meetings)
    Approved minutes: whoever sees the meeting. Drafts: participants and the writers.
``meetings.manage_actions`` (obj: Body)
    Mark action items done or dropped: whoever may convene the body.
``meetings.set_action_status`` (obj: ActionItem)
    Whoever manages the body's actions, and the owner organisation's admins.
"""

from __future__ import annotations

from forums.models import Body, BodyQuerySet
from portal.permissions import has_perm, is_active_user, is_coordinator, is_org_admin, public, rule

from .models import ActionItem, Meeting, Minutes


def schedulable_bodies(user) -> BodyQuerySet:
    """The bodies ``user`` may schedule meetings for: the one answer, used by the rule, the
    scheduling form's choices, the view and the service."""
    return Body.objects.convenable_by(user).active()


@rule("meetings.schedule_meeting")
def may_schedule_meeting(user, body: Body) -> bool:
    return schedulable_bodies(user).filter(pk=body.pk).exists()


@rule("meetings.create_meeting")
def may_create_meeting(user, obj=None) -> bool:
    return schedulable_bodies(user).exists()


@rule("meetings.view_meeting")
@public
def may_view_meeting(user, meeting: Meeting) -> bool:
    if meeting.visibility == Meeting.Visibility.PUBLIC and not meeting.is_draft:
        return True
    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


@rule("meetings.change_meeting")
def may_change_meeting(user, meeting: Meeting) -> bool:
    if is_coordinator(user) or meeting.convener_id == user.pk:
        return True
    return has_perm(user, "forums.convene_body", meeting.body)


@rule("meetings.answer_meeting")
def may_answer_meeting(user, participant) -> bool:
    return participant.user_id == user.pk


@rule("meetings.write_minutes")
def may_write_minutes(user, meeting: Meeting) -> bool:
    return may_change_meeting(user, meeting)


@rule("meetings.approve_minutes")
def may_approve_minutes(user, meeting: Meeting) -> bool:
    """Approving binds the body: its real conveners and coordinators, not named preparers."""
    return Body.objects.convened_by(user).filter(pk=meeting.body_id).exists()


@rule("meetings.check_minutes")
def may_check_minutes(user, meeting: Meeting) -> bool:
    if may_write_minutes(user, meeting):
        return True
    return meeting.participants.filter(user=user, removed_at__isnull=True).exists()


@rule("meetings.view_minutes")
@public
def may_view_minutes(user, meeting: Meeting) -> bool:
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        return may_view_meeting(user, meeting)
    if not is_active_user(user):
        return False
    return may_check_minutes(user, meeting)


@rule("meetings.manage_actions")
def may_manage_actions(user, body: Body) -> bool:
    return has_perm(user, "forums.convene_body", body)


@rule("meetings.set_action_status")
def may_set_action_status(user, item: ActionItem) -> bool:
    return may_manage_actions(user, item.body) or is_org_admin(user, item.owner_organisation_id)
