"""Reminders (hourly beat job): once per start time, re-checked when sent."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone

from meetings.scheduling import cancel_meeting, schedule_meeting, update_meeting
from meetings.tasks import send_meeting_reminders
from portal.models import OutboundEmail
from portal.tasks import send_outbound_email


def _soon(meeting_kwargs):
    start = timezone.now() + datetime.timedelta(hours=5)
    return {**meeting_kwargs, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}


def test_a_reminder_goes_once_even_if_the_job_runs_twice(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(**_soon(meeting_kwargs))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # The two members; not the deputy, nor the convener (the meeting's organiser).
        assert send_meeting_reminders.apply().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.apply().get() == 0
    assert len(mail.outbox) == 2
    assert all(m.subject.startswith(("Muistutus", "Reminder")) for m in mail.outbox)


def test_meetings_further_away_are_not_reminded_yet(scheduled, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.apply().get() == 0
    assert mail.outbox == []


def test_a_declined_member_gets_no_reminder(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    from meetings.answers import answer_meeting

    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**_soon(meeting_kwargs))
        answer_meeting(
            participant=meeting.participants.get(user=members["loppi"]), answer="declined"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_reminders.apply()
    assert members["loppi"].email not in {m.to[0] for m in mail.outbox}


def test_a_reminder_queued_before_a_cancellation_is_not_sent(
    meeting_kwargs, members, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**_soon(meeting_kwargs))
    with django_capture_on_commit_callbacks(execute=False):
        send_meeting_reminders.apply()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=meeting)
    mail.outbox.clear()
    for row in OutboundEmail.objects.filter(kind="meeting_reminder"):
        assert send_outbound_email.apply(args=[row.pk]).get() == "skipped"
    assert mail.outbox == []


def test_a_moved_meeting_is_reminded_again_for_its_new_time(
    meeting_kwargs, members, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**_soon(meeting_kwargs))
        send_meeting_reminders.apply()
        start = meeting.starts_at + datetime.timedelta(hours=3)
        update_meeting(
            actor=chair,
            meeting=meeting,
            data={"starts_at": start, "ends_at": start + datetime.timedelta(hours=1)},
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.apply().get() == 2  # members, not the convener
