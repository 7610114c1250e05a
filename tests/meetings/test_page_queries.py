"""List pages run the same number of queries at 1× and 10× data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import ActionItem, Decision, Meeting, Minutes, MinutesItem, Participant
from organisations.models import Organisation
from tests.conftest import make_user


def _meetings(body, convener, n: int, offset: int, members) -> None:
    org = Organisation.objects.get(slug="forssa")
    for i in range(n):
        start = timezone.now() + datetime.timedelta(days=3 + offset + i, hours=1)
        meeting = Meeting.objects.create(
            body=body,
            title=f"K{offset + i}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            place="x",
            host_organisation=org,
            status="scheduled",
            convener=convener,
        )
        meeting.bodies.set([body])
        Participant.objects.bulk_create(Participant(meeting=meeting, user=m) for m in members)
        minutes = Minutes.objects.create(meeting=meeting, status="approved")
        item = MinutesItem.objects.create(
            minutes=minutes, number=1, title="Asia", decision="Päätettiin."
        )
        Decision.objects.create(
            body=body,
            meeting=meeting,
            minutes_item=item,
            number=1,
            title="Asia",
            text="Päätettiin.",
            decided_on=start.date(),
        )
        ActionItem.objects.create(
            body=body,
            meeting=meeting,
            title="Tehtävä",
            owner_organisation=org,
            due_date=start.date(),
        )


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/structure/meetings/",
        "/structure/meetings/?scope=all",
        "/structure/meetings/calendar/?year={year}&month={month}",
        "/structure/meetings/bodies/hytefoorumi/register/",
        "/structure/meetings/{pk}/",
        "/dashboard/",
    ],
)
def test_pages_run_the_same_queries_at_10x_data(
    url, wellbeing, chair, client_for, django_assert_num_queries
):
    people = [make_user("loppi", "member", f"p{i}@test.example") for i in range(20)]
    _meetings(wellbeing, chair, 2, 0, [chair, *people[:2]])
    first = Meeting.objects.order_by("starts_at")[0]
    when = timezone.localtime(first.starts_at)
    path = url.format(pk=first.pk, year=when.year, month=when.month)
    client = client_for(chair)
    at_1x = _count(client, path)
    _meetings(wellbeing, chair, 18, 2, [chair, *people[:2]])
    Participant.objects.bulk_create(Participant(meeting=first, user=p) for p in people[2:])
    with django_assert_num_queries(at_1x):
        assert client.get(path).status_code == 200
