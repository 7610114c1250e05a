"""Outbox reliability for invitations: idempotent, retried, visible to the convener."""

from __future__ import annotations

import smtplib
from unittest import mock

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from meetings.scheduling import schedule_meeting
from portal.models import OutboundEmail
from portal.tasks import send_outbound_email


def test_the_send_task_run_twice_sends_one_mail(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        schedule_meeting(**meeting_kwargs)
    rows = list(OutboundEmail.objects.filter(kind="meeting_invitation"))
    for row in rows:
        assert send_outbound_email.apply(args=[row.pk]).get() == "sent"
    for row in rows:
        assert send_outbound_email.apply(args=[row.pk]).get() == "skipped"
    assert len(mail.outbox) == len(rows) == 3  # the members and the deputy; not the convener


def test_an_smtp_failure_is_retried_and_then_sent(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        schedule_meeting(**meeting_kwargs)
    row = OutboundEmail.objects.filter(kind="meeting_invitation")[0]
    real = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        send_outbound_email.apply(args=[row.pk], throw=False)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1


def test_a_permanent_failure_is_shown_to_the_convener(
    meeting_kwargs, members, chair, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        meeting = schedule_meeting(**meeting_kwargs)
    rows = list(OutboundEmail.objects.filter(kind="meeting_invitation").order_by("pk"))
    refused = smtplib.SMTPRecipientsRefused({rows[0].to_email: (550, b"no such user")})
    with mock.patch.object(EmailBackend, "send_messages", side_effect=refused):
        send_outbound_email.apply(args=[rows[0].pk])
    send_outbound_email.apply(args=[rows[1].pk])
    page = client_for(chair).get(meeting.get_absolute_url()).content.decode()
    assert "no such user" in page
    assert page.count("badge-ok") >= 1  # the sent one
    assert "badge-warn" in page  # still queued ones


def test_members_do_not_see_the_delivery_column(scheduled, members, client_for):
    page = client_for(members["forssa"]).get(scheduled.get_absolute_url()).content.decode()
    assert "Ketkä osallistuvat" in page
    assert "Kutsuviesti" not in page


def test_an_invitation_queued_before_a_cancellation_is_not_sent_after_it(
    meeting_kwargs, members, chair, django_capture_on_commit_callbacks
):
    from meetings.scheduling import cancel_meeting

    with django_capture_on_commit_callbacks(execute=False):
        meeting = schedule_meeting(**meeting_kwargs)
    with django_capture_on_commit_callbacks(execute=False):
        cancel_meeting(actor=chair, meeting=meeting)
    invitation = OutboundEmail.objects.filter(kind="meeting_invitation")[0]
    assert send_outbound_email.apply(args=[invitation.pk]).get() == "skipped"
    invitation.refresh_from_db()
    assert invitation.status == OutboundEmail.Status.FAILED
    assert invitation.last_error.startswith("Not sent: meeting cancelled")
    cancellation = OutboundEmail.objects.filter(kind="meeting_cancelled")[0]
    assert send_outbound_email.apply(args=[cancellation.pk]).get() == "sent"
