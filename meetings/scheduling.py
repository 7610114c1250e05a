"""Scheduling a meeting and changing it: validation (the one place its rules live),
schedule, publish, update, cancel, the agenda and who is invited.

Every write is a verb with keyword arguments and the acting user, runs in
``transaction.atomic``, writes an audit row and queues its mails through
``meetings.invitations`` (one outbox row per recipient, handed to Celery on commit).
Inviting N people costs a constant number of queries. Errors are ValidationErrors keyed by
the form field they belong to, so the forms show them in the right place.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Body, Membership
from organisations.models import User
from portal import audit
from portal.permissions import has_perm, require
from portal.validators import validate_one_line

from .invitations import send_meeting_mail
from .models import AgendaItem, Meeting, MeetingLocked, Participant

# A change of time or place resets the answers.
MATERIAL_FIELDS = ("starts_at", "ends_at", "place", "remote_url")
# What the calendar object contains; a change to it (or to who attends) raises SEQUENCE and
# re-sends METHOD:REQUEST. Other changes (host organisation, visibility) are saved and
# audited silently; an agenda change alone gets a plain notice without a calendar part.
CALENDAR_FIELDS = (*MATERIAL_FIELDS, "title", "description")
ATTENDEE_CHANGES = ("bodies", "guests")
EDITABLE_FIELDS = (*CALENDAR_FIELDS, "host_organisation", "visibility", "remote_url_public")

Guest = User | str  # a user, or the e-mail address a convener typed


# --- validation ----------------------------------------------------------------------------


def _time_errors(starts_at, ends_at) -> dict[str, str]:
    errors = {}
    if starts_at and starts_at <= timezone.now():
        errors["starts_at"] = _("The meeting cannot start in the past.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    return errors


def _one_line_errors(**fields: str) -> dict[str, str]:
    """A name or a place is one line: it is the subject of mails and calendar entries (the
    portal's one rule, also applied by every form)."""
    errors = {}
    for name, value in fields.items():
        try:
            validate_one_line(value or "")
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    return errors


def _place_errors(place: str, remote_url: str) -> dict[str, str]:
    if place or remote_url:
        return {}
    return {"place": _("Give a place, a remote link or both.")}


def _convener_errors(actor, bodies: list[Body], *, field: str) -> dict[str, str]:
    """A (joint) meeting needs the right to schedule for every body in it."""
    refused = [b.name for b in bodies if not has_perm(actor, "meetings.schedule_meeting", b)]
    if not refused:
        return {}
    return {
        field: _("You may not convene %(bodies)s: ask its convener to schedule it.")
        % {"bodies": ", ".join(refused)}
    }


def _resolve_guests(guests: Sequence[Guest], bodies: list[Body]) -> tuple[list[User], list[str]]:
    """The guests as users, and the errors: an address without an active account, or a
    person who may not see every body of the meeting (only they can be invited)."""
    emails = [g.strip().lower() for g in guests if isinstance(g, str) and g.strip()]
    by_email = {
        u.email: u for u in User.objects.filter(email__in=emails).select_related("organisation")
    }
    users, errors = [], []
    for guest in dict.fromkeys(g for g in guests if not isinstance(g, str) or g.strip()):
        user = by_email.get(guest.strip().lower()) if isinstance(guest, str) else guest
        name = guest if isinstance(guest, str) else guest.display_name
        if user is None or not user.is_active:
            errors.append(_("%(email)s has no account in the portal.") % {"email": name})
        elif not all(has_perm(user, "forums.view_body", body) for body in bodies):
            errors.append(
                _("%(email)s has no access to this body and cannot be invited.") % {"email": name}
            )
        elif user not in users:
            users.append(user)
    return users, errors


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def _joined(body: Body, joint_bodies: Sequence[Body] | None) -> list[Body]:
    return [body, *[b for b in (joint_bodies or []) if b.pk != body.pk]]


# --- schedule and publish -----------------------------------------------------------------


def schedule_meeting(
    *,
    actor,
    body: Body,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    host_organisation,
    joint_bodies: Sequence[Body] | None = None,
    place: str = "",
    remote_url: str = "",
    remote_url_public: bool = False,
    description: str = "",
    visibility: str | None = None,
    agenda: list[dict[str, Any]] | None = None,
    guests: Sequence[Guest] = (),
    publish: bool = True,
    convener=None,
) -> Meeting:
    """Create a meeting (with its agenda); when ``publish`` invite everyone right away."""
    bodies = _joined(body, joint_bodies)
    errors = {
        **_convener_errors(actor, [body], field="body"),
        **_convener_errors(actor, bodies[1:], field="joint_bodies"),
        **_time_errors(starts_at, ends_at),
        **_place_errors(place, remote_url),
        **_one_line_errors(title=title, place=place),
    }
    guest_users, guest_errors = _resolve_guests(guests, bodies)
    _raise({**errors, **({"guests": guest_errors} if guest_errors else {})})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            remote_url=remote_url,
            remote_url_public=remote_url_public,
            host_organisation=host_organisation,
            visibility=visibility or _default_visibility(bodies),
            status=Meeting.Status.DRAFT,
            convener=convener or actor,
            created_by=actor,
        )
        meeting.bodies.set(bodies)
        meeting._bodies_cache = bodies
        items = _create_agenda(meeting, agenda or default_agenda())
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
        _add_guests(meeting, guest_users)
        if publish:
            _publish(actor=actor, meeting=meeting, agenda_items=items)
    return meeting


