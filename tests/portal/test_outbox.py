import smtplib
from unittest import mock

import pytest
from django.core import mail

from portal.lib import mail as portal_mail
from portal.models import OutboundEmail
from portal.tasks import requeue_stale_emails, send_outbound_email


def _queue(forssa_member, **kwargs):
    return portal_mail.queue_one(
        portal_mail.Mail(
            template="invitation",
            to_email=forssa_member.email,
            to_user=forssa_member,
            context={
                "invitation": mock.Mock(expires_at=None),
                "organisation": forssa_member.organisation,
                "invited_by": forssa_member,
                "accept_path": "/x/",
            },
            **kwargs,
        ),
        kind="test",
    )


def test_a_queued_mail_is_sent_once_even_if_the_task_runs_twice(
    forssa_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        row = _queue(forssa_member)
    assert send_outbound_email.apply(args=[row.pk]).get() == "sent"
    assert send_outbound_email.apply(args=[row.pk]).get() == "skipped"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT and row.attempts == 1


def test_nothing_is_sent_before_the_transaction_commits(
    forssa_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue(forssa_member)
        assert len(mail.outbox) == 0
    assert len(callbacks) == 1


def test_a_transient_smtp_error_is_retried_then_sent(
    forssa_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        row = _queue(forssa_member)
    real_send = mail.get_connection().send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(messages)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky):
        send_outbound_email.apply(args=[row.pk], throw=False)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1


def test_a_permanent_smtp_error_marks_the_row_failed(
    forssa_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        row = _queue(forssa_member)
    error = smtplib.SMTPRecipientsRefused({forssa_member.email: (550, b"no such user")})
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=error
    ):
        assert send_outbound_email.apply(args=[row.pk]).get() == "failed"
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.FAILED
    assert "550" in row.last_error
    assert send_outbound_email.apply(args=[row.pk]).get() == "skipped"


def test_a_calendar_part_is_sent_as_alternative_and_attachment(
    forssa_member, django_capture_on_commit_callbacks
):
    ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        _queue(forssa_member, calendar_ics=ics, calendar_method="REQUEST")
    message = mail.outbox[0].message()
    assert message.get_content_type() == "multipart/mixed"
    types = [part.get_content_type() for part in message.walk()]
    assert "multipart/alternative" in types and "text/calendar" in types
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"


def test_a_stale_claim_is_handed_back(forssa_member, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        row = _queue(forssa_member)
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboundEmail.Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert requeue_stale_emails() == 1
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
    assert requeue_stale_emails() == 0


@pytest.mark.parametrize("subject", ["Hei\nBcc: evil@example.com"])
def test_subjects_cannot_inject_headers(forssa_member, subject, django_capture_on_commit_callbacks):
    with mock.patch("portal.lib.mail.render_to_string", side_effect=[subject, "text", ""]):
        with django_capture_on_commit_callbacks(execute=True):
            _queue(forssa_member)
    assert "\n" not in mail.outbox[0].subject
