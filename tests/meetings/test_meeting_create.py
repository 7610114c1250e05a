"""The schedule form: bad input gets a clear message in Finnish; nothing is saved or sent."""

from __future__ import annotations

import pytest
from django.core import mail

from meetings.models import Meeting
from organisations.models import Organisation

from .conftest import future


def _data(body, **extra):
    data = {
        "body": body.pk,
        "title": "Hytefoorumi",
        "starts_at": future(14, 9).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": future(14, 11).strftime("%Y-%m-%dT%H:%M"),
        "place": "Forssa",
        "remote_url": "",
        "host_organisation": Organisation.objects.get(slug="forssa").pk,
        "visibility": "parties",
        "description": "",
        "guests": "",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "60",
        "agenda-0-title": "Avaus",
    }
    data.update(extra)
    return data


def test_the_chair_schedules_through_the_form(
    wellbeing, chair, members, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(chair).post("/structure/meetings/new/", _data(wellbeing))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert len(mail.outbox) == 4
    assert meeting.agenda_items.get().title == "Avaus"


def test_save_as_draft_sends_nothing(
    wellbeing, chair, members, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(chair).post("/structure/meetings/new/", _data(wellbeing, save_draft="1"))
    assert Meeting.objects.get().status == "draft"
    assert mail.outbox == []


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            {"ends_at": future(14, 8).strftime("%Y-%m-%dT%H:%M")},
            "Kokouksen on päätyttävä alkamisajan jälkeen",
        ),
        (
            {
                "starts_at": future(-3, 9).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": future(-3, 11).strftime("%Y-%m-%dT%H:%M"),
            },
            "Kokous ei voi alkaa menneisyydessä",
        ),
        ({"place": "", "remote_url": ""}, "Anna kokouspaikka, etäyhteyden linkki tai molemmat"),
        ({"guests": "nobody@nowhere.example"}, "ei ole tunnusta portaalissa"),
        ({"title": "Kaksi\nriviä"}, "Kirjoita tämä yhdelle riville"),
        ({"starts_at": "huomenna"}, "Alkaa"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    wellbeing, chair, members, client_for, assert_unchanged, extra, message
):
    with assert_unchanged():
        response = client_for(chair).post("/structure/meetings/new/", _data(wellbeing, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mail.outbox == []


def test_a_joint_meeting_with_a_body_the_chair_does_not_convene_is_refused(
    wellbeing, security, chair, members, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(chair).post(
            "/structure/meetings/new/", _data(wellbeing, joint_bodies=[security.pk])
        )
    assert response.status_code == 200
    assert "Sinulla ei ole oikeutta kutsua koolle" in response.content.decode()
    assert mail.outbox == []


def test_inviting_a_guest_without_access_is_refused(
    wellbeing, chair, members, client_for, riihimaki_member, assert_unchanged
):
    wellbeing.visibility = "members"
    wellbeing.save(update_fields=["visibility"])
    with assert_unchanged():
        response = client_for(chair).post(
            "/structure/meetings/new/", _data(wellbeing, guests=riihimaki_member.email)
        )
    assert "ei ole pääsyä tähän toimielimeen" in response.content.decode()


def test_editing_changes_the_agenda_and_resends(
    scheduled, chair, client_for, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    data = _data(
        scheduled.body,
        title="Muutettu",
        **{
            "agenda-TOTAL_FORMS": "2",
            "agenda-0-title": "Avaus",
            "agenda-1-title": "Uusi asia",
        },
    )
    data.pop("body")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(chair).post(f"/structure/meetings/{scheduled.pk}/edit/", data)
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.title == "Muutettu" and scheduled.sequence == 1
    assert list(scheduled.agenda_items.values_list("title", flat=True)) == ["Avaus", "Uusi asia"]
    assert len(mail.outbox) == 4
    updates = [m for m in mail.outbox if m.to != [chair.email]]
    assert len(updates) == 3
    assert all(m.subject.startswith(("Muutos", "Updated")) for m in updates)
    (confirmation,) = [m for m in mail.outbox if m.to == [chair.email]]
    assert confirmation.subject.startswith("Muutos lähetetty")
