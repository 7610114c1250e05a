"""500 recipients are queued in one request with the same number of queries as 50."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from forums.models import Membership
from meetings.models import Meeting, Participant
from organisations.models import Organisation, User
from portal.models import OutboundEmail

from .conftest import future


def _add_members(body, n: int, start: int) -> None:
    orgs = list(Organisation.objects.parties())
    users = User.objects.bulk_create(
        [
            User(
                email=f"bulk{i}@test.example",
                first_name=f"Jäsen{i}",
                last_name="Testi",
                organisation=orgs[i % len(orgs)],
                language="en" if i % 3 else "fi",
                password="!",
            )
            for i in range(start, start + n)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                body=body,
                organisation=u.organisation,
                person=u,
                valid_from=datetime.date(2023, 9, 1),
            )
            for u in users
        ]
    )


def _post(client, body, day: int):
    return client.post(
        "/structure/meetings/new/",
        {
            "body": body.pk,
            "title": f"Iso kokous {day}",
            "starts_at": future(day, 9).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": future(day, 11).strftime("%Y-%m-%dT%H:%M"),
            "place": "Verkossa",
            "remote_url": "https://teams.example/big",
            "host_organisation": Organisation.objects.get(slug="hameenlinna").pk,
            "visibility": "parties",
            "description": "",
            "guests": "",
            "agenda-TOTAL_FORMS": "2",
            "agenda-INITIAL_FORMS": "0",
            "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "60",
            "agenda-0-title": "Avaus",
            "agenda-1-title": "Tilannekuva",
        },
    )


def test_queueing_500_invitations_takes_as_many_queries_as_50(
    wellbeing, chair, client_for, django_assert_num_queries, sqlite_real_parameter_limit
):
    client = client_for(chair)
    _add_members(wellbeing, 50, 0)  # + the chair, who convenes: 50 recipients
    _post(client, wellbeing, 19)  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as at_50:
        response = _post(client, wellbeing, 20)
    assert response.status_code == 302, response.content.decode()[:2000]
    first = Meeting.objects.get(title="Iso kokous 20")
    assert Participant.objects.filter(meeting=first).count() == 51
    invitations = OutboundEmail.objects.filter(related_id=str(first.pk), kind="meeting_invitation")
    assert invitations.count() == 50

    _add_members(wellbeing, 450, 1000)
    with django_assert_num_queries(len(at_50)):
        response = _post(client, wellbeing, 21)
    assert response.status_code == 302
    second = Meeting.objects.get(title="Iso kokous 21")
    assert Participant.objects.filter(meeting=second).count() == 501
    rows = OutboundEmail.objects.filter(related_id=str(second.pk), kind="meeting_invitation")
    assert rows.count() == 500
    assert rows.filter(status="queued").count() == 500  # sent after the commit, by Celery
    # Each in the recipient's language.
    # Above 100 participants each calendar part names only its recipient.
    row = rows[0]
    (event,) = Calendar.from_ical(row.calendar_ics).walk("VEVENT")
    assert str(event["ATTENDEE"]) == f"mailto:{row.to_email}"
    english = (
        Participant.objects.filter(meeting=second, user__language="en").exclude(user=chair).count()
    )
    assert rows.filter(subject__startswith="Invitation:").count() == english > 0
    assert rows.filter(subject__startswith="Kutsu:").count() == 500 - english
