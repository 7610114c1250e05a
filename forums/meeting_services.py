"""Meetings: schedule, update, cancel, invite, answer, remind; minutes and the register.

Every write is a verb with keyword arguments and the acting user, runs in
``transaction.atomic``, writes an audit row and queues mail through ``portal.lib.mail`` (one
outbox row per recipient, handed to Celery on commit). A convener in the browser, the demo
seed and the tests all go through these functions.

Queries: inviting N people costs a constant number of queries (one read of the seats, two
bulk inserts of participants, one bulk insert of outbox rows).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, replace
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.lib import ical, mail
from portal.permissions import has_perm, require

from .meeting_models import (
    ActionItem,
    AgendaItem,
    CalendarFeedToken,
    Meeting,
    MeetingLocked,
    Participant,
)
from .models import Body, Membership

ANSWER_SALT = "forums.meeting-answer"
# Up to this many participants every invitation lists them all as ATTENDEEs; above it each
# recipient's calendar part names only the recipient (a 500-line attendee list in each of
# 500 mails helps nobody and makes each mail ~40 kB).
ATTENDEE_LIST_LIMIT = 100
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
    refused = [b.name for b in bodies if not has_perm(actor, "forums.schedule_meeting", b)]
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
            for i, item in enumerate(agenda or _default_agenda(), start=1)
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
    require(actor, "forums.change_meeting", meeting)
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
    _send(
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
    require(actor, "forums.change_meeting", meeting)
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
        _send(
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
    require(actor, "forums.change_meeting", meeting)
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
            _send(
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


def _default_agenda() -> list[dict[str, Any]]:
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


# --- answer links -------------------------------------------------------------------------


def answer_token(participant: Participant) -> str:
    return signing.dumps(
        {"m": participant.meeting_id, "p": participant.pk, "n": participant.link_nonce},
        salt=ANSWER_SALT,
        compress=False,
    )


def answer_url(participant: Participant, answer: str = "") -> str:
    path = reverse(
        "forums:meeting_answer_link", args=[participant.meeting_id, answer_token(participant)]
    )
    return f"{settings.SITE_URL}{path}" + (f"?a={answer}" if answer else "")


@dataclass
class LinkCheck:
    participant: Participant | None
    problem: str = ""  # "", "tampered", "foreign", "used", "cancelled", "past"


def check_answer_token(token: str, *, meeting_id: int, user=None) -> LinkCheck:
    """Who the link is for, or why it cannot be used. Nothing is changed here."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT)
        participant_id, token_meeting, nonce = int(data["p"]), int(data["m"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return LinkCheck(None, "tampered")
    if token_meeting != meeting_id:
        return LinkCheck(None, "foreign")
    participant = (
        Participant.objects.select_related("meeting__body", "user")
        .filter(pk=participant_id, meeting_id=meeting_id)
        .first()
    )
    if participant is None or participant.removed_at is not None:
        return LinkCheck(None, "foreign")
    if getattr(user, "is_authenticated", False) and user.pk != participant.user_id:
        return LinkCheck(participant, "foreign")
    if participant.meeting.is_cancelled:
        return LinkCheck(participant, "cancelled")
    if participant.meeting.ends_at < timezone.now():
        return LinkCheck(participant, "past")
    if not secrets.compare_digest(nonce, participant.link_nonce):
        return LinkCheck(participant, "used")
    return LinkCheck(participant)


def answer_meeting(
    *, participant: Participant, answer: str, actor=None, link_nonce: str | None = None
) -> Participant:
    """Record an answer. From a link, ``link_nonce`` must still match (a link works once)."""
    if answer not in (
        Participant.Answer.ACCEPTED,
        Participant.Answer.TENTATIVE,
        Participant.Answer.DECLINED,
    ):
        raise ValidationError(_("Choose whether you are coming."))
    if actor is not None:
        require(actor, "forums.answer_meeting", participant)
    with transaction.atomic():
        locked = (
            Participant.objects.select_for_update()
            .select_related("meeting", "user")
            .get(pk=participant.pk)
        )
        meeting = locked.meeting
        if meeting.is_cancelled or meeting.status == Meeting.Status.DRAFT:
            raise MeetingLocked(_("The meeting has been cancelled."))
        if meeting.ends_at < timezone.now():
            raise MeetingLocked(_("The meeting is over."))
        if link_nonce is not None and not secrets.compare_digest(link_nonce, locked.link_nonce):
            raise MeetingLocked(_("This link has already been used."))
        previous = locked.answer
        locked.answer = answer
        locked.answered_at = timezone.now()
        locked.link_nonce = secrets.token_urlsafe(9)
        locked.save(update_fields=["answer", "answered_at", "link_nonce"])
        audit.record(
            actor=locked.user,
            action="meeting.answered",
            target=meeting,
            changes={"answer": [previous, answer], "participant": [None, locked.user.email]},
        )
        if answer == Participant.Answer.DECLINED and locked.kind == Participant.Kind.MEMBER:
            _call_in_deputy(meeting, locked)
    return locked


def _call_in_deputy(meeting: Meeting, member: Participant) -> Participant | None:
    on = timezone.localtime(meeting.starts_at).date()
    seat = (
        Membership.objects.current(on)
        .filter(body__in=meeting.bodies.all(), person_id=member.user_id, deputy__isnull=False)
        .select_related("deputy")
        .first()
    )
    if seat is None or not seat.deputy.is_active:
        return None
    deputy, created = Participant.objects.get_or_create(
        meeting=meeting,
        user=seat.deputy,
        defaults={"kind": Participant.Kind.DEPUTY, "organisation_id": seat.organisation_id},
    )
    if deputy.stands_in and not created:
        return deputy
    deputy.kind = Participant.Kind.DEPUTY if deputy.kind != Participant.Kind.MEMBER else deputy.kind
    deputy.deputy_for = member
    deputy.stands_in = True
    deputy.removed_at = None
    deputy.save(update_fields=["kind", "deputy_for", "stands_in", "removed_at"])
    deputy.user = seat.deputy
    _send(meeting, [deputy], template="meeting_deputy", kind="meeting_deputy")
    return deputy


# --- mail ---------------------------------------------------------------------------------


def portal_from_address() -> str:
    return ical.mailbox(settings.DEFAULT_FROM_EMAIL)


def calendar_event(
    meeting: Meeting, attendees: list[Participant] | None = None, *, for_feed: bool = False
) -> ical.CalendarEvent:
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    location = ", ".join(p for p in (meeting.place, meeting.remote_url) if p)
    description = "\n".join(
        p for p in (meeting.description, meeting.remote_url and f"{meeting.remote_url}", url) if p
    )
    return ical.CalendarEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        summary=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        stamp=timezone.now(),
        last_modified=meeting.updated_at,
        organizer_email=meeting.convener.email,
        organizer_name=meeting.convener.display_name,
        sent_by=portal_from_address(),
        location=location,
        description=description,
        url=url,
        cancelled=meeting.is_cancelled,
        attendees=[
            ical.Attendee(
                email=p.user.email,
                name=p.user.display_name,
                role=p.ical_role if not p.stands_in else ical.Role.REQUIRED,
                partstat=p.ical_partstat,
            )
            for p in (attendees or [])
        ],
    )


def _tz_label(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    hours = int(local.utcoffset().total_seconds() // 3600)
    return f"{local.tzname()}, UTC+{hours}"


def _send(
    meeting: Meeting,
    participants: list[Participant],
    *,
    template: str,
    kind: str,
    method: str = "REQUEST",
    agenda_items=None,
    extra: dict[str, Any] | None = None,
) -> list:
    """One outbox row per participant, in their language, with the calendar part."""
    if not participants:
        return []
    agenda_items = list(
        agenda_items
        if agenda_items is not None
        else meeting.agenda_items.select_related("preparer").order_by("number")
    )
    bodies = getattr(meeting, "_bodies_cache", None) or list(meeting.bodies.all())
    overdue = list(overdue_actions_for(meeting, bodies))
    if len(participants) <= ATTENDEE_LIST_LIMIT:
        builder = ical.cancel if method == "CANCEL" else ical.request
        one = builder(calendar_event(meeting, participants))
        calendars = [one] * len(participants)
    else:
        event = calendar_event(meeting, participants)
        calendars = ical.for_each_attendee(
            replace(event, attendees=[]), event.attendees, method=method
        )
    convener = meeting.convener
    from_email = formataddr((f"{convener.display_name} (Yhdyspinta)", portal_from_address()))
    base_context = {
        "meeting": meeting,
        "bodies": bodies,
        "agenda": agenda_items,
        "overdue_actions": overdue,
        "meeting_url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        "ics_url": f"{settings.SITE_URL}{reverse('forums:meeting_ics', args=[meeting.pk])}",
        "tz_label": _tz_label(meeting.starts_at),
        "convener": convener,
        **(extra or {}),
    }
    mails = []
    for p, ics in zip(participants, calendars, strict=True):
        context = {**base_context, "participant": p}
        if method != "CANCEL":
            token = answer_token(p)
            path = reverse("forums:meeting_answer_link", args=[meeting.pk, token])
            context["answer_links"] = {
                a: f"{settings.SITE_URL}{path}?a={a}" for a in ("accepted", "tentative", "declined")
            }
        mails.append(
            mail.Mail(
                template=template,
                to_email=p.user.email,
                to_user=p.user,
                context=context,
                calendar_ics=ics,
                calendar_method=method,
                from_email=from_email,
                reply_to=convener.email,
            )
        )
    return mail.queue(mails, kind=kind, related=meeting)


def delivery_for(meeting: Meeting) -> dict[int, Any]:
    """{user id: the newest outbox row about this meeting} — one query."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import OutboundEmail

    rows = (
        OutboundEmail.objects.filter(
            related_type=ContentType.objects.get_for_model(Meeting), related_id=str(meeting.pk)
        )
        .order_by("created_at", "pk")
        .only("to_user_id", "status", "kind", "created_at", "sent_at", "last_error", "attempts")
    )
    return {row.to_user_id: row for row in rows}


# --- reminders ----------------------------------------------------------------------------


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind participants of meetings starting within PORTAL_MEETING_REMINDER_HOURS.
    Idempotent: each meeting is claimed by a conditional UPDATE for its current start time."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.PORTAL_MEETING_REMINDER_HOURS)
    due = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=horizon
    ).exclude(reminder_sent_for=F("starts_at"))
    sent = 0
    for meeting in due.select_related("body", "convener", "host_organisation"):
        with transaction.atomic():
            claimed = (
                Meeting.objects.filter(
                    pk=meeting.pk, status=Meeting.Status.SCHEDULED, starts_at=meeting.starts_at
                )
                .exclude(reminder_sent_for=meeting.starts_at)
                .update(reminder_sent_for=meeting.starts_at)
            )
            if claimed != 1:
                continue
            participants = list(
                meeting.participants.invited()
                .exclude(answer=Participant.Answer.DECLINED)
                .filter(
                    Q(
                        kind__in=[
                            Participant.Kind.MEMBER,
                            Participant.Kind.GUEST,
                            Participant.Kind.CONVENER,
                        ]
                    )
                    | Q(stands_in=True)
                )
                .select_related("user", "deputy_for__user")
            )
            _send(meeting, participants, template="meeting_reminder", kind="meeting_reminder")
            sent += len(participants)
    return sent


def reminder_still_wanted(row) -> str:
    """Checked by the mail task just before sending: a reminder for a meeting that has since
    been cancelled or moved is not sent. Returns the reason to skip, or ""."""
    meeting = (
        Meeting.objects.filter(pk=row.related_id)
        .only("status", "starts_at", "reminder_sent_for")
        .first()
    )
    if meeting is None:
        return "meeting deleted"
    if meeting.status != Meeting.Status.SCHEDULED:
        return f"meeting {meeting.status}"
    if meeting.reminder_sent_for != meeting.starts_at or meeting.starts_at <= timezone.now():
        return "meeting moved or started"
    return ""


def invitation_still_wanted(row) -> str:
    """An invitation or update queued before a cancellation is not sent after it."""
    meeting = Meeting.objects.filter(pk=row.related_id).only("status").first()
    if meeting is None:
        return "meeting deleted"
    if meeting.status == Meeting.Status.CANCELLED:
        return "meeting cancelled"
    return ""


# --- overdue actions ----------------------------------------------------------------------


def overdue_actions_for(meeting: Meeting, bodies=None):
    """Open action items of the meeting's bodies past their due date on the meeting day:
    shown on the next meeting's agenda."""
    on = timezone.localtime(meeting.starts_at).date()
    bodies = bodies if bodies is not None else meeting.bodies.all()
    return (
        ActionItem.objects.overdue(on)
        .filter(body__in=bodies)
        .exclude(meeting=meeting)
        .select_related("owner_organisation", "meeting")
        .order_by("due_date", "pk")
    )


# --- calendar feeds -----------------------------------------------------------------------


def feed_token_for(user) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


def revoke_feed_token(*, user) -> CalendarFeedToken:
    """A new secret: the old feed address stops working at once."""
    with transaction.atomic():
        CalendarFeedToken.objects.filter(user=user).delete()
        token = CalendarFeedToken.objects.create(user=user)
        audit.record(
            actor=user, action="meeting_feed.revoked", target=user, organisation=user.organisation
        )
    return token


def feed_meetings_for_user(user):
    """My meetings: where I'm a participant or sit in a body, cancelled ones included."""
    since = timezone.now() - datetime.timedelta(days=180)
    return (
        Meeting.objects.visible_to(user)
        .filter(Q(participants__user=user) | Q(bodies__in=Body.objects.for_person(user)))
        .exclude(status=Meeting.Status.DRAFT)
        .filter(ends_at__gte=since)
        .select_related("convener")
        .distinct()
        .order_by("starts_at")
    )


def ics_for(meetings, *, name: str) -> str:
    return ical.feed([calendar_event(m, for_feed=True) for m in meetings], name=name)


# The minutes and the rhythm watch live in their own modules; callers may use either name.
from .meeting_minutes import *  # noqa: E402, F403
from .meeting_rhythm import *  # noqa: E402, F403
