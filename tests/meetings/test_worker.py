"""End to end through a real Celery worker on Redis (CI's PostgreSQL run: `pytest -m worker`).

Elsewhere the same test runs with tasks in-process, through the very same code path.
"""

from __future__ import annotations

import datetime
import time

import pytest
from icalendar import Calendar

from forums.models import Body, Membership, RoleAssignment
from meetings.scheduling import schedule_meeting
from organisations.models import Organisation
from portal.models import OutboundEmail
from portal.seeding import SeedReport, run
from tests.conftest import make_user

from .conftest import future


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_meeting_invitations_are_sent_by_the_worker_after_commit():
    run("seed_agreement", SeedReport())
    wellbeing = Body.objects.get(slug="hytefoorumi")
    chair = make_user("kanta-hameen-hyvinvointialue", "member", "chair.worker@test.example")
    member = make_user("forssa", "member", "member.worker@test.example")
    since = datetime.date(2023, 9, 1)
    for person in (chair, member):
        assert person.organisation is not None
        Membership.objects.create(
            body=wellbeing, organisation=person.organisation, person=person, valid_from=since
        )
    RoleAssignment.objects.create(
        body=wellbeing, role="chair", person=chair, valid_from=since, elected_on=since
    )
    meeting = schedule_meeting(
        actor=chair,
        body=wellbeing,
        title="Worker",
        starts_at=future(9, 9),
        ends_at=future(9, 10),
        place="Hämeenlinna",
        host_organisation=Organisation.objects.get(slug="hameenlinna"),
    )
    rows = OutboundEmail.objects.filter(related_id=str(meeting.pk))
    assert sorted(rows.values_list("kind", flat=True)) == [
        "meeting_confirmation",  # to the chair, who convened it
        "meeting_invitation",  # to the member
    ]
    deadline = time.monotonic() + 60
    while rows.exclude(status=OutboundEmail.Status.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    for row in rows:
        assert row.status == OutboundEmail.Status.SENT, row.last_error
        assert row.attempts == 1
    for row in rows.filter(kind="meeting_invitation"):
        event = Calendar.from_ical(row.calendar_ics).walk("VEVENT")[0]
        assert str(event["UID"]) == meeting.uid
