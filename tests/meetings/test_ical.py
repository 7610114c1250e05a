"""portal.lib.ical: parsed back with icalendar, as a calendar client would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.lib import ical

HELSINKI = ZoneInfo("Europe/Helsinki")


def _event(**overrides) -> ical.CalendarEvent:
    values: dict[str, Any] = {
        "uid": "meeting-1@yhdyspinta.test",
        "sequence": 0,
        "summary": "Hyvinvointifoorumi",
        "start": datetime(2027, 3, 27, 9, 0, tzinfo=HELSINKI),
        "end": datetime(2027, 3, 27, 11, 0, tzinfo=HELSINKI),
        "stamp": datetime(2027, 1, 5, 8, 0, tzinfo=UTC),
        "organizer_email": "convener@forssa.test",
        "organizer_name": "Kaisa Koollekutsuja",
        "sent_by": "yhdyspinta@portal.test",
        "location": "Forssan kaupungintalo",
        "attendees": [
            ical.Attendee("member@loppi.test", "Matti Jäsen"),
            ical.Attendee("deputy@loppi.test", "Vilma Varajäsen", role=ical.Role.OPTIONAL),
        ],
    }
    values.update(overrides)
    return ical.CalendarEvent(**values)


def _parse(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_request_has_method_uid_sequence_stamp_organizer_and_attendees():
    calendar, event = _parse(ical.request(_event(sequence=2)))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == "meeting-1@yhdyspinta.test"
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTAMP") == datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
    assert str(event["STATUS"]) == "CONFIRMED"
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:convener@forssa.test"
    assert organizer.params["SENT-BY"] == "mailto:yhdyspinta@portal.test"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert attendees["mailto:member@loppi.test"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:member@loppi.test"]["RSVP"] == "TRUE"
    assert attendees["mailto:member@loppi.test"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees["mailto:deputy@loppi.test"]["ROLE"] == "OPT-PARTICIPANT"
    assert attendees["mailto:member@loppi.test"]["CN"] == "Matti Jäsen"


def test_times_are_helsinki_with_a_vtimezone_written_with_rrules():
    text = ical.request(_event())
    calendar, event = _parse(text)
    assert "DTSTART;TZID=Europe/Helsinki:20270327T090000" in text
    (tz,) = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Helsinki"
    rules = {c.name: c for c in tz.subcomponents}
    assert rules["DAYLIGHT"]["RRULE"]["BYMONTH"] == [3]
    assert rules["DAYLIGHT"]["RRULE"]["BYDAY"] == ["-1SU"]
    assert rules["STANDARD"]["RRULE"]["BYMONTH"] == [10]
    assert "RDATE" not in text


def test_a_meeting_across_the_spring_change_keeps_its_wall_clock_and_utc_times():
    # 28 March 2027 is the last Sunday of March: clocks go from 03:00 EET to 04:00 EEST.
    start = datetime(2027, 3, 27, 9, 0, tzinfo=HELSINKI)  # EET, UTC+2
    end = datetime(2027, 3, 29, 9, 0, tzinfo=HELSINKI)  # EEST, UTC+3
    _calendar, event = _parse(ical.request(_event(start=start, end=end)))
    parsed_start, parsed_end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert parsed_start.astimezone(UTC) == datetime(2027, 3, 27, 7, 0, tzinfo=UTC)
    assert parsed_end.astimezone(UTC) == datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
    assert parsed_start.utcoffset() == timedelta(hours=2)
    assert parsed_end.utcoffset() == timedelta(hours=3)


def test_a_meeting_after_the_autumn_change_is_back_on_eet():
    start = datetime(2027, 10, 31, 10, 0, tzinfo=HELSINKI)  # the Sunday of the change, after it
    _calendar, event = _parse(ical.request(_event(start=start, end=start + timedelta(hours=1))))
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 10, 31, 8, 0, tzinfo=UTC)


def test_utc_input_is_written_as_helsinki_wall_time():
    start = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    text = ical.request(_event(start=start, end=start + timedelta(hours=1)))
    assert "DTSTART;TZID=Europe/Helsinki:20270601T100000" in text


def test_floating_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ical.request(_event(start=datetime(2027, 3, 27, 9, 0)))  # noqa: DTZ001


def test_cancel_has_method_cancel_and_status_cancelled_with_the_same_uid():
    calendar, event = _parse(ical.cancel(_event(sequence=3)))
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == "meeting-1@yhdyspinta.test"
    assert event["SEQUENCE"] == 3


def test_a_feed_keeps_cancelled_events_and_uses_publish():
    text = ical.feed(
        [_event(), _event(uid="meeting-2@yhdyspinta.test", cancelled=True)], name="Kokoukset"
    )
    calendar = Calendar.from_ical(text)
    assert calendar["METHOD"] == "PUBLISH"
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses == {
        "meeting-1@yhdyspinta.test": "CONFIRMED",
        "meeting-2@yhdyspinta.test": "CANCELLED",
    }
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_the_organizer_without_a_separate_sender_has_no_sent_by():
    _calendar, event = _parse(ical.request(_event(sent_by="convener@forssa.test")))
    assert "SENT-BY" not in event["ORGANIZER"].params


def test_lines_end_with_crlf_and_are_folded():
    text = ical.request(_event(summary="x" * 200))
    assert "\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
