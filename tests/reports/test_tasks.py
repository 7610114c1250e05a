"""The periodic jobs: the sweep of builds whose worker died, the yearly draft from 1 May (with a
mail to the coordinators), and the final build queued when a year is locked. Each run twice
changes nothing the second time."""

from __future__ import annotations

import datetime

from django.core import mail as django_mail
from django.utils import timezone

from indicators import services as indicator_services
from portal.models import OutboundEmail
from reports import services
from reports.models import ReportVersion
from reports.tasks import ensure_yearly_report_draft, sweep_stuck_report_builds
from tests.conftest import db_snapshot, make_user

from .conftest import YEAR, fake_done_version


def _version(status: str, **times) -> ReportVersion:
    return ReportVersion.objects.create(year=YEAR, language="fi", status=status, **times)


def test_the_sweep_marks_builds_of_a_dead_worker_failed_once(agreement):
    now = timezone.now()
    stuck = _version("running", started_at=now - datetime.timedelta(minutes=40))
    lost = ReportVersion.objects.create(
        year=YEAR - 1,
        language="en",
        status="queued",
        requested_at=now - datetime.timedelta(hours=3),
    )
    working = ReportVersion.objects.create(
        year=YEAR - 1, language="fi", status="running", started_at=now
    )
    waiting = ReportVersion.objects.create(year=YEAR - 2, language="fi", status="queued")
    done = fake_done_version(year=YEAR - 2, language="en")

    assert sweep_stuck_report_builds() == 2
    stuck.refresh_from_db()
    lost.refresh_from_db()
    assert stuck.status == "failed"
    assert stuck.error == "Laatiminen keskeytyi kesken (taustaprosessi pysähtyi)."
    assert lost.status == "failed"
    assert lost.error == "The build never started (no worker took it)."
    for untouched, status in ((working, "running"), (waiting, "queued"), (done, "done")):
        untouched.refresh_from_db()
        assert untouched.status == status

    snapshot = db_snapshot()
    assert sweep_stuck_report_builds() == 0
    assert db_snapshot() == snapshot


def test_a_swept_build_can_be_tried_again(
    report_year, coordinator, django_capture_on_commit_callbacks
):
    stuck = _version("running", started_at=timezone.now() - datetime.timedelta(hours=1))
    sweep_stuck_report_builds()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_build(actor=coordinator, version=ReportVersion.objects.get(pk=stuck.pk))
    stuck.refresh_from_db()
    assert stuck.status == "done"


def test_no_draft_is_made_before_may(agreement, coordinator):
    snapshot = db_snapshot()
    assert ensure_yearly_report_draft("2026-04-30") is None
    assert db_snapshot() == snapshot


def test_from_1_may_the_previous_years_draft_exists_and_coordinators_are_told_once(
    agreement, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    other = make_user("kanta-hameen-hyvinvointialue", "coordinator", "coord2@test.example")
    monkeypatch.setattr(services, "report_years", lambda today=None: [2022, 2023, 2024, 2025])
    with django_capture_on_commit_callbacks(execute=True):
        pk = ensure_yearly_report_draft("2026-05-01")
    version = ReportVersion.objects.get(pk=pk)
    assert (version.year, version.language, version.origin) == (2025, "fi", "schedule")
    assert version.status == "done"
    assert version.kind == "draft"
    rows = OutboundEmail.objects.filter(kind="report_draft")
    assert sorted(r.to_email for r in rows) == sorted([coordinator.email, other.email])
    assert "Vuoden 2025 seurantaraportin luonnosta laaditaan" in rows[0].subject
    assert "/reports/?year=2025" in rows[0].body_text
    assert len(django_mail.outbox) == 2

    snapshot = db_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        assert ensure_yearly_report_draft("2026-05-02") is None
        assert ensure_yearly_report_draft("2026-06-15") is None
    assert db_snapshot() == snapshot
    assert len(django_mail.outbox) == 2


def test_a_draft_asked_for_already_is_enough(agreement, coordinator, monkeypatch):
    monkeypatch.setattr(services, "report_years", lambda today=None: [2024, 2025])
    fake_done_version(year=2025)
    snapshot = db_snapshot()
    assert ensure_yearly_report_draft("2026-05-01") is None
    assert db_snapshot() == snapshot


def test_locking_a_year_queues_its_final_report(
    report_year, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        indicator_services.lock_year(actor=coordinator, year=YEAR)
    version = ReportVersion.objects.get(year=YEAR)
    assert version.origin == "lock"
    assert version.kind == "final"
    assert version.status == "done"
    assert version.requested_by == coordinator
    # Locking again (already locked) queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        indicator_services.lock_year(actor=coordinator, year=YEAR)
    assert ReportVersion.objects.filter(year=YEAR).count() == 1


def test_locking_a_year_without_a_report_queues_nothing(agreement, coordinator):
    indicator_services.lock_year(actor=coordinator, year=2031)
    assert not ReportVersion.objects.exists()
