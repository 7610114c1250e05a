"""Time and SQL queries to queue and to send meeting invitations (50 and 500 recipients).

Queueing is what the convener's request does (participants, one outbox row per recipient
rendered in the recipient's language with its calendar part, all in one transaction);
sending is what the Celery worker does per outbox row (claim, build MIME, SMTP, mark sent),
here with Django's in-memory mail backend so the figure is the portal's own cost.

    .venv/bin/python bench/bench_invitations.py            # a throw-away SQLite database
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_invitations.py   # an empty database
"""

from __future__ import annotations

import datetime
import logging
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-invitations-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40)
os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process: the worker's code, no broker


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    import portal.celery  # noqa: F401  (the Celery app with the Django settings: eager here)
    from forums.models import Body, Membership, RoleAssignment
    from meetings.scheduling import schedule_meeting
    from organisations.models import Organisation, User
    from portal.models import OutboundEmail
    from portal.seeding import SeedReport, run
    from portal.tasks import send_outbound_email

    logging.getLogger("celery").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    run("seed_agreement", SeedReport())
    if connection.vendor == "sqlite":
        # Django 5.2 assumes 999 parameters per query; SQLite ≥ 3.32 allows 32766 (Django 6.0
        # reads it). Without this a 500-row INSERT is split in ~10 statements on SQLite only.
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        connection.features.max_query_params = limit

    body = Body.objects.get(slug="hytefoorumi")
    orgs = list(Organisation.objects.parties())
    chair = User.objects.create_user(email="chair@bench.example", organisation=orgs[0])
    since = datetime.date(2023, 9, 1)
    Membership.objects.create(body=body, organisation=orgs[0], person=chair, valid_from=since)
    RoleAssignment.objects.create(
        body=body, role="chair", person=chair, valid_from=since, elected_on=since
    )
    host = Organisation.objects.get(slug="hameenlinna")
    made = 1

    def grow_to(n: int) -> None:
        nonlocal made
        users = User.objects.bulk_create(
            User(
                email=f"m{i}@bench.example",
                first_name=f"Jäsen{i}",
                last_name="Bench",
                organisation=orgs[i % len(orgs)],
                language="en" if i % 4 == 0 else "fi",
                password=make_password(None),
            )
            for i in range(made, n)
        )
        Membership.objects.bulk_create(
            Membership(body=body, organisation=u.organisation, person=u, valid_from=since)
            for u in users
        )
        made = n

    agenda = [
        {"title": f"Asia {i}", "proposed_decision": "Merkitään tiedoksi."} for i in range(1, 9)
    ]
    print(f"database: {connection.vendor}")
    print(
        f"{'recipients':>10} {'queue s':>8} {'queue q':>8} {'send s':>8} "
        f"{'send q':>8} {'ms/mail':>8}"
    )
    for n, day in ((50, 20), (500, 21), (500, 22)):
        grow_to(n)
        start = timezone.localtime() + datetime.timedelta(days=day)
        with CaptureQueriesContext(connection) as queued_q:
            t0 = time.perf_counter()
            # Hand-off to the broker is measured apart: here the rows stay queued.
            with mock.patch.object(send_outbound_email, "delay_on_commit"), transaction.atomic():
                meeting = schedule_meeting(
                    actor=chair,
                    body=body,
                    title=f"Bench {day}",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    place="Sali",
                    host_organisation=host,
                    agenda=agenda,
                )
            queue_s = time.perf_counter() - t0
        # Send as the worker does, one task per outbox row.
        ids = list(
            OutboundEmail.objects.filter(related_id=str(meeting.pk)).values_list("pk", flat=True)
        )
        assert len(ids) == n, (len(ids), n)
        mail.outbox = []
        with CaptureQueriesContext(connection) as sent_q:
            t0 = time.perf_counter()
            for pk in ids:
                send_outbound_email.apply(args=[pk])
            send_s = time.perf_counter() - t0
        assert len(mail.outbox) == n
        print(
            f"{n:>10} {queue_s:>8.2f} {len(queued_q):>8} {send_s:>8.2f} "
            f"{len(sent_q):>8} {1000 * send_s / n:>8.1f}"
        )
    size = sum(len(m.message().as_bytes()) for m in mail.outbox) / len(mail.outbox)
    print(f"average message size: {size / 1024:.1f} kB (text, HTML, text/calendar, invite.ics)")


if __name__ == "__main__":
    main()
