"""With the broker (Redis) down the portal still serves pages: a change that queues mail is
saved and answered normally, the mail waits in the outbox, /healthz says what waits, and the
periodic sweep hands it over when the broker is back. A message whose worker keeps dying is
dropped after a few deliveries (celery #9082)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal import celery as portal_celery
from portal.celery import app, delivery_count
from portal.models import OutboundEmail
from portal.tasks import requeue_stale_emails, send_outbound_email
from reports.models import ReportVersion
from reports.tasks import sweep_stuck_report_builds

# Celery reads its configuration once, lazily: read it now, from the test settings, before a
# test changes it (a bare read: the stage of CI with a real worker collects this module too).
app.conf.task_always_eager  # noqa: B018

INVITE = {
    "email": "uusi.henkilo@forssa.fi",
    "first_name": "Uusi",
    "last_name": "Henkilö",
    "role": "member",
    "language": "fi",
}


@pytest.fixture
def broker_down(monkeypatch):
    """A real broker configured, and every publish failing as kombu fails on a dead Redis."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(portal_celery, "_broker_down_until", 0.0)
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(send_outbound_email, "delay", side_effect=refused) as delay:
        yield delay


def test_a_page_that_queues_mail_answers_normally_and_the_mail_waits(
    client_for, forssa_admin, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(forssa_admin).post("/organisations/forssa/members/invite/", INVITE)
    assert response.status_code == 302
    row = OutboundEmail.objects.get(to_email=INVITE["email"])
    assert row.status == OutboundEmail.Status.QUEUED and row.attempts == 0
    assert broker_down.call_count == 1


def test_after_one_failure_a_process_does_not_wait_on_the_broker_again_at_once(
    forssa_admin, broker_down, django_capture_on_commit_callbacks
):
    from organisations import services
    from organisations.models import Organisation

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            services.invite_person(
                actor=forssa_admin,
                organisation=Organisation.objects.get(slug="forssa"),
                email=f"henkilo{n}@forssa.fi",
                first_name="H",
                last_name=str(n),
                role="member",
            )
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).count() == 3
    assert broker_down.call_count == 1


def test_healthz_says_the_broker_is_down_and_what_waits(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    OutboundEmail.objects.create(kind="t", to_email="a@example.com", subject="s", body_text="b")
    response = client.get("/healthz")
    assert response.status_code == 200  # pages are served: keep the node in the balancer
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "down",
        "waiting": {"mails": 1, "report_builds": 0},
    }


def test_the_sweep_hands_over_mail_that_never_reached_the_broker(forssa_member):
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    waiting = OutboundEmail.objects.create(
        kind="t", to_email=forssa_member.email, subject="s", body_text="b", created_at=long_ago
    )
    fresh = OutboundEmail.objects.create(
        kind="t", to_email="fresh@example.com", subject="s", body_text="b"
    )
    assert requeue_stale_emails() == 1
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.status == OutboundEmail.Status.SENT
    assert fresh.status == OutboundEmail.Status.QUEUED
    assert [m.to for m in mail.outbox] == [[forssa_member.email]]
    assert requeue_stale_emails() == 0


def test_a_mail_whose_worker_dies_every_time_is_marked_failed_not_sent_for_ever(forssa_member):
    row = OutboundEmail.objects.create(
        kind="t",
        to_email=forssa_member.email,
        subject="s",
        body_text="b",
        status=OutboundEmail.Status.SENDING,
        attempts=6,
        claimed_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert requeue_stale_emails() == 0
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.FAILED
    assert "worker stopped" in row.last_error
    assert mail.outbox == []


def test_the_report_sweep_hands_a_lost_build_to_the_broker_again(agreement):
    version = ReportVersion.objects.create(
        year=2024,
        language="fi",
        status="queued",
        requested_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    with mock.patch("reports.tasks.build_report.delay") as delay:
        assert sweep_stuck_report_builds() == 0
    delay.assert_called_once_with(version.pk)
    version.refresh_from_db()
    assert version.status == "queued"


def test_a_message_redelivered_after_its_worker_died_runs_at_most_three_times(db, settings):
    assert settings.PORTAL_TASK_MAX_DELIVERIES == 3
    assert [delivery_count("task-1", 0) for _ in range(4)] == [1, 2, 3, 4]
    assert delivery_count("task-1", 1) == 1  # a retry is another message
    results = []
    for _ in range(4):
        requeue_stale_emails.push_request(id="task-2", retries=0, called_directly=False)
        try:
            results.append(requeue_stale_emails())
        finally:
            requeue_stale_emails.pop_request()
    assert results == [0, 0, 0, "dropped"]
