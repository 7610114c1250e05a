"""Invitations: the calendar object of a meeting and the mails that carry it.

One outbox row per recipient in their own language (``portal.lib.mail``), with an
iCalendar REQUEST or CANCEL part (``portal.lib.ical``); the per-recipient delivery status the
convener sees; the overdue action items that every invitation carries to the next agenda.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from portal.lib import ical, mail
from portal.models import OutboundEmail

from .audience import MeetingAudience, visibilities_at_least
from .links import answer_links
from .models import ActionItem, Meeting, Participant

# Up to this many participants every invitation lists them all as ATTENDEEs; above it each
# recipient's calendar part names only the recipient (a 500-line attendee list in each of
# 500 mails helps nobody and makes each mail ~40 kB).
ATTENDEE_LIST_LIMIT = 100


def portal_from_address() -> str:
    return ical.mailbox(settings.DEFAULT_FROM_EMAIL)


def calendar_event(
    meeting: Meeting,
    attendees: list[Participant] | None = None,
    *,
    audience: MeetingAudience | None = None,
) -> ical.CalendarEvent:
    """The meeting's calendar object. Without ``audience`` it is for the participants (an
    invitation); with it, what that reader may see: the remote link and the convener's
    e-mail (ORGANIZER) only where the audience rule allows them."""
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    link = meeting.remote_url if audience is None or audience.sees_remote_link else ""
    organizer = audience is None or audience.sees_organizer_email
    location = ", ".join(p for p in (meeting.place, link) if p)
    description = "\n".join(p for p in (meeting.description, link, url) if p)
    return ical.CalendarEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        summary=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        stamp=timezone.now(),
        last_modified=meeting.updated_at,
        organizer_email=meeting.convener.email if organizer else "",
        organizer_name=meeting.convener.display_name if organizer else "",
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
    offset = local.utcoffset() or datetime.timedelta()
    hours = int(offset.total_seconds() // 3600)
    return f"{local.tzname()}, UTC+{hours}"


def _calendars(meeting: Meeting, participants: list[Participant], method: str) -> list[str]:
    """The calendar part of each participant's mail ("" for none)."""
    if not method:
        return [""] * len(participants)
    if len(participants) <= ATTENDEE_LIST_LIMIT:
        builder = ical.cancel if method == "CANCEL" else ical.request
        return [builder(calendar_event(meeting, participants))] * len(participants)
    event = calendar_event(meeting, participants)
    return ical.for_each_attendee(replace(event, attendees=[]), event.attendees, method=method)


def mail_context(meeting: Meeting, agenda_items=None) -> dict[str, Any]:
    """What every mail about the meeting states: the details, the agenda with the overdue
    action items carried to it, the links, the time zone."""
    agenda_items = list(
        agenda_items
        if agenda_items is not None
        else meeting.agenda_items.select_related("preparer").order_by("number")
    )
    bodies = getattr(meeting, "_bodies_cache", None) or list(meeting.bodies.all())
    return {
        "meeting": meeting,
        "bodies": bodies,
        "agenda": agenda_items,
        "overdue_actions": list(overdue_actions_for(meeting, bodies)),
        "meeting_url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        "ics_url": f"{settings.SITE_URL}{reverse('meetings:meeting_ics', args=[meeting.pk])}",
        "tz_label": _tz_label(meeting.starts_at),
        "convener": meeting.convener,
    }


def send_meeting_mail(
    meeting: Meeting,
    participants: list[Participant],
    *,
    template: str,
    kind: str,
    method: str = "REQUEST",
    agenda_items=None,
    extra: dict[str, Any] | None = None,
    confirm: bool = False,
) -> list:
    """One outbox row per participant, in their language, with the calendar part of
    ``method`` (REQUEST, CANCEL, or "" for a plain notice without one).

    The convener is the calendar object's ORGANIZER and never gets it as an attendee
    (Outlook then treats the mail as "you are the organiser" and may not file it); with
    ``confirm`` they get a confirmation of what was sent instead."""
    participants = [p for p in participants if p.user_id != meeting.convener_id]
    base_context = {**mail_context(meeting, agenda_items), **(extra or {})}
    rows = _queue_to_participants(meeting, participants, base_context, template, kind, method)
    if confirm:
        _confirm_to_convener(meeting, kind, len(participants), base_context)
    return rows


def _queue_to_participants(meeting, participants, base_context, template, kind, method) -> list:
    if not participants:
        return []
    convener = meeting.convener
    from_email = formataddr((f"{convener.display_name} (Yhdyspinta)", portal_from_address()))
    mails = []
    for p, ics in zip(participants, _calendars(meeting, participants, method), strict=True):
        context = {**base_context, "participant": p}
        if method != "CANCEL":
            context["answer_links"] = answer_links(p)
        mails.append(
            mail.Mail(
                template=template,
                to_email=p.user.email,
                to_user=p.user,
                context=context,
                calendar_ics=ics,
                calendar_method=method if ics else "",
                from_email=from_email,
                reply_to=convener.email,
            )
        )
    return mail.queue(mails, kind=kind, related=meeting)


def _confirm_to_convener(meeting: Meeting, kind: str, sent: int, context: dict) -> None:
    convener = meeting.convener
    mail.queue_one(
        mail.Mail(
            template="meeting_sent_confirmation",
            to_email=convener.email,
            to_user=convener,
            context={**context, "what": kind, "sent": sent},
        ),
        kind="meeting_confirmation",
        related=meeting,
    )


def delivery_for(meeting: Meeting) -> dict[int, Any]:
    """{user id: the newest outbox row about this meeting sent to them as a participant}
    — one query (the convener's confirmations are not deliveries)."""
    rows = (
        OutboundEmail.objects.filter(
            related_type=ContentType.objects.get_for_model(Meeting), related_id=str(meeting.pk)
        )
        .exclude(kind="meeting_confirmation")
        .order_by("created_at", "pk")
        .only("to_user_id", "status", "kind", "created_at", "sent_at", "last_error", "attempts")
    )
    return {row.to_user_id: row for row in rows if row.to_user_id is not None}


def overdue_actions_for(meeting: Meeting, bodies=None):
    """Open action items of the meeting's bodies past their due date on the meeting day:
    shown on the next meeting's agenda — only those of meetings whose audience is at least
    as wide as this one's (a members-only meeting's item is not carried to a party-wide
    agenda, nor to its mails)."""
    on = timezone.localtime(meeting.starts_at).date()
    bodies = bodies if bodies is not None else meeting.bodies.all()
    return (
        ActionItem.objects.overdue(on)
        .filter(body__in=bodies)
        .filter(meeting__visibility__in=visibilities_at_least(meeting.visibility))
        .exclude(meeting=meeting)
        .select_related("owner_organisation", "meeting")
        .order_by("due_date", "pk")
    )
