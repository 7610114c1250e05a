"""Scheduling a meeting and changing it: validation (the one place its rules live),
schedule, publish, update, cancel, the agenda and who is invited.

Every write is a verb with keyword arguments and the acting user, runs in
``transaction.atomic``, writes an audit row and queues its mails through
``meetings.invitations`` (one outbox row per recipient, handed to Celery on commit).
Inviting N people costs a constant number of queries.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Body, Membership
from portal import audit
from portal.permissions import has_perm, require

from .invitations import send_meeting_mail
from .models import AgendaItem, Meeting, MeetingLocked, Participant

MATERIAL_FIELDS = ("starts_at", "ends_at", "place", "remote_url")
CALENDAR_FIELDS = (*MATERIAL_FIELDS, "title", "description")
EDITABLE_FIELDS = (*CALENDAR_FIELDS, "host_organisation", "visibility")


# --- validation ----------------------------------------------------------------------------


def validate_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    errors = {}
    if starts_at and starts_at <= timezone.now():
        errors["starts_at"] = _("The meeting cannot start in the past.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if errors:
        raise ValidationError(errors)


def check_conveners(actor, bodies: list[Body]) -> None:
    """A joint meeting needs the right to convene every body in it."""
    refused = [b.name for b in bodies if not has_perm(actor, "meetings.schedule_meeting", b)]
    if refused:
        raise ValidationError(
            {
                "bodies": _("You may not convene %(bodies)s: ask its convener to schedule it.")
                % {"bodies": ", ".join(refused)}
            }
        )


def resolve_guests(emails: list[str], bodies: list[Body]):
    """Users for the given addresses, each of whom may see every body of the meeting."""
    from organisations.models import User

    wanted = [e.strip().lower() for e in emails if e.strip()]
    if not wanted:
        return []
    users = {
        u.email: u for u in User.objects.filter(email__in=wanted).select_related("organisation")
    }
    errors = []
    for email in wanted:
        user = users.get(email)
        if user is None or not user.is_active:
            errors.append(_("%(email)s has no account in the portal.") % {"email": email})
        elif not all(has_perm(user, "forums.view_body", body) for body in bodies):
            errors.append(
                _("%(email)s has no access to this body and cannot be invited.") % {"email": email}
            )
    if errors:
        raise ValidationError({"guests": errors})
    return [users[e] for e in dict.fromkeys(wanted)]


# --- schedule, update, cancel -------------------------------------------------------------


def schedule_meeting(
    *,
    actor,
    body: Body,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    host_organisation,
    joint_bodies: list[Body] | None = None,
    place: str = "",
    remote_url: str = "",
    description: str = "",
    visibility: str | None = None,
    agenda: list[dict[str, Any]] | None = None,
    guests: list | None = None,
    publish: bool = True,
    convener=None,
) -> Meeting:
    """Create a meeting (with its agenda); when ``publish`` invite everyone right away."""
    bodies = [body, *[b for b in (joint_bodies or []) if b.pk != body.pk]]
    check_conveners(actor, bodies)
    validate_times(starts_at, ends_at)
    if not place and not remote_url:
        raise ValidationError(_("Give a place, a remote link or both."))
    guests = guests or []
    for guest in guests:
        if not all(has_perm(guest, "forums.view_body", b) for b in bodies):
            raise ValidationError(
                {
                    "guests": _("%(name)s has no access to this body and cannot be invited.")
                    % {"name": guest.display_name}
                }
            )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            remote_url=remote_url,
            host_organisation=host_organisation,
            visibility=visibility or _default_visibility(bodies),
            status=Meeting.Status.DRAFT,
            convener=convener or actor,
            created_by=actor,
        )
        meeting.bodies.set(bodies)
        meeting._bodies_cache = bodies
        items = [
            AgendaItem(meeting=meeting, number=i, **item)
            for i, item in enumerate(agenda or default_agenda(), start=1)
        ]
        AgendaItem.objects.bulk_create(items)
        audit.record(
            actor=actor,
            action="meeting.created",
            target=meeting,
            organisation=host_organisation,
            changes={
                "starts_at": [None, str(starts_at)],
                "bodies": [None, [b.slug for b in bodies]],
            },
        )
        if guests:
            Participant.objects.bulk_create(
                [
                    Participant(
                        meeting=meeting,
                        user=g,
                        kind=Participant.Kind.GUEST,
                        organisation_id=g.organisation_id,
                    )
                    for g in guests
                ]
            )
        if publish:
            _publish(actor=actor, meeting=meeting, agenda_items=items)
    return meeting


def publish_meeting(*, actor, meeting: Meeting) -> Meeting:
    require(actor, "meetings.change_meeting", meeting)
    if not meeting.is_draft:
        raise MeetingLocked(_("Only a draft can be published."))
    validate_times(meeting.starts_at, meeting.ends_at)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.is_draft:
            raise MeetingLocked(_("Only a draft can be published."))
        _publish(actor=actor, meeting=meeting)
    return meeting


def _publish(*, actor, meeting: Meeting, agenda_items=None) -> None:
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save(update_fields=["status", "updated_at"])
    participants = _sync_participants(meeting)
    audit.record(
        actor=actor,
        action="meeting.scheduled",
        target=meeting,
        changes={"status": ["draft", "scheduled"], "invited": [None, len(participants)]},
    )
    send_meeting_mail(
        meeting,
        participants,
        template="meeting_invitation",
        kind="meeting_invitation",
        agenda_items=agenda_items,
    )


def update_meeting(
    *,
    actor,
    meeting: Meeting,
    data: dict[str, Any],
    agenda: list[dict[str, Any]] | None = None,
    joint_bodies: list[Body] | None = None,
    guests: list | None = None,
) -> Meeting:
    """Change a meeting. A real change to what calendars show raises SEQUENCE and re-sends
    METHOD:REQUEST to everyone; a change of time or place also resets the answers."""
    require(actor, "meetings.change_meeting", meeting)
    if not meeting.is_editable():
        raise MeetingLocked(
            _("This meeting is %(status)s and can no longer be changed.")
            % {"status": meeting.get_status_display()}
        )
    starts_at = data.get("starts_at", meeting.starts_at)
    ends_at = data.get("ends_at", meeting.ends_at)
    if "starts_at" in data or "ends_at" in data:
        if starts_at != meeting.starts_at or ends_at != meeting.ends_at:
            validate_times(starts_at, ends_at)
    bodies = None
    if joint_bodies is not None:
        bodies = [meeting.body, *[b for b in joint_bodies if b.pk != meeting.body_id]]
        added = [b for b in bodies if b.pk not in set(meeting.bodies.values_list("pk", flat=True))]
        check_conveners(actor, added)
    before = {name: getattr(meeting, name) for name in data}
    changes = audit.diff(before, data)
    if not (data.get("place", meeting.place) or data.get("remote_url", meeting.remote_url)):
        raise ValidationError(_("Give a place, a remote link or both."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.is_editable():
            raise MeetingLocked(_("This meeting can no longer be changed."))
        for name in changes:
            setattr(meeting, name, data[name])
        agenda_changed = False
        if agenda is not None:
            agenda_changed = _replace_agenda(meeting, agenda)
        if bodies is not None:
            current = set(meeting.bodies.values_list("pk", flat=True))
            if current != {b.pk for b in bodies}:
                meeting.bodies.set(bodies)
                changes["bodies"] = [sorted(current), sorted(b.pk for b in bodies)]
        if guests:
            existing = set(meeting.participants.values_list("user_id", flat=True))
            new = [g for g in guests if g.pk not in existing]
            Participant.objects.bulk_create(
                [
                    Participant(
                        meeting=meeting,
                        user=g,
                        kind=Participant.Kind.GUEST,
                        organisation_id=g.organisation_id,
                    )
                    for g in new
                ]
            )
            if new:
                changes["guests"] = [None, [g.email for g in new]]
        if agenda_changed:
            changes["agenda"] = ["…", "…"]
        if not changes:
            return meeting
        material = any(name in changes for name in MATERIAL_FIELDS)
        calendar_change = material or any(name in changes for name in CALENDAR_FIELDS)
        update_fields = [name for name in changes if name in EDITABLE_FIELDS]
        if meeting.is_draft:
            meeting.save(update_fields=[*update_fields, "updated_at"])
            audit.record(actor=actor, action="meeting.updated", target=meeting, changes=changes)
            return meeting
        meeting.sequence += 1
        update_fields.append("sequence")
        if "starts_at" in changes:
            meeting.reminder_sent_for = None
            update_fields.append("reminder_sent_for")
        meeting.save(update_fields=[*update_fields, "updated_at"])
        if material:
            # New time or place: earlier answers no longer hold, earlier links stop working.
            meeting.participants.update(
                answer=Participant.Answer.NONE,
                answered_at=None,
                link_nonce=secrets.token_urlsafe(9),
            )
        audit.record(
            actor=actor,
            action="meeting.updated",
            target=meeting,
            changes={**changes, "sequence": [meeting.sequence - 1, meeting.sequence]},
        )
        participants = _sync_participants(meeting)
        send_meeting_mail(
            meeting,
            participants,
            template="meeting_update",
            kind="meeting_update",
            extra={
                "material": material,
                "calendar_change": calendar_change,
                "changed": sorted(changes),
            },
        )
    return meeting


def cancel_meeting(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """METHOD:CANCEL with STATUS:CANCELLED (same UID, SEQUENCE+1) to everyone invited."""
    require(actor, "meetings.change_meeting", meeting)
    if meeting.is_cancelled:
        raise MeetingLocked(_("The meeting has already been cancelled."))
    if meeting.status == Meeting.Status.HELD:
        raise MeetingLocked(_("A meeting that has been held cannot be cancelled."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_cancelled:
            raise MeetingLocked(_("The meeting has already been cancelled."))
        was_draft = locked.is_draft
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancel_reason = reason
        meeting.cancelled_at = timezone.now()
        meeting.sequence += 1
        meeting.save(
            update_fields=["status", "cancel_reason", "cancelled_at", "sequence", "updated_at"]
        )
        audit.record(
            actor=actor,
            action="meeting.cancelled",
            target=meeting,
            changes={"status": [locked.status, "cancelled"], "reason": [None, reason]},
        )
        if not was_draft:
            participants = list(
                meeting.participants.invited().select_related("user", "deputy_for__user")
            )
            send_meeting_mail(
                meeting,
                participants,
                template="meeting_cancelled",
                kind="meeting_cancelled",
                method="CANCEL",
            )
    return meeting


def _default_visibility(bodies: list[Body]) -> str:
    order = [Meeting.Visibility.MEMBERS, Meeting.Visibility.PARTIES, Meeting.Visibility.PUBLIC]
    # The narrowest visibility among the bodies: a joint meeting is no more public than its
    # most private body.
    return min((b.visibility for b in bodies), key=lambda v: order.index(v) if v in order else 0)


def default_agenda() -> list[dict[str, Any]]:
    """The Finnish opening items: legality and quorum, minute checkers, agenda."""
    return [
        {"title": _("Opening of the meeting")},
        {"title": _("Legality and quorum of the meeting")},
        {"title": _("Choosing the minute checkers")},
        {"title": _("Approval of the agenda")},
    ]


def _replace_agenda(meeting: Meeting, agenda: list[dict[str, Any]]) -> bool:
    """Write the agenda anew when it differs; attachments of kept items are kept."""
    current = list(meeting.agenda_items.order_by("number"))
    keys = ("title", "preparer_id", "description", "proposed_decision")

    def row(item) -> tuple:
        if isinstance(item, dict):
            return tuple(
                (item.get("preparer").pk if item.get("preparer") else None)
                if k == "preparer_id"
                else item.get(k, "")
                for k in keys
            )
        return tuple(getattr(item, k) or ("" if k != "preparer_id" else None) for k in keys)

    if [row(i) for i in current] == [row(i) for i in agenda] and not any(
        i.get("attachment") for i in agenda
    ):
        return False
    attachments = {i.number: i.attachment for i in current}
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                number=n,
                **{k: v for k, v in item.items() if k != "attachment"},
                attachment=item.get("attachment") or attachments.get(n) or "",
            )
            for n, item in enumerate(agenda, start=1)
        ]
    )
    return True


# --- participants -------------------------------------------------------------------------


def _sync_participants(meeting: Meeting) -> list[Participant]:
    """Make sure every current member and personal deputy of the meeting's bodies is a
    participant; return all invited participants (constant number of queries)."""
    on = timezone.localtime(meeting.starts_at).date()
    bodies = getattr(meeting, "_bodies_cache", None) or list(meeting.bodies.all())
    seats = list(
        Membership.objects.current(on)
        .filter(body__in=bodies)
        .select_related("person", "deputy")
        .order_by("pk")
    )
    existing = {
        p.user_id: p for p in meeting.participants.select_related("user", "deputy_for__user")
    }
    new_members: dict[int, Participant] = {}
    for seat in seats:
        person = seat.person
        if person.pk in existing or person.pk in new_members or not person.is_active:
            continue
        new_members[person.pk] = Participant(
            meeting=meeting,
            user=person,
            kind=Participant.Kind.MEMBER,
            organisation_id=seat.organisation_id,
        )
    Participant.objects.bulk_create(new_members.values())
    members = {**{uid: p for uid, p in existing.items()}, **new_members}
    new_deputies: dict[int, Participant] = {}
    for seat in seats:
        deputy = seat.deputy
        if deputy is None or not deputy.is_active:
            continue
        if deputy.pk in members or deputy.pk in new_deputies:
            continue
        new_deputies[deputy.pk] = Participant(
            meeting=meeting,
            user=deputy,
            kind=Participant.Kind.DEPUTY,
            organisation_id=seat.organisation_id,
            deputy_for=members.get(seat.person_id),
        )
    Participant.objects.bulk_create(new_deputies.values())
    everyone = [*members.values(), *new_deputies.values()]
    return [p for p in everyone if p.removed_at is None]