def publish_meeting(*, actor, meeting: Meeting) -> Meeting:
    require(actor, "meetings.change_meeting", meeting)
    if not meeting.is_draft:
        raise MeetingLocked(_("Only a draft can be published."))
    _raise(_time_errors(meeting.starts_at, meeting.ends_at))
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
        confirm=True,
    )


# --- update -------------------------------------------------------------------------------


def _check_editable(meeting: Meeting) -> None:
    if not meeting.is_editable():
        raise MeetingLocked(
            _("This meeting is %(status)s and can no longer be changed.")
            % {"status": meeting.get_status_display()}
        )


def _validate_update(actor, meeting: Meeting, data, bodies, guests) -> list[User]:
    starts_at = data.get("starts_at", meeting.starts_at)
    ends_at = data.get("ends_at", meeting.ends_at)
    moved = starts_at != meeting.starts_at or ends_at != meeting.ends_at
    errors: dict[str, Any] = _time_errors(starts_at, ends_at) if moved else {}
    errors |= _place_errors(
        data.get("place", meeting.place), data.get("remote_url", meeting.remote_url)
    )
    errors |= _one_line_errors(title=data.get("title", ""), place=data.get("place", ""))
    current = set(meeting.bodies.values_list("pk", flat=True))
    if bodies is not None:
        added = [b for b in bodies if b.pk not in current]
        errors |= _convener_errors(actor, added, field="joint_bodies")
    guest_users, guest_errors = _resolve_guests(
        guests, bodies or list(Body.objects.filter(pk__in=current))
    )
    if guest_errors:
        errors["guests"] = guest_errors
    _raise(errors)
    return guest_users


def update_meeting(
    *,
    actor,
    meeting: Meeting,
    data: dict[str, Any],
    agenda: list[dict[str, Any]] | None = None,
    joint_bodies: Sequence[Body] | None = None,
    guests: Sequence[Guest] = (),
) -> Meeting:
    """Change a meeting. A real change to what calendars show raises SEQUENCE and re-sends
    METHOD:REQUEST to everyone; a change of time or place also resets the answers."""
    require(actor, "meetings.change_meeting", meeting)
    _check_editable(meeting)
    bodies = _joined(meeting.body, joint_bodies) if joint_bodies is not None else None
    guest_users = _validate_update(actor, meeting, data, bodies, guests)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.is_editable():
            raise MeetingLocked(_("This meeting can no longer be changed."))
        before = {name: getattr(meeting, name) for name in (*MATERIAL_FIELDS, "title")}
        changes = _apply_changes(meeting, data, agenda, bodies, guest_users)
        if not changes:
            return meeting
        if meeting.is_draft or not _seen_by_calendars(changes):
            meeting.save(update_fields=[*_model_fields(changes), "updated_at"])
            audit.record(actor=actor, action="meeting.updated", target=meeting, changes=changes)
            if not meeting.is_draft and "agenda" in changes:
                _send_agenda_notice(meeting)
            return meeting
        _save_and_reinvite(actor, meeting, changes, before)
    return meeting


def _seen_by_calendars(changes: dict[str, Any]) -> bool:
    return any(name in changes for name in (*CALENDAR_FIELDS, *ATTENDEE_CHANGES))


def _send_agenda_notice(meeting: Meeting) -> None:
    """The agenda is not in the calendar object: a plain notice, the calendar untouched."""
    participants = list(meeting.participants.invited().select_related("user", "deputy_for__user"))
    send_meeting_mail(
        meeting,
        participants,
        template="meeting_agenda_update",
        kind="meeting_agenda_update",
        method="",
    )


def _apply_changes(meeting: Meeting, data, agenda, bodies, guests) -> dict[str, Any]:
    """Set the changed fields, rewrite the agenda, bodies and guests where they differ;
    return the changes (nothing saved to the meeting row yet)."""
    changes = audit.diff({name: getattr(meeting, name) for name in data}, data)
    for name in changes:
        setattr(meeting, name, data[name])
    if agenda is not None and _replace_agenda(meeting, agenda):
        changes["agenda"] = ["…", "…"]
    if bodies is not None:
        current = set(meeting.bodies.values_list("pk", flat=True))
        if current != {b.pk for b in bodies}:
            meeting.bodies.set(bodies)
            changes["bodies"] = [sorted(current), sorted(b.pk for b in bodies)]
    new_guests = _add_guests(meeting, guests)
    if new_guests:
        changes["guests"] = [None, [g.email for g in new_guests]]
    return changes


