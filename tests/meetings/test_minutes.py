"""Minutes: draft → checked → approved, locked and versioned; the register; elections."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from forums.models import RoleAssignment
from meetings.minutes import (
    add_action_item,
    approve_minutes,
    mark_minutes_checked,
    start_minutes,
    update_minutes,
)
from meetings.models import Decision, Meeting, Minutes
from meetings.scheduling import schedule_meeting
from organisations.models import Organisation


def _held(meeting):
    """Let time pass: the meeting took place yesterday."""
    start = timezone.now() - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def minutes(scheduled, chair):
    meeting = _held(scheduled)
    return start_minutes(actor=chair, meeting=meeting)


def _rows(minutes, by_number=None):
    return [
        {
            "pk": i.pk,
            "discussion": "",
            "decision": i.decision,
            "confidential": False,
            "election_role": "",
            "elected": None,
            **(by_number or {}).get(i.number, {}),
        }
        for i in minutes.items.order_by("number")
    ]


def test_minutes_are_drafted_from_the_agenda_with_the_proposed_decisions(minutes):
    items = list(minutes.items.order_by("number"))
    assert [i.title for i in items] == ["Kokouksen avaus", "Alueellinen hyvinvointikertomus"]
    assert items[1].decision == "Merkitään tiedoksi."
    assert minutes.status == Minutes.Status.DRAFT


def test_the_workflow_locks_versions_and_fills_the_register(minutes, chair, members):
    update_minutes(
        actor=chair,
        minutes=minutes,
        data={"attendance": "Kaikki", "notes": ""},
        items=_rows(minutes, {1: {"decision": "Avattiin klo 9.02."}}),
    )
    mark_minutes_checked(actor=members["forssa"], minutes=minutes)
    approve_minutes(actor=chair, minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED and minutes.is_locked
    assert list(minutes.versions.values_list("status", flat=True)) == ["checked", "approved"]
    assert Decision.objects.filter(meeting=minutes.meeting).count() == 2
    assert Meeting.objects.get(pk=minutes.meeting_id).status == Meeting.Status.HELD
    with pytest.raises(ValidationError):
        update_minutes(actor=chair, minutes=minutes, data={"notes": "x"}, items=[])


def test_approving_unchecked_minutes_is_refused(minutes, chair, assert_unchanged):
    with assert_unchanged(), pytest.raises(ValidationError):
        approve_minutes(actor=chair, minutes=minutes)


def test_an_election_in_the_minutes_sets_the_bodys_role(minutes, chair, members, wellbeing):
    update_minutes(
        actor=chair,
        minutes=minutes,
        data={},
        items=_rows(minutes, {2: {"election_role": "secretary", "elected": members["forssa"]}}),
    )
    mark_minutes_checked(actor=chair, minutes=minutes)
    approve_minutes(actor=chair, minutes=minutes)
    secretary = RoleAssignment.objects.current().get(body=wellbeing, role="secretary")
    assert secretary.person == members["forssa"]
    assert secretary.elected_in.minutes.meeting_id == minutes.meeting_id


def test_electing_a_non_member_is_refused(minutes, chair, riihimaki_member, assert_unchanged):
    with assert_unchanged(), pytest.raises(ValidationError):
        update_minutes(
            actor=chair,
            minutes=minutes,
            data={},
            items=_rows(minutes, {2: {"election_role": "chair", "elected": riihimaki_member}}),
        )


def test_approved_minutes_of_a_public_meeting_are_public_without_confidential_items(minutes, chair):
    Meeting.objects.filter(pk=minutes.meeting_id).update(visibility="public")
    update_minutes(
        actor=chair,
        minutes=minutes,
        data={},
        items=_rows(
            minutes,
            {
                1: {"decision": "Kokous avattiin."},
                2: {"confidential": True, "discussion": "Salainen asia"},
            },
        ),
    )
    url = f"/structure/meetings/{minutes.meeting_id}/minutes/"
    assert Client().get(url).status_code == 403  # a draft is not public
    mark_minutes_checked(actor=chair, minutes=minutes)
    approve_minutes(actor=chair, minutes=minutes)
    page = Client().get(url).content.decode()
    assert "Kokouksen avaus" in page
    assert "Salainen asia" not in page
    register = Client().get("/structure/meetings/bodies/hytefoorumi/register/").content.decode()
    assert "Kokous avattiin." in register
    assert "Merkitään tiedoksi." not in register  # the confidential item's decision


def test_overdue_action_items_show_on_the_next_meetings_agenda(
    minutes, chair, meeting_kwargs, members, client_for, django_capture_on_commit_callbacks
):
    add_action_item(
        actor=chair,
        meeting=minutes.meeting,
        title="Kootaan hyvinvointikertomus",
        owner_organisation=Organisation.objects.get(slug="forssa"),
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        nxt = schedule_meeting(**{**meeting_kwargs, "title": "Seuraava"})
    page = client_for(members["forssa"]).get(nxt.get_absolute_url()).content.decode()
    assert "Kootaan hyvinvointikertomus" in page


def test_the_minutes_pages_work_in_the_browser(minutes, chair, client_for):
    client = client_for(chair)
    meeting = minutes.meeting
    assert client.get(f"/structure/meetings/{meeting.pk}/minutes/edit/").status_code == 200
    item = minutes.items.order_by("number").first()
    data = {"minutes-attendance": "Kaikki jäsenet", "minutes-notes": ""}
    for i in minutes.items.all():
        data[f"item-{i.pk}-decision"] = "Päätettiin." if i.pk == item.pk else i.decision
        data[f"item-{i.pk}-discussion"] = ""
        data[f"item-{i.pk}-election_role"] = ""
    response = client.post(f"/structure/meetings/{meeting.pk}/minutes/edit/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == "Päätettiin."
    for step in ("check", "approve"):
        client.post(f"/structure/meetings/{meeting.pk}/minutes/{step}/")
    minutes.refresh_from_db()
    assert minutes.status == "approved"
    assert client.get(f"/structure/meetings/{meeting.pk}/minutes/edit/").status_code == 409
