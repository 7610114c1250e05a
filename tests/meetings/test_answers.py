"""Answers from signed one-click links (no login) and on the meeting page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from meetings.links import answer_token, answer_url
from meetings.models import Participant

from .conftest import vevent


def _link(message, answer="accepted") -> str:
    match = re.search(rf"(http://testserver/\S+/answer/\S+/\?a={answer})", message.body)
    assert match, message.body
    return match.group(1).replace("http://testserver", "")


def _forssa_mail(members):
    return next(m for m in mail.outbox if m.to == [members["forssa"].email])


def test_the_link_shows_a_confirmation_and_a_get_changes_nothing(
    scheduled, members, assert_unchanged
):
    url = _link(_forssa_mail(members))
    with assert_unchanged():
        response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert scheduled.title in page
    # It names whose answer this is, without "on behalf of" oneself.
    assert f"Vastaajana {members['forssa'].display_name}" in page
    assert "puolesta" not in page


def test_a_member_accepts_from_the_link_without_logging_in(scheduled, members):
    url = _link(_forssa_mail(members))
    response = Client().post(url, {"answer": "accepted"})
    assert response.status_code == 200
    participant = scheduled.participants.get(user=members["forssa"])
    assert participant.answer == Participant.Answer.ACCEPTED
    assert participant.answered_at is not None


def test_a_used_link_gets_a_clear_page_and_changes_nothing(scheduled, members, assert_unchanged):
    url = _link(_forssa_mail(members))
    Client().post(url, {"answer": "accepted"})
    with assert_unchanged():
        response = Client().post(url, {"answer": "declined"})
    assert response.status_code == 410
    assert (
        "käytetty" in response.content.decode() or "already been used" in response.content.decode()
    )
    assert scheduled.participants.get(user=members["forssa"]).answer == "accepted"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda url: url.replace("/answer/", "/answer/x"),
        lambda url: re.sub(r":([^:/]+)/\?", r":AAAA\1/?", url),
        lambda url: url.rsplit("/answer/", 1)[0] + "/answer/not-a-token/",
    ],
)
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(
    scheduled, members, mangle, assert_unchanged
):
    url = mangle(_link(_forssa_mail(members)))
    with assert_unchanged():
        response = Client().post(url, {"answer": "declined"})
    assert response.status_code == 400
    assert "muutettu" in response.content.decode() or "altered" in response.content.decode()


def test_a_link_used_for_another_meeting_is_refused(
    scheduled, members, meeting_kwargs, assert_unchanged, django_capture_on_commit_callbacks
):
    from meetings.scheduling import schedule_meeting

    with django_capture_on_commit_callbacks(execute=True):
        other = schedule_meeting(**{**meeting_kwargs, "title": "Toinen"})
    participant = scheduled.participants.get(user=members["forssa"])
    url = f"/structure/meetings/{other.pk}/answer/{answer_token(participant)}/"
    with assert_unchanged():
        response = Client().post(url, {"answer": "declined"})
    assert response.status_code == 403


def test_someone_elses_link_is_refused_when_logged_in_as_another_person(
    scheduled, members, client_for, assert_unchanged
):
    url = _link(_forssa_mail(members))
    with assert_unchanged():
        response = client_for(members["loppi"]).post(url, {"answer": "declined"})
    assert response.status_code == 403


def test_a_link_from_before_a_time_change_no_longer_works(
    scheduled, members, chair, assert_unchanged, django_capture_on_commit_callbacks
):
    from meetings.scheduling import update_meeting

    old_url = _link(_forssa_mail(members))
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(actor=chair, meeting=scheduled, data={"place": "Loppi"})
    with assert_unchanged():
        response = Client().post(old_url, {"answer": "accepted"})
    assert response.status_code == 410


def test_a_member_answers_on_the_meeting_page(scheduled, members, client_for):
    client = client_for(members["loppi"])
    response = client.post(f"/structure/meetings/{scheduled.pk}/answer/", {"answer": "tentative"})
    assert response.status_code == 302
    assert scheduled.participants.get(user=members["loppi"]).answer == "tentative"
    page = client.get(scheduled.get_absolute_url()).content.decode()
    assert 'value="tentative"' in page


def test_declining_calls_in_the_personal_deputy(
    scheduled, members, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    participant = scheduled.participants.get(user=members["forssa"])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            answer_url(participant).replace("http://testserver", ""), {"answer": "declined"}
        )
    deputy = scheduled.participants.get(user=members["forssa_deputy"])
    assert deputy.stands_in and deputy.deputy_for_id == participant.pk
    (message,) = mail.outbox
    assert message.to == [members["forssa_deputy"].email]
    assert members["forssa"].display_name in message.body
    attendee = vevent(message)["ATTENDEE"]
    assert str(attendee) == f"mailto:{members['forssa_deputy'].email}"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_answering_a_cancelled_meeting_from_the_link_changes_nothing(
    scheduled, members, chair, assert_unchanged, django_capture_on_commit_callbacks
):
    from meetings.scheduling import cancel_meeting

    url = _link(_forssa_mail(members))
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=scheduled)
    with assert_unchanged():
        response = Client().post(url, {"answer": "accepted"})
    assert response.status_code == 410
