"""Celery tasks of the follow-up reports: the build, the sweep of builds whose worker died,
and the daily "make sure the previous year's draft exists from 1 May". Each is thin and safe to
run twice: the build claims its row with a conditional UPDATE, the others are idempotent.
"""

from __future__ import annotations

import datetime

from celery import shared_task

from . import build, services

# A build of the 10× benchmark data takes about a minute; the sweep waits longer than this.
BUILD_TIME_LIMIT = 600


@shared_task(acks_late=True, time_limit=BUILD_TIME_LIMIT, soft_time_limit=BUILD_TIME_LIMIT - 60)
def build_report(version_id: int) -> str:
    """Build one queued report version ("skipped" when it is not queued any more)."""
    return build.build_version(version_id)


@shared_task
def sweep_stuck_report_builds() -> int:
    """Every 10 minutes: builds stuck in running (or never started) are marked failed."""
    return services.sweep_stuck_builds()


@shared_task
def ensure_yearly_report_draft(today: str | None = None) -> int | None:
    """Daily: from 1 May, the previous year's draft exists and the coordinators are told."""
    day = datetime.date.fromisoformat(today) if today else None
    version = services.ensure_yearly_draft(day)
    return version.pk if version else None
