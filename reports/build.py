"""Building one report version: claim it, gather, render, typeset, write the file elsewhere and
mark it done in one transaction — or failed, with the reason in words and no file.

The Celery task (``reports.tasks.build_report``) and the ``followup_report`` command both call
:func:`build_version`: the very same code, in the background or synchronously.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.pagecache import bump_on_commit

from . import tables as report_tables
from .gather import gather
from .models import ReportVersion

log = logging.getLogger(__name__)
Status = ReportVersion.Status
Step = ReportVersion.Step


def reports_root() -> Path:
    """The private folder of report files (never under MEDIA_ROOT or a public URL)."""
    return Path(settings.PORTAL_REPORTS_ROOT)


def file_path(version: ReportVersion) -> Path:
    return reports_root() / version.file_name


def claim(version_id: int) -> bool:
    """queued → running, only for the one caller whose UPDATE changes the row. Every change of
    a build's state retires kept pages (an UPDATE sends no signal: portal.pagecache)."""
    claimed = ReportVersion.objects.filter(pk=version_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        step=Step.GATHERING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        error="",
    )
    bump_on_commit()
    return claimed == 1


def _step(version: ReportVersion, step: str) -> None:
    """Record the step for the progress bar (only while the row is still ours: running)."""
    ReportVersion.objects.filter(pk=version.pk, status=Status.RUNNING).update(step=step)
    bump_on_commit()


def build_version(version_id: int) -> str:
    """Build a queued version. Returns "done", "failed" or "skipped" (not queued: another run
    has it, or it is finished). Safe to call twice."""
    from .render import html_to_pdf, render_html  # WeasyPrint loads only where PDFs are made

    if not claim(version_id):
        return "skipped"
    version = ReportVersion.objects.get(pk=version_id)
    started = time.monotonic()
    temporary: Path | None = None
    try:
        with translation.override(version.language):
            data = gather(version.year, version.language)
            tables = report_tables.build_tables(data)
            checksum = report_tables.checksum(data, tables)
            _step(version, Step.RENDERING)
            html = render_html(data, version_number=version.pk)
        _step(version, Step.TYPESETTING)
        pdf = html_to_pdf(html, language=version.language, draft=not data.is_final)
        _step(version, Step.SAVING)
        temporary = _write_temporary(pdf.content)
        final = _finish(version, data, tables, checksum, pdf, temporary, started)
    except Exception as exc:
        log.exception("Report version %s failed", version_id)
        _fail(version, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return "failed"
    return "done" if final else "skipped"


def _write_temporary(content: bytes) -> Path:
    """The whole file on disk, flushed, before anything says it exists."""
    folder = reports_root() / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, suffix=".pdf")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def _finish(version, data, tables, checksum, pdf, temporary: Path, started: float) -> bool:
    """Move the finished file in place and mark the row done in one transaction; when the row
    is no longer ours (the stuck-build sweep marked it failed meanwhile), drop the file."""
    name = f"{version.year}/{version.download_name}"
    target = reports_root() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    same = (
        ReportVersion.objects.filter(
            year=version.year,
            language=version.language,
            status=Status.DONE,
            data_checksum=checksum,
        )
        .exclude(pk=version.pk)
        .order_by("-finished_at")
        .first()
    )
    with transaction.atomic():
        os.replace(temporary, target)
        bump_on_commit()
        updated = ReportVersion.objects.filter(pk=version.pk, status=Status.RUNNING).update(
            status=Status.DONE,
            step=Step.FINISHED,
            kind=data.kind,
            finished_at=timezone.now(),
            build_seconds=round(time.monotonic() - started, 2),
            page_count=pdf.pages,
            file_name=name,
            file_size=len(pdf.content),
            data_checksum=checksum,
            same_data_as=same,
            conclusions=data.conclusions,
            tables=tables,
        )
        if updated != 1:
            target.unlink(missing_ok=True)
            return False
    return True


def _fail(version: ReportVersion, exc: Exception) -> None:
    with translation.override(version.language):
        message = _(
            "The report could not be built: %(error)s. Nothing was saved; try again, and if "
            "it fails again, tell the portal's maintainers."
        ) % {"error": f"{type(exc).__name__}: {exc}"[:500]}
    ReportVersion.objects.filter(pk=version.pk, status=Status.RUNNING).update(
        status=Status.FAILED, finished_at=timezone.now(), error=message
    )
    bump_on_commit()
