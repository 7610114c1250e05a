"""A Celery worker killed with SIGKILL while it sends 500 invitations, then started again: every
recipient gets the invitation, once (.ci/run's last stage: PostgreSQL, Redis, its own worker).

What brings each mail back after the kill:
- a message the dead worker held (prefetched, or running) returns from Redis's unacknowledged set
  after the visibility timeout (PORTAL_BROKER_VISIBILITY_TIMEOUT: 30 min in production, 5 s here);
- a row the dead worker had claimed (status "sending") is handed back by the outbox sweep
  (`requeue_stale_emails`, every 10 min; here called as beat would, for rows claimed before the
  kill).

Exactly-once delivery over SMTP cannot be promised: a worker killed after the mail server said
"accepted" and before the row says "sent" leaves a row that must be sent again. The portal makes
such a second copy the same message (one Message-ID per outbox row, the same calendar UID and
SEQUENCE), which mail clients show once. The test holds the portal to that: every recipient has
exactly one message (one Message-ID); a second copy of it exists only for a row that was being
sent at the moment of the kill, never more than one per worker process.
"""

from __future__ import annotations

import datetime
import email
import email.message
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from forums.models import Body, Membership, RoleAssignment
from meetings.scheduling import schedule_meeting
from organisations.models import Organisation, User
from portal.models import OutboundEmail
from portal.seeding import SeedReport, run
from portal.tasks import requeue_stale_emails
from tests.conftest import make_user
from tests.meetings.conftest import future

RECIPIENTS = 500
CONCURRENCY = 2
ROOT = Path(__file__).resolve().parents[2]


def start_worker(mail_dir: Path, log: Path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PORTAL_TEST_CELERY_WORKER": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PORTAL_TEST_MAIL_DIR": str(mail_dir),
        "PORTAL_BROKER_VISIBILITY_TIMEOUT": "5",
    }
    return subprocess.Popen(  # noqa: S603 — our own virtualenv's celery
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "portal",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={CONCURRENCY}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def delivered(mail_dir: Path) -> list[email.message.Message]:
    """Every message the file backend wrote (one file per connection, messages separated)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip(b"\n")))
    return messages


def wait_until(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def body_with_members(count: int) -> tuple[User, Body]:
    wellbeing = Body.objects.get(slug="hytefoorumi")
    chair = make_user("kanta-hameen-hyvinvointialue", "member", "chair.kill@test.example")
    since = datetime.date(2023, 9, 1)
    RoleAssignment.objects.create(
        body=wellbeing, role="chair", person=chair, valid_from=since, elected_on=since
    )
    parties = list(Organisation.objects.parties())
    people = User.objects.bulk_create(
        User(
            email=f"jasen{n:03d}@kill.test",
            organisation=parties[n % len(parties)],
            first_name="Jäsen",
            last_name=f"{n:03d}",
            role="member",
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(body=wellbeing, organisation=p.organisation, person=p, valid_from=since)
        for p in [chair, *people]
    )
    return chair, wellbeing


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_every_recipient_exactly_one_invitation(tmp_path):
    assert connection.vendor == "postgresql", "runs on PostgreSQL with Redis (.ci/run)"
    run("seed_agreement", SeedReport())
    chair, body = body_with_members(RECIPIENTS)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    worker = start_worker(mail_dir, log)
    try:
        meeting = schedule_meeting(
            actor=chair,
            body=body,
            title="Kokous",
            starts_at=future(9, 9),
            ends_at=future(9, 10),
            place="Hämeenlinna",
            host_organisation=Organisation.objects.get(slug="hameenlinna"),
        )
        rows = OutboundEmail.objects.filter(related_id=str(meeting.pk), kind="meeting_invitation")
        assert rows.count() == RECIPIENTS

        # Kill the worker in the middle of the batch: the main process with SIGKILL (its pool
        # processes die with it, Celery sets their parent-death signal).
        wait_until(lambda: len(delivered(mail_dir)) >= 150, seconds=300, what="150 mails")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at = timezone.now()
        sent_at_kill = rows.filter(status=OutboundEmail.Status.SENT).count()
        assert sent_at_kill < RECIPIENTS, "the worker finished before it was killed"
        in_flight = set(
            rows.filter(status=OutboundEmail.Status.SENDING).values_list("to_email", flat=True)
        )
        assert len(in_flight) <= CONCURRENCY

        worker = start_worker(mail_dir, log)
        # Everything not held by the dead worker is sent; what it held comes back from Redis.
        wait_until(
            lambda: not rows.filter(status=OutboundEmail.Status.QUEUED).exists(),
            seconds=600,
            what="the queue to empty",
        )
        # Beat's sweep: rows claimed before the kill are the dead worker's.
        stale = (timezone.now() - killed_at).total_seconds()
        requeue_stale_emails(older_than_seconds=int(stale))
        wait_until(
            lambda: rows.exclude(status=OutboundEmail.Status.SENT).count() == 0,
            seconds=300,
            what="every row to be sent",
        )
        time.sleep(2)  # nothing more may arrive
    finally:
        stop(worker)

    messages = [m for m in delivered(mail_dir) if m["To"] != chair.email]
    copies = Counter(m["To"] for m in messages)
    message_ids: dict[str, set[str]] = defaultdict(set)
    for m in messages:
        message_ids[m["To"]].add(m["Message-ID"])
    recipients = set(rows.values_list("to_email", flat=True))
    assert set(copies) == recipients, log.read_text()[-3000:]
    assert all(len(ids) == 1 for ids in message_ids.values())
    again = {to for to, n in copies.items() if n > 1}
    assert again <= in_flight, (again, in_flight)
    assert all(n <= 2 for n in copies.values())
    assert sum(copies.values()) <= RECIPIENTS + CONCURRENCY
    assert rows.filter(attempts__gt=2).count() == 0
