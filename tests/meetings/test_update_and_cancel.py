"""Updates re-send REQUEST with SEQUENCE+1 (same UID); cancellations send CANCEL."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.answers import answer_meeting
from meetings.models import Meeting, Participant
from meetings.scheduling import cancel_meeting, update_meeting

from .conftest import calendar_of, decoded, future, mime_parts, vevent


def _update(chair, meeting, capture, **data):
    mail.outbox.clear()
    with capture(execute=True):
        update_meeting(actor=chair, meeting=meeting, data=data)
    meeting.refresh_from_db()
    return meeting


def test_a_time_change_resends_request_with_higher_sequence_and_the_same_uid(
    scheduled, chair, members, django_capture_on_commit_callbacks
):
    uid = scheduled.uid
    meeting = _update(
        chair,
        scheduled,
        django_capture_on_commit_callbacks,
        starts_at=future(15, 12),
        ends_at=future(15, 14),
    )
    assert meeting.sequence == 1 and meeting.uid == uid
    assert len(mail.outbox) == 4  # three REQUESTs and the convener's confirmation
    event = vevent(mail.outbox[0])
    assert calendar_of(mail.outbox[0])["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == future(15, 12)
    meeting = _update(chair, meeting, django_capture_on_commit_callbacks, place="Forssa")
    assert vevent(mail.outbox[0])["SEQUENCE"] == 2


def test_the_change_mail_shows_old_and_new_time_place_and_link(
    scheduled, chair, members, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    old_start = future(14, 9)
    _update(
        chair,
        scheduled,
        django_capture_on_commit_callbacks,
        starts_at=future(16, 12),
        ends_at=future(16, 14),
        place="Forssan kaupungintalo",
        remote_url="https://teams.example/meet/2",
    )
    finnish = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    new_start = future(16, 12)
    old_day = f"{old_start.day}.{old_start.month}.{old_start.year}"
    new_day = f"{new_start.day}.{new_start.month}.{new_start.year}"
    assert "Mikä muuttui (ennen → nyt)" in finnish.body
    assert f"Aika: {old_day} klo 9.00–11.00 → {new_day} klo 12.00–14.00" in finnish.body
    assert "Paikka: Hämeenlinnan kaupungintalo, Valtuustosali → Forssan kaupungintalo" in (
        finnish.body
    )
    assert "Etäyhteys: https://teams.example/meet/1 → https://teams.example/meet/2" in finnish.body
    (html_part,) = [p for p in mime_parts(finnish) if p.get_content_type() == "text/html"]
    html = decoded(html_part).decode("utf-8")
    assert "<s>Hämeenlinnan kaupungintalo, Valtuustosali</s>" in html


def test_a_time_or_place_change_resets_the_answers(
    scheduled, chair, members, django_capture_on_commit_callbacks
):
    participant = scheduled.participants.get(user=members["forssa"])
    answer_meeting(participant=participant, answer="accepted", actor=members["forssa"])
    _update(chair, scheduled, django_capture_on_commit_callbacks, place="Riihimäki")
    participant.refresh_from_db()
    assert participant.answer == Participant.Answer.NONE
    assert "vastaa uudelleen" in mail.outbox[0].body


def test_a_title_change_keeps_the_answers_but_still_raises_the_sequence(
    scheduled, chair, members, django_capture_on_commit_callbacks
):
    participant = scheduled.participants.get(user=members["forssa"])
    answer_meeting(participant=participant, answer="accepted", actor=members["forssa"])
    meeting = _update(chair, scheduled, django_capture_on_commit_callbacks, title="Uusi nimi")
    participant.refresh_from_db()
    assert participant.answer == Participant.Answer.ACCEPTED
    assert meeting.sequence == 1
    attendees = {str(a): a.params for a in vevent(mail.outbox[0])["ATTENDEE"]}
    assert attendees[f"mailto:{members['forssa'].email}"]["PARTSTAT"] == "ACCEPTED"


def test_saving_without_changes_sends_nothing(scheduled, chair, django_capture_on_commit_callbacks):
    meeting = _update(
        chair,
        scheduled,
        django_capture_on_commit_callbacks,
        title=scheduled.title,
        place=scheduled.place,
    )
    assert meeting.sequence == 0 and mail.outbox == []


def test_a_change_calendars_cannot_see_is_saved_and_audited_without_a_new_sequence(
    scheduled, chair, django_capture_on_commit_callbacks
):
    """Only the host organisation changed: nothing in the calendar object did, so no
    SEQUENCE and no REQUEST (Outlook would show everyone an "updated" meeting)."""
    from organisations.models import Organisation
    from portal.audit import history

    mail.outbox.clear()
    forssa = Organisation.objects.get(slug="forssa")
    meeting = _update(
        chair, scheduled, django_capture_on_commit_callbacks, host_organisation=forssa
    )
    meeting.refresh_from_db()
    assert meeting.host_organisation == forssa
    assert meeting.sequence == 0
    assert mail.outbox == []
    assert history(meeting).filter(action="meeting.updated").get().changes["host_organisation"]


def test_an_agenda_change_alone_sends_a_notice_without_a_calendar_part(
    scheduled, chair, members, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    agenda = [
        {"title": "Kokouksen avaus"},
        {"title": "Uusi asia: kouluterveyskysely", "proposed_decision": "Merkitään tiedoksi."},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(actor=chair, meeting=scheduled, data={}, agenda=agenda)
    scheduled.refresh_from_db()
    assert scheduled.sequence == 0
    assert len(mail.outbox) == 3  # members and deputy; the convener made the change
    finnish = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    assert finnish.subject.startswith("Esityslista päivitetty")
    assert "2 § Uusi asia: kouluterveyskysely" in finnish.body
    parts = [p.get_content_type() for p in finnish.message().walk()]
    assert "text/calendar" not in parts


def test_cancel_sends_method_cancel_with_status_cancelled_and_says_so_in_the_subject(
    scheduled, chair, members, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=scheduled, reason="Sairastapaus")
    assert len(mail.outbox) == 4  # three CANCELs and the convener's confirmation
    finnish = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    english = next(m for m in mail.outbox if m.to == [members["loppi"].email])
    assert finnish.subject.startswith("PERUTTU")
    # It says that the cancellation is attached and what the calendar does, not "invitation".
    assert "Kalenterikutsu on liitteenä" not in finnish.body
    assert "Peruutus on liitteenä kalenteritiedostona" in finnish.body
    assert "poistuu kalenteristasi" in finnish.body
    assert "invitation is attached" not in english.body.lower()
    assert "The cancellation is attached" in english.body
    assert english.subject.startswith("CANCELLED")
    calendar = calendar_of(finnish)
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == scheduled.uid
    assert event["SEQUENCE"] == 1
    assert "Sairastapaus" in finnish.body


def test_a_cancelled_meeting_cannot_be_edited_or_cancelled_again(
    scheduled, chair, assert_unchanged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=scheduled)
    mail.outbox.clear()
    with assert_unchanged():
        with pytest.raises(ValidationError):
            update_meeting(actor=chair, meeting=scheduled, data={"title": "x"})
        with pytest.raises(ValidationError):
            cancel_meeting(actor=chair, meeting=scheduled)
    assert mail.outbox == []


def test_editing_a_cancelled_meeting_in_the_browser_gets_a_clear_page(
    scheduled, chair, client_for, assert_unchanged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=scheduled)
    client = client_for(chair)
    with assert_unchanged():
        response = client.post(f"/structure/meetings/{scheduled.pk}/edit/", {"title": "x"})
    assert response.status_code == 409
    assert (
        "peruttu" in response.content.decode().lower()
        or "cancelled" in response.content.decode().lower()
    )
    assert Meeting.objects.get(pk=scheduled.pk).title == "Hytefoorumin kokous"


def test_the_meeting_page_of_a_cancelled_meeting_says_so(
    scheduled, chair, members, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=scheduled)
    page = client_for(members["forssa"]).get(scheduled.get_absolute_url()).content.decode()
    assert "PERUTTU" in page
