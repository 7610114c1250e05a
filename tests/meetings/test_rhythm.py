"""Rhythm watch: each body's cadence evaluated for the year and the council term."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone

from forums.models import Body
from meetings.models import Meeting
from meetings.rhythm import rhythm_for_bodies, send_rhythm_alerts
from meetings.tasks import send_rhythm_alerts as rhythm_task
from organisations.models import Organisation
from portal.models import OutboundEmail

HELSINKI = datetime.timezone(datetime.timedelta(hours=2))


def _meeting(body, convener, when, status="held", bodies=None):
    meeting = Meeting.objects.create(
        body=body,
        title="k",
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=2),
        place="x",
        host_organisation=Organisation.objects.get(slug="forssa"),
        status=status,
        convener=convener,
    )
    meeting.bodies.set(bodies or [body])
    return meeting


def _at(month, day=10):
    return datetime.datetime(2026, month, day, 9, tzinfo=HELSINKI)


def _checks(body, today):
    (rhythm,) = rhythm_for_bodies([body], today=today)
    return rhythm, {c.label: c for c in rhythm.checks}


def test_three_held_meetings_meet_the_yearly_rule(wellbeing, chair):
    for month in (2, 5, 9):
        _meeting(wellbeing, chair, _at(month))
    rhythm, checks = _checks(wellbeing, datetime.date(2026, 10, 1))
    yearly = next(c for c in rhythm.checks if c.needed == 3)
    assert yearly.state == "met" and yearly.held == 3


def test_a_year_with_too_few_meetings_is_at_risk_and_scheduled_ones_count_as_on_track(
    wellbeing, chair
):
    _meeting(wellbeing, chair, _at(2))
    rhythm, _ = _checks(wellbeing, datetime.date(2026, 6, 1))
    assert next(c for c in rhythm.checks if c.needed == 3).state == "at_risk"
    assert rhythm.state in ("at_risk", "missed")  # the worst check decides
    future = timezone.now() + datetime.timedelta(days=30)
    if future.year == 2026:
        _meeting(wellbeing, chair, future, status="scheduled")
        _meeting(wellbeing, chair, future + datetime.timedelta(days=1), status="scheduled")
        rhythm, _ = _checks(wellbeing, datetime.date(2026, 6, 1))
        assert next(c for c in rhythm.checks if c.needed == 3).state in ("on_track", "met")


def test_a_joint_meeting_with_the_security_forum_counts_for_both(wellbeing, security, chair):
    _meeting(wellbeing, chair, _at(3), bodies=[wellbeing, security])
    for body in (wellbeing, security):
        rhythm, _ = _checks(body, datetime.date(2026, 6, 1))
        joint = next(
            c
            for c in rhythm.checks
            if c.label.startswith(("Vähintään 1 yhteis", "At least 1 joint"))
        )
        assert joint.state == "met"


def test_the_follow_up_window_passed_without_a_meeting_is_missed(agreement, chair):
    body = Body.objects.filter(follow_up_month_from__isnull=False).first()
    if body is None:  # the structure seeds the municipal meeting's May–June follow-up
        body = Body.objects.get(slug="kuntakokous")
        body.follow_up_month_from, body.follow_up_month_to = 5, 6
        body.save(update_fields=["follow_up_month_from", "follow_up_month_to"])
    rhythm, _ = _checks(body, datetime.date(2026, 8, 1))
    follow_up = next(c for c in rhythm.checks if c.needed == 1 and "5–6" in c.label)
    assert follow_up.state == "missed"


def test_a_rule_of_one_meeting_reads_in_the_singular(agreement):
    from django.utils import translation

    from forums.models import Body

    municipal_meeting = Body.objects.get(slug="kuntakokous")  # once a year
    today = datetime.date(2026, 3, 1)
    (rhythm,) = rhythm_for_bodies([municipal_meeting], today=today)
    with translation.override("fi"):
        (rhythm,) = rhythm_for_bodies([municipal_meeting], today=today)
        assert rhythm.checks[0].label == "Vähintään 1 kokous vuonna 2026"
    with translation.override("en"):
        (rhythm,) = rhythm_for_bodies([municipal_meeting], today=today)
        assert rhythm.checks[0].label == "At least 1 meeting in 2026"


def test_cancelled_and_draft_meetings_do_not_count(wellbeing, chair):
    _meeting(wellbeing, chair, _at(2), status="cancelled")
    _meeting(wellbeing, chair, _at(3), status="draft")
    rhythm, _ = _checks(wellbeing, datetime.date(2026, 6, 1))
    assert next(c for c in rhythm.checks if c.needed == 3).held == 0


def test_the_dashboard_shows_the_forums_rhythm_for_the_year(wellbeing, chair, client_for):
    page = client_for(chair).get("/dashboard/").content.decode()
    assert "Kokousrytmi" in page
    assert "Hytefoorumi" in page


def test_the_dashboard_panel_runs_a_constant_number_of_queries(
    wellbeing, chair, coordinator, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    _meeting(wellbeing, chair, _at(1, 2))
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboard/")
    for month in range(1, 11):
        _meeting(wellbeing, chair, _at(month))
    with django_assert_max_num_queries(len(few)):
        client.get("/dashboard/")


def test_the_monthly_alert_mails_conveners_once_a_month(
    wellbeing, chair, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 6, 1)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_rhythm_alerts(today=today)
    assert sent >= 1
    assert chair.email in {m.to[0] for m in mail.outbox}
    mine = next(m for m in mail.outbox if m.to == [chair.email])
    assert "Kokousrytmi vaarassa" in mine.subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_rhythm_alerts(today=today) == 0
    assert mail.outbox == []


def test_two_runs_at_once_cannot_both_alert_a_body_in_the_same_month(
    wellbeing, chair, django_capture_on_commit_callbacks, monkeypatch
):
    """The second run read "not alerted yet" before the first one committed: the unique
    (body, month) row refuses its insert, and its mails (same transaction) are not queued."""
    from meetings import rhythm
    from meetings.models import RhythmAlert

    today = datetime.date(2026, 6, 1)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_rhythm_alerts(today=today)
    assert first >= 1
    mail.outbox.clear()
    alerted = RhythmAlert.objects.filter(month="2026-06").count()
    nothing_yet = RhythmAlert.objects.none()
    monkeypatch.setattr(
        rhythm.RhythmAlert.objects, "filter", lambda *a, **k: nothing_yet, raising=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_rhythm_alerts(today=today) == 0
    monkeypatch.undo()
    assert mail.outbox == []
    assert RhythmAlert.objects.filter(month="2026-06").count() == alerted
    assert OutboundEmail.objects.filter(kind="meeting_rhythm_alert").count() == first


def test_the_daily_beat_job_is_idempotent(wellbeing, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = rhythm_task.apply().get()
    with django_capture_on_commit_callbacks(execute=True):
        assert rhythm_task.apply().get() == 0
    assert len(mail.outbox) == first


def test_a_forum_that_met_without_electing_its_roles_is_flagged(wellbeing, chair):
    from forums.models import RoleAssignment

    _meeting(wellbeing, chair, _at(2))
    label = "Puheenjohtaja, varapuheenjohtaja ja sihteeri valittu ensimmäisessä kokouksessa"
    _rhythm, checks = _checks(wellbeing, datetime.date(2026, 6, 1))
    assert checks[label].state == "missed"  # only the chair has been elected
    for role in ("vice_chair", "secretary"):
        RoleAssignment.objects.create(
            body=wellbeing,
            role=role,
            person=chair,
            valid_from=datetime.date(2023, 10, 5),
            elected_on=datetime.date(2023, 10, 5),
        )
    _rhythm, checks = _checks(wellbeing, datetime.date(2026, 6, 1))
    assert checks[label].state == "met"
