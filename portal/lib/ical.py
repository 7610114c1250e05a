"""iCalendar (RFC 5545 / iTIP RFC 5546) text for meeting invitations, updates, cancellations
and calendar feeds, built with the icalendar package.

Rules that make Outlook, Gmail and Apple Calendar accept and *update* the event
(DOMAIN.md §9, PITFALLS.md "iCalendar invitations"):

* One UID per meeting for its whole life; SEQUENCE only grows; DTSTAMP is the time the
  message was generated.
* METHOD:REQUEST for an invitation and for every update, METHOD:CANCEL with
  STATUS:CANCELLED for a cancellation (same UID, higher SEQUENCE). A feed (METHOD:PUBLISH)
  keeps cancelled meetings, marked STATUS:CANCELLED.
* Times never float: DTSTART/DTEND carry TZID=Europe/Helsinki and the calendar holds a
  hand-written VTIMEZONE with RRULEs (EET/EEST, the last Sunday of March and October).
  ``Calendar.add_missing_timezones()`` is never used: it writes an RDATE list valid only
  1970–2038 that Outlook mishandles.
* ORGANIZER is the convener's own mailbox, so calendar replies reach a real person, with
  ``SENT-BY`` naming the portal's From address, which sends on the convener's behalf (RFC 5545
  §3.2.18). The portal cannot send *from* a convener's address without breaking SPF/DMARC,
  so From is the portal's address with the convener's name, and Reply-To is the convener.
  When no convener address is known, the portal's From address is the organizer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

HELSINKI = ZoneInfo("Europe/Helsinki")
TZID = "Europe/Helsinki"
PRODID = "-//Yhdyspinta//Kanta-Hame cooperation portal//FI"


class Role:
    """iCalendar ROLE values (RFC 5545 §3.2.16)."""

    CHAIR = "CHAIR"
    REQUIRED = "REQ-PARTICIPANT"
    OPTIONAL = "OPT-PARTICIPANT"
    NON_PARTICIPANT = "NON-PARTICIPANT"


class PartStat:
    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"


@dataclass
class Attendee:
    email: str
    name: str = ""
    role: str = Role.REQUIRED
    partstat: str = PartStat.NEEDS_ACTION
    rsvp: bool = True


@dataclass
class CalendarEvent:
    """Everything one VEVENT needs. ``start``/``end`` must be timezone-aware."""

    uid: str
    sequence: int
    summary: str
    start: datetime
    end: datetime
    stamp: datetime
    organizer_email: str
    organizer_name: str = ""
    sent_by: str = ""
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    attendees: list[Attendee] = field(default_factory=list)
    last_modified: datetime | None = None


def helsinki_vtimezone() -> Timezone:
    """Europe/Helsinki as RRULEs: EET (UTC+2) in winter, EEST (UTC+3) from the last Sunday
    of March 03:00 local until the last Sunday of October 04:00 local (EU rules since 1996)."""
    tz = Timezone()
    tz.add("TZID", TZID)
    tz.add("X-LIC-LOCATION", TZID)

    daylight = TimezoneDaylight()
    daylight.add("TZNAME", "EEST")
    daylight.add("TZOFFSETFROM", _offset(2))
    daylight.add("TZOFFSETTO", _offset(3))
    daylight.add("DTSTART", datetime(1996, 3, 31, 3, 0, 0))  # noqa: DTZ001 — local by definition
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})

    standard = TimezoneStandard()
    standard.add("TZNAME", "EET")
    standard.add("TZOFFSETFROM", _offset(3))
    standard.add("TZOFFSETTO", _offset(2))
    standard.add("DTSTART", datetime(1996, 10, 27, 4, 0, 0))  # noqa: DTZ001 — local by definition
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})

    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def one_line(text: str) -> str:
    """A one-line property (SUMMARY, LOCATION, the calendar's name): line breaks and other
    whitespace runs become one space, so that no stored text can break the file."""
    return " ".join(text.split())


def _offset(hours: int) -> timedelta:
    return timedelta(hours=hours)


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    return address


def _event(data: CalendarEvent) -> Event:
    if data.start.tzinfo is None or data.end.tzinfo is None:
        raise ValueError("Meeting times must be timezone-aware (floating times are refused)")
    event = Event()
    event.add("UID", data.uid)
    event.add("SEQUENCE", data.sequence)
    event.add("DTSTAMP", data.stamp.astimezone(ZoneInfo("UTC")))
    if data.last_modified is not None:
        event.add("LAST-MODIFIED", data.last_modified.astimezone(ZoneInfo("UTC")))
    event.add("DTSTART", data.start.astimezone(HELSINKI))
    event.add("DTEND", data.end.astimezone(HELSINKI))
    event.add("SUMMARY", one_line(data.summary))
    if data.location:
        event.add("LOCATION", one_line(data.location))
    if data.description:
        event.add("DESCRIPTION", data.description)
    if data.url:
        event.add("URL", data.url)
    event.add("STATUS", "CANCELLED" if data.cancelled else "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    event.add("CLASS", "PUBLIC")
    if data.organizer_email:
        organizer = _address(data.organizer_email, data.organizer_name)
        if data.sent_by and data.sent_by.lower() != data.organizer_email.lower():
            organizer.params["SENT-BY"] = f"mailto:{data.sent_by}"
        event.add("ORGANIZER", organizer)
    for attendee in data.attendees:
        event.add("ATTENDEE", _attendee(attendee, cancelled=data.cancelled), encode=True)
    return event


def _attendee(attendee: Attendee, *, cancelled: bool) -> vCalAddress:
    address = _address(attendee.email, attendee.name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = attendee.role
    address.params["PARTSTAT"] = attendee.partstat
    address.params["RSVP"] = "TRUE" if attendee.rsvp and not cancelled else "FALSE"
    return address


def _calendar(method: str, events: Iterable[CalendarEvent], name: str = "") -> str:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    if name:
        calendar.add("X-WR-CALNAME", one_line(name))
        calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add_component(helsinki_vtimezone())
    for data in events:
        calendar.add_component(_event(data))
    return calendar.to_ical().decode()


def request(event: CalendarEvent) -> str:
    """METHOD:REQUEST — a new invitation or an update (same UID, higher SEQUENCE)."""
    return _calendar("REQUEST", [event])


def for_each_attendee(
    event: CalendarEvent, attendees: list[Attendee], *, method: str = "REQUEST"
) -> list[str]:
    """One calendar per attendee, each naming only that attendee (for large meetings).

    The calendar is serialised once; each attendee's folded ATTENDEE line is inserted into
    it, which is what building each calendar anew would give, at a fraction of the cost."""
    if method == "CANCEL":
        event.cancelled = True
    base = _calendar(method, [replace(event, attendees=[])])
    head, tail = base.rsplit("END:VEVENT\r\n", 1)
    texts = []
    for attendee in attendees:
        one = Event()
        one.add("ATTENDEE", _attendee(attendee, cancelled=event.cancelled), encode=True)
        line = one.to_ical().decode().split("\r\n", 1)[1].rsplit("END:VEVENT", 1)[0]
        texts.append(f"{head}{line}END:VEVENT\r\n{tail}")
    return texts


def cancel(event: CalendarEvent) -> str:
    """METHOD:CANCEL with STATUS:CANCELLED (same UID, higher SEQUENCE)."""
    event.cancelled = True
    return _calendar("CANCEL", [event])


def feed(events: Iterable[CalendarEvent], *, name: str) -> str:
    """METHOD:PUBLISH — a subscription feed or a downloaded .ics; cancelled events stay."""
    return _calendar("PUBLISH", events, name=name)


def mailbox(address: str) -> str:
    """The bare address of ``"Name <a@b>"`` (DEFAULT_FROM_EMAIL is often written so)."""
    return parseaddr(address)[1] or address