def _model_fields(changes: dict[str, Any]) -> list[str]:
    return [name for name in changes if name in EDITABLE_FIELDS]


def _save_and_reinvite(actor, meeting: Meeting, changes: dict[str, Any], before: dict) -> None:
    """Raise SEQUENCE, reset answers after a move, and send the update stating old → new."""
    material = any(name in changes for name in MATERIAL_FIELDS)
    update_fields = [*_model_fields(changes), "sequence", "updated_at"]
    meeting.sequence += 1
    if "starts_at" in changes:
        meeting.reminder_sent_for = None
        update_fields.append("reminder_sent_for")
    meeting.save(update_fields=update_fields)
    if material:
        # New time or place: earlier answers no longer hold, earlier links stop working,
        # and a deputy called in for the old time is no longer standing in.
        meeting.participants.update(
            answer=Participant.Answer.NONE,
            answered_at=None,
            link_nonce=secrets.token_urlsafe(9),
            stands_in=False,
        )
    audit.record(
        actor=actor,
        action="meeting.updated",
        target=meeting,
        changes={**changes, "sequence": [meeting.sequence - 1, meeting.sequence]},
    )
    send_meeting_mail(
        meeting,
        _sync_participants(meeting),
        template="meeting_update",
        kind="meeting_update",
        extra={"material": material, "was": _what_changed(changes, before)},
        confirm=True,
    )


def _what_changed(changes: dict[str, Any], before: dict) -> dict[str, Any]:
    """The old values the update mail shows beside the new ones (time, place, link, title)."""
    was = {name: before[name] for name in before if name in changes}
    if "starts_at" in was or "ends_at" in was:
        was["time"] = True
        was["starts_at"], was["ends_at"] = before["starts_at"], before["ends_at"]
    return was


# --- cancel -------------------------------------------------------------------------------


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
                confirm=True,
            )
    return meeting


# --- agenda -------------------------------------------------------------------------------


def _default_visibility(bodies: list[Body]) -> str:
    order: list[str] = [
        Meeting.Visibility.MEMBERS,
        Meeting.Visibility.PARTIES,
        Meeting.Visibility.PUBLIC,
    ]
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


def _create_agenda(meeting: Meeting, agenda: list[dict[str, Any]], attachments=None):
    """Number the items (§ 1, 2, …); an item without a new file keeps its old attachment."""
    attachments = attachments or {}
    items = []
    for n, item in enumerate(agenda, start=1):
        # A new upload's name is written by the field when it is saved; a kept file keeps its.
        kept, kept_name = attachments.get(n, ("", ""))
        items.append(
            AgendaItem(
                meeting=meeting,
                number=n,
                **{k: v for k, v in item.items() if k != "attachment"},
                attachment=item.get("attachment") or kept,
                attachment_name="" if item.get("attachment") else kept_name,
            )
        )
    return AgendaItem.objects.bulk_create(items)


def _agenda_row(item) -> tuple:
    """An agenda item, saved or as the form gives it, as comparable values."""
    if isinstance(item, dict):
        preparer = item.get("preparer")
        values = {**item, "preparer_id": preparer.pk if preparer else None}
    else:
        values = {k: getattr(item, k) for k in ("title", "preparer_id", "description")}
        values |= {"proposed_decision": item.proposed_decision, "confidential": item.confidential}
    return (
        values.get("title") or "",
        values.get("preparer_id"),
        values.get("description") or "",
        values.get("proposed_decision") or "",
        bool(values.get("confidential")),
    )


def _replace_agenda(meeting: Meeting, agenda: list[dict[str, Any]]) -> bool:
    """Write the agenda anew when it differs; attachments of kept items are kept."""
    current = list(meeting.agenda_items.order_by("number"))
    unchanged = [_agenda_row(i) for i in current] == [_agenda_row(i) for i in agenda]
    if unchanged and not any(i.get("attachment") for i in agenda):
        return False
    attachments = {i.number: (i.attachment, i.attachment_name) for i in current}
    meeting.agenda_items.all().delete()
    _create_agenda(meeting, agenda, attachments)
    return True


# --- participants -------------------------------------------------------------------------


def _add_guests(meeting: Meeting, guests: Sequence[User]) -> list[User]:
    existing = set(meeting.participants.values_list("user_id", flat=True)) if guests else set()
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
    return new


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
    members = {**existing, **new_members}
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
