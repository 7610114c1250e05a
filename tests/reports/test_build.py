"""Building a version: done with its file and checksum, or failed with no file; a retry
succeeds; a second run changes nothing; a finished file is never half-written or orphaned."""

from __future__ import annotations

import pytest

from reports import build, render, services
from reports.models import Conclusions, ReportVersion
from reports.tasks import build_report
from tests.conftest import db_snapshot

from .conftest import YEAR, build_now


def _files() -> list:
    root = build.reports_root()
    return sorted(p for p in root.rglob("*.pdf")) if root.exists() else []


def test_a_rendering_error_leaves_the_version_failed_with_no_file_and_a_retry_succeeds(
    report_year, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html, **kwargs):
        raise RuntimeError("typesetting failed")

    before = _files()
    monkeypatch.setattr(render, "html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.request_build(actor=coordinator, year=YEAR, language="fi")
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.FAILED
    assert "RuntimeError: typesetting failed" in version.error
    assert "Raporttia ei voitu laatia" in version.error
    assert version.file_name == "" and version.page_count is None
    assert _files() == before
    assert not list((build.reports_root() / "tmp").glob("*"))

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_build(actor=coordinator, version=version)
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.DONE
    assert version.error == ""
    assert version.attempts == 2
    assert build.file_path(version).read_bytes().startswith(b"%PDF-")
    assert version.page_count is not None and version.page_count > 10


def test_the_build_task_run_twice_builds_once(report_year):
    version = ReportVersion.objects.create(year=YEAR, language="fi")
    assert build_report(version.pk) == "done"
    snapshot = db_snapshot()
    files = _files()
    assert build_report(version.pk) == "skipped"
    assert db_snapshot() == snapshot
    assert _files() == files


def test_a_rebuild_on_unchanged_data_says_so_and_a_change_does_not(report_year, coordinator):
    first = build_now()
    second = build_now()
    assert second.data_checksum == first.data_checksum
    assert second.same_data_as_id == first.pk
    Conclusions.objects.filter(year=YEAR).update(text_fi="Uusi johtopäätös.")
    third = build_now()
    assert third.data_checksum != first.data_checksum
    assert third.same_data_as_id is None
    assert third.conclusions == "Uusi johtopäätös."
    assert first.conclusions == "Yhteistä tietopohjaa kehitetään kuntien kanssa."


def test_a_build_swept_as_stuck_meanwhile_is_not_marked_done_and_leaves_no_file(
    report_year, monkeypatch
):
    version = ReportVersion.objects.create(year=YEAR, language="fi")
    real = render.html_to_pdf

    def slow_worker_declared_dead(html, **kwargs):
        pdf = real(html, **kwargs)
        ReportVersion.objects.filter(pk=version.pk).update(
            status=ReportVersion.Status.FAILED, error="swept"
        )
        return pdf

    before = _files()
    monkeypatch.setattr(render, "html_to_pdf", slow_worker_declared_dead)
    assert build.build_version(version.pk) == "skipped"
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.FAILED
    assert version.file_name == ""
    assert _files() == before


@pytest.mark.parametrize("status", ["running", "done", "failed"])
def test_only_a_queued_version_is_built(report_year, status):
    version = ReportVersion.objects.create(year=YEAR, language="fi", status=status)
    assert build.build_version(version.pk) == "skipped"
    version.refresh_from_db()
    assert version.status == status
