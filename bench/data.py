"""The benchmark's data: a fresh database with the agreement, the demo data and `scale`× the
parties, bodies, people, meetings and metric values, plus a logged-in session per persona.

1× is `seed_demo` (13 parties, their bodies, values 2022–2025). N× adds (N − 1) × the parties
with their values, (N − 1) × the bodies with members, chairs, held meetings, decisions and action
items (tests/reports/scale.py, the growth the query-count tests use), and one upcoming meeting
per new body scheduled through the convener's own service (its invitations queued, not sent).
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "yhdyspinta_bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench-password-1"  # noqa: S105 (demo users of a throw-away database)
PERSONAS = {
    "coordinator": "coordinator@demo.example",
    "org admin": "admin.forssa@demo.example",
    "member": "member.forssa@demo.example",
}


def database_url(database: str, scale: int) -> str:
    """Where the run for (database, scale) keeps its data; the database is made empty."""
    if database == "sqlite":
        path = ROOT / "var" / f"bench-{scale}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    return f"{PG_SERVER}/{PG_NAME}"


def prepare(scale: int) -> None:
    """Migrate and fill the database named by DATABASE_URL (Django already set up)."""
    from django.conf import settings
    from django.core.management import call_command

    from tests.reports.scale import grow

    quiet = io.StringIO()
    call_command("createcachetable", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("seed_agreement", stdout=quiet)
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD, stdout=quiet)
    settings.DEBUG = False
    if scale > 1:
        grow(scale, 2025)
        _upcoming_meetings()


def _upcoming_meetings() -> None:
    from django.utils import timezone

    from forums.models import Body
    from meetings.scheduling import schedule_meeting
    from organisations.models import User
    from portal.tasks import send_outbound_email

    coordinator = User.objects.get(email=PERSONAS["coordinator"])
    start = (timezone.localtime() + datetime.timedelta(days=30)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    bodies = Body.objects.filter(slug__startswith="testiryhma-").select_related("period")
    with mock.patch.object(send_outbound_email, "delay_on_commit"):
        for i, body in enumerate(bodies):
            schedule_meeting(
                actor=coordinator,
                body=body,
                title=f"Testikokous {i}",
                starts_at=start + datetime.timedelta(days=i % 20),
                ends_at=start + datetime.timedelta(days=i % 20, hours=2),
                host_organisation=coordinator.organisation,
                place="Hämeenlinna",
            )


def sessions() -> dict[str, str]:
    """A logged-in session key per persona, as a browser holds it in its cookie."""
    from django.contrib.sessions.backends.db import SessionStore

    from organisations.models import User

    keys = {}
    for persona, email in PERSONAS.items():
        user = User.objects.get(email=email)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        assert session.session_key is not None
        keys[persona] = session.session_key
    return keys


def targets() -> dict[str, str]:
    """The concrete objects behind the pages: a body, a meeting, the member's own calendar
    feed, a metric."""
    from meetings.models import CalendarFeedToken, Meeting
    from organisations.models import User

    member = User.objects.get(email=PERSONAS["member"])
    feed, _ = CalendarFeedToken.objects.get_or_create(user=member)
    upcoming = Meeting.objects.filter(starts_at__gte=_now(), status="scheduled")
    meeting = (
        upcoming.exclude(body__slug__startswith="testiryhma-").order_by("starts_at").first()
        or upcoming.order_by("starts_at").first()
    )
    assert meeting is not None
    return {
        "body": meeting.body.slug,
        "meeting": str(meeting.pk),
        "feed": feed.token,
        "metric": _metric().code,
    }


def _now():
    from django.utils import timezone

    return timezone.now()


def _metric():
    """A numeric metric that Forssa enters itself (used for the page and for the writes)."""
    from indicators.models import Metric
    from organisations.models import Organisation

    forssa = Organisation.objects.get(slug="forssa")
    return next(
        m
        for m in Metric.objects.order_by("pk")
        if m.is_per_organisation and m.value_type != "bool" and m.applies_to(forssa)
    )


def write(kind: str, n: int) -> None:
    """One real change through the portal's own services: a seat's dates, a member's answer
    to a meeting, or a party's metric value. `n` alternates the new value."""
    from django.db import connection

    {"seat": _write_seat, "answer": _write_answer, "value": _write_value}[kind](n)
    connection.close()


def _write_seat(n: int) -> None:
    from forums.models import Membership
    from forums.services import update_membership
    from organisations.models import User

    coordinator = User.objects.get(email=PERSONAS["coordinator"])
    seat = (
        Membership.objects.filter(
            body__slug="hyvinvointifoorumi", organisation__slug="forssa", valid_to=None
        ).first()
        or Membership.objects.filter(valid_to=None).order_by("pk").first()
    )
    assert seat is not None
    update_membership(
        actor=coordinator,
        membership=seat,
        deputy=seat.deputy,
        valid_from=datetime.date(2023, 9, 1 + n % 2),
        valid_to=None,
    )


def _write_answer(n: int) -> None:
    from meetings.answers import answer_meeting
    from meetings.models import Meeting, Participant

    meeting = Meeting.objects.get(pk=int(targets()["meeting"]))
    participant = meeting.participants.filter(kind=Participant.Kind.MEMBER).first()
    assert participant is not None
    answer = (Participant.Answer.ACCEPTED, Participant.Answer.TENTATIVE)[n % 2]
    answer_meeting(participant=participant, answer=answer, actor=participant.user)


def _write_value(n: int) -> None:
    from indicators.services import save_value
    from indicators.subjects import Subject
    from organisations.models import User

    admin = User.objects.get(email=PERSONAS["org admin"])
    save_value(
        actor=admin,
        metric=_metric(),
        subject=Subject(organisation=admin.organisation),
        year=2025,
        raw=str(40 + n % 2),
    )


def configure(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
