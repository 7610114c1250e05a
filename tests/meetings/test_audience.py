"""What each reader sees of a meeting, in every output (issue 11): the page, its .ics, the
feeds, the decision register and the action items carried to the next agenda."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings import minutes as minutes_service
from meetings.models import ActionItem, Meeting
from meetings.scheduling import schedule_meeting
from organisations.models import Organisation

from .conftest import future


@pytest.fixture
def public_meeting(meeting_kwargs, members, django_capture_on_commit_callbacks, wellbeing):
    with django_capture_on_commit_callbacks(execute=True):
        return schedule_meeting(**{**meeting_kwargs, "visibility": "public"})


def _ics(client, meeting) -> str:
    response = client.get(f"/structure/meetings/{meeting.pk}/meeting.ics")
    assert response.status_code == 200
    return response.content.decode().replace("\r\n ", "")  # unfolded, as a client reads it


def test_anonymous_readers_get_no_email_and_no_remote_link(public_meeting, chair):
    anonymous = Client()
    page = anonymous.get(public_meeting.get_absolute_url()).content.decode()
    ics = _ics(anonymous, public_meeting)
    feed = anonymous.get(f"/structure/meetings/bodies/{public_meeting.body.slug}.ics")
    for text in (page, ics, feed.content.decode()):
        assert chair.email not in text
        assert "teams.example/meet/1" not in text
    assert "Hytefoorumin kokous" in ics and "Valtuustosali" in ics
    assert "ORGANIZER" not in ics


def test_a_link_marked_public_is_shown_to_everyone(public_meeting, chair):
    Meeting.objects.filter(pk=public_meeting.pk).update(remote_url_public=True)
    anonymous = Client()
    assert "teams.example/meet/1" in _ics(anonymous, public_meeting)
    assert (
        "teams.example/meet/1" in anonymous.get(public_meeting.get_absolute_url()).content.decode()
    )
    assert chair.email not in _ics(anonymous, public_meeting)


def test_a_member_gets_the_link_and_the_conveners_address(
    public_meeting, chair, members, client_for
):
    ics = _ics(client_for(members["forssa"]), public_meeting)
    assert "teams.example/meet/1" in ics
    assert f"mailto:{chair.email}" in ics


def test_another_partys_official_sees_the_link_but_not_the_address(
    public_meeting, chair, riihimaki_member, client_for
):
    ics = _ics(client_for(riihimaki_member), public_meeting)
    assert "teams.example/meet/1" in ics
    assert chair.email not in ics


@pytest.fixture
def confidential_meeting(meeting_kwargs, members, chair, django_capture_on_commit_callbacks):
    agenda = [
        {"title": "Avaus"},
        {
            "title": "Henkilöstöasia",
            "description": "Salainen esittely",
            "proposed_decision": "Salainen ehdotus",
            "confidential": True,
            "attachment": SimpleUploadedFile("liite.txt", b"salainen liite"),
        },
    ]
    with django_capture_on_commit_callbacks(execute=True):
        return schedule_meeting(**{**meeting_kwargs, "visibility": "parties", "agenda": agenda})


def test_a_confidential_item_is_shown_in_full_to_the_meetings_members_only(
    confidential_meeting, members, riihimaki_member, client_for
):
    item = confidential_meeting.agenda_items.get(number=2)
    attachment = f"/structure/meetings/{confidential_meeting.pk}/agenda/{item.pk}/attachment/"
    outsider = client_for(riihimaki_member)
    page = outsider.get(confidential_meeting.get_absolute_url()).content.decode()
    assert "Henkilöstöasia" in page
    assert "Salainen esittely" not in page and "Salainen ehdotus" not in page
    assert outsider.get(attachment).status_code == 404
    member = client_for(members["forssa"])
    page = member.get(confidential_meeting.get_absolute_url()).content.decode()
    assert "Salainen esittely" in page and "Salainen ehdotus" in page
    assert member.get(attachment).status_code == 200
    invitation = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    assert "Salainen ehdotus" in invitation.body  # members are told everything


def test_a_confidential_items_decision_stays_out_of_other_readers_register(
    confidential_meeting, chair, members, riihimaki_member, client_for
):
    Meeting.objects.filter(pk=confidential_meeting.pk).update(
        starts_at=future(-2, 9), ends_at=future(-2, 11)
    )
    confidential_meeting.refresh_from_db()
    minutes = minutes_service.start_minutes(actor=chair, meeting=confidential_meeting)
    assert minutes.items.get(number=2).confidential  # carried from the agenda
    minutes_service.mark_minutes_checked(actor=chair, minutes=minutes)
    minutes_service.approve_minutes(actor=chair, minutes=minutes)
    register = f"/structure/meetings/bodies/{confidential_meeting.body.slug}/register/"
    assert "Salainen ehdotus" not in client_for(riihimaki_member).get(register).content.decode()
    assert "Salainen ehdotus" in client_for(members["forssa"]).get(register).content.decode()


def test_a_members_only_meetings_action_item_is_not_carried_to_a_party_wide_agenda(
    meeting_kwargs, members, chair, riihimaki_member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closed = schedule_meeting(**{**meeting_kwargs, "visibility": "members"})
    ActionItem.objects.create(
        body=closed.body,
        meeting=closed,
        title="Luottamuksellinen tehtävä",
        owner_organisation=Organisation.objects.get(slug="forssa"),
        due_date=datetime.date(2024, 1, 1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wide = schedule_meeting(
            **{
                **meeting_kwargs,
                "visibility": "parties",
                "starts_at": future(20, 9),
                "ends_at": future(20, 10),
            }
        )
    assert (
        "Luottamuksellinen tehtävä"
        not in client_for(riihimaki_member).get(wide.get_absolute_url()).content.decode()
    )
    assert all("Luottamuksellinen tehtävä" not in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        narrow = schedule_meeting(
            **{
                **meeting_kwargs,
                "visibility": "members",
                "starts_at": future(21, 9),
                "ends_at": future(21, 10),
            }
        )
    page = client_for(members["forssa"]).get(narrow.get_absolute_url()).content.decode()
    assert "Luottamuksellinen tehtävä" in page


def test_a_title_with_a_line_break_gives_a_calendar_file_not_an_error(
    meeting_kwargs, members, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**meeting_kwargs)
    Meeting.objects.filter(pk=meeting.pk).update(title="Rivi yksi\nrivi kaksi")
    ics = _ics(client_for(members["forssa"]), meeting)
    assert "SUMMARY:Rivi yksi rivi kaksi" in ics
