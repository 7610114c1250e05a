"""Meetings: the wellbeing forum with a chair who convenes it, members with deputies."""

from __future__ import annotations

import datetime
import email
import email.message
import sqlite3
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from forums.models import Body, Membership, RoleAssignment
from tests.conftest import make_user

HELSINKI = ZoneInfo("Europe/Helsinki")


def future(days: int = 14, hour: int = 9, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


def seat(body: Body, person, deputy=None, since: datetime.date | None = None) -> Membership:
    return Membership.objects.create(
        body=body,
        organisation=person.organisation,
        person=person,
        deputy=deputy,
        valid_from=since or datetime.date(2023, 9, 1),
    )


@pytest.fixture
def wellbeing(agreement) -> Body:
    return Body.objects.get(slug="hytefoorumi")


@pytest.fixture
def security(agreement) -> Body:
    return Body.objects.get(slug="turvallisuusfoorumi")


@pytest.fixture
def chair(wellbeing):
    """The wellbeing forum's elected chair: convenes it (rule: the county, then the chair)."""
    person = make_user(
        "kanta-hameen-hyvinvointialue",
        "member",
        "chair@test.example",
        first_name="Kaisa",
        last_name="Koollekutsuja",
    )
    seat(wellbeing, person)
    RoleAssignment.objects.create(
        body=wellbeing,
        role="chair",
        person=person,
        valid_from=datetime.date(2023, 10, 5),
        elected_on=datetime.date(2023, 10, 5),
    )
    return person


@pytest.fixture
def members(wellbeing, forssa_member, forssa_admin):
    """Two more members: Forssa's (deputy: Forssa's admin) and Loppi's (English speaker)."""
    loppi = make_user(
        "loppi", "member", "member.loppi@test.example", language="en", first_name="Lauri"
    )
    seat(wellbeing, forssa_member, deputy=forssa_admin)
    seat(wellbeing, loppi)
    return {"forssa": forssa_member, "forssa_deputy": forssa_admin, "loppi": loppi}


@pytest.fixture
def meeting_kwargs(wellbeing, chair):
    from organisations.models import Organisation

    return {
        "actor": chair,
        "body": wellbeing,
        "title": "Hytefoorumin kokous",
        "starts_at": future(14, 9),
        "ends_at": future(14, 11),
        "place": "Hämeenlinnan kaupungintalo, Valtuustosali",
        "remote_url": "https://teams.example/meet/1",
        "host_organisation": Organisation.objects.get(slug="hameenlinna"),
        "agenda": [
            {"title": "Kokouksen avaus"},
            {
                "title": "Alueellinen hyvinvointikertomus",
                "preparer": chair,
                "proposed_decision": "Merkitään tiedoksi.",
            },
        ],
    }


@pytest.fixture
def scheduled(meeting_kwargs, members, django_capture_on_commit_callbacks):
    from meetings.scheduling import schedule_meeting

    with django_capture_on_commit_callbacks(execute=True):
        return schedule_meeting(**meeting_kwargs)


def mime_parts(message) -> list[email.message.Message]:
    """Every MIME part of a sent Django message, as a mail client parses it."""
    return list(email.message_from_bytes(message.message().as_bytes()).walk())


def decoded(part: email.message.Message) -> bytes:
    """A part's payload with its transfer encoding undone."""
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def calendar_of(message) -> Calendar:
    """The text/calendar alternative of a sent Django message, parsed with icalendar."""
    for part in mime_parts(message):
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(decoded(part))
    raise AssertionError("no text/calendar part")


def vevent(message):
    (event,) = calendar_of(message).walk("VEVENT")
    return event


@pytest.fixture
def sqlite_real_parameter_limit():
    """Django 5.2 assumes SQLite allows 999 parameters per query (its old compile-time
    default) and splits a bulk insert of 500 rows into ~10 INSERTs; SQLite ≥ 3.32 allows
    32766 and Django 6.0 reads the real limit. Use the real one, as PostgreSQL's run does."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    real = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    features = connection.features
    previous = features.__dict__.get("max_query_params")
    features.max_query_params = real
    yield
    if previous is None:
        del features.max_query_params
    else:
        features.max_query_params = previous
