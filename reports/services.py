"""Writes of the follow-up reports: asking for a build, retrying a failed one, publishing, the
conclusions text, the final build queued when a year is locked, the yearly draft from 1 May,
and the sweep of builds whose worker died. Each is atomic, audited, and enqueues after the
commit; bad input raises ValidationError with a message for the user, and nothing is queued.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.models import Metric, YearLock, entry_year
from organisations.models import User
from portal import audit
from portal.lib import mail
from portal.pagecache import bump_on_commit
from portal.permissions import require

from .models import CONCLUSIONS_MAX_LENGTH, Conclusions, ReportVersion

Status = ReportVersion.Status
DRAFT_MONTH = 5  # the follow-up is held in May–June: the draft is there from 1 May
STUCK_AFTER = datetime.timedelta(minutes=15)  # longer than the task's hard time limit
NEVER_STARTED_AFTER = datetime.timedelta(hours=2)
HAND_AGAIN_AFTER = datetime.timedelta(minutes=10)  # queued, not started: the broker lost it


def report_years(today: datetime.date | None = None) -> list[int]:
    """The agreement's years that have a report: from the year the first agreement was made
    (its metrics' earlier values are the baseline the reports compare with) to the last year
    that has ended (the follow-up of year N is made in N+1)."""
    from forums.models import AgreementPeriod

    if not Metric.objects.exists():
        return []
    first = AgreementPeriod.objects.aggregate(first=Min("dated_on"))["first"]
    start = first.year if first else Metric.objects.aggregate(y=Min("first_year"))["y"]
    return list(range(start, entry_year(today) + 1))


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def check_request(year: int, language: str) -> None:
    """ValidationError, in words, for a year or language the report is not made for, or a
    build of the same year and language already waiting or running."""
    years = report_years()
    if year not in years:
        if years:
            message = _(
                "There is no follow-up report for %(year)s: the agreement's years are "
                "%(first)s–%(last)s (a year is reported once it has ended)."
            ) % {"year": year, "first": years[0], "last": years[-1]}
        else:
            message = _("There are no metrics yet, so there is no year to report.")
        raise ValidationError(message, code="year")
    if language not in languages():
        raise ValidationError(
            _("The report is made in Finnish or English, not in “%(language)s”.")
            % {"language": language[:10]},
            code="language",
        )
    if ReportVersion.objects.in_progress().filter(year=year, language=language).exists():
        raise ValidationError(
            _(
                "The %(year)s report in this language is already being built. Wait for it to "
                "finish; its progress is shown on this page."
            )
            % {"year": year},
            code="running",
        )


def _queue(*, actor, year: int, language: str, origin: str) -> ReportVersion:
    from .tasks import build_report

    check_request(year, language)
    kind = (
        ReportVersion.Kind.FINAL
        if YearLock.objects.filter(year=year).exists()
        else ReportVersion.Kind.DRAFT
    )
    try:
        with transaction.atomic():
            version = ReportVersion.objects.create(
                year=year,
                language=language,
                kind=kind,
                origin=origin,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(
                actor=actor,
                action="report.requested",
                target=version,
                changes={"year": [None, year], "language": [None, language]},
            )
    except IntegrityError:
        # Another request for the same year and language got in between (the constraint).
        check_request(year, language)
        raise
    build_report.delay_on_commit(version.pk)
    return version


def request_build(*, actor, year: int, language: str) -> ReportVersion:
    require(actor, "reports.build")
    return _queue(actor=actor, year=year, language=language, origin=ReportVersion.Origin.USER)


def retry_build(*, actor, version: ReportVersion) -> ReportVersion:
    """A failed version is queued again, in place (its error cleared when it starts)."""
    from .tasks import build_report

    require(actor, "reports.retry", version)
    check_request(version.year, version.language)
    with transaction.atomic():
        moved = ReportVersion.objects.filter(pk=version.pk, status=Status.FAILED).update(
            status=Status.QUEUED, step=ReportVersion.Step.WAITING, finished_at=None
        )
        if moved != 1:
            raise ValidationError(_("Only a failed build can be tried again."), code="state")
        audit.record(actor=actor, action="report.retried", target=version)
    build_report.delay_on_commit(version.pk)
    version.refresh_from_db()
    return version


def publish_version(*, actor, version: ReportVersion) -> ReportVersion:
    require(actor, "reports.publish", version)
    with transaction.atomic():
        version.published_at = timezone.now()
        version.published_by = actor
        version.save(update_fields=["published_at", "published_by"])
        audit.record(
            actor=actor, action="report.published", target=version, changes={"published": [0, 1]}
        )
    return version


def unpublish_version(*, actor, version: ReportVersion) -> ReportVersion:
    require(actor, "reports.unpublish", version)
    with transaction.atomic():
        version.published_at = None
        version.published_by = None
        version.save(update_fields=["published_at", "published_by"])
        audit.record(
            actor=actor, action="report.unpublished", target=version, changes={"published": [1, 0]}
        )
    return version


def save_conclusions(*, actor, year: int, text_fi: str, text_en: str) -> Conclusions:
    """The coordinators' conclusions for a year; each text at most 6,000 characters."""
    require(actor, "reports.write_conclusions")
    if year not in report_years():
        raise ValidationError(
            _("There is no follow-up report for %(year)s.") % {"year": year}, code="year"
        )
    for text in (text_fi, text_en):
        if len(text) > CONCLUSIONS_MAX_LENGTH:
            raise ValidationError(
                _(
                    "The conclusions may be at most %(limit)s characters long; this text has "
                    "%(length)s. Shorten it, or put the details in an appendix of the minutes."
                )
                % {"limit": CONCLUSIONS_MAX_LENGTH, "length": len(text)},
                code="too_long",
            )
    with transaction.atomic():
        conclusions, _created = Conclusions.objects.get_or_create(year=year)
        # Saved only with a real change of the text (apply_changes writes nothing otherwise).
        conclusions.updated_at = timezone.now()
        conclusions.updated_by = actor
        audit.apply_changes(
            conclusions,
            {"text_fi": text_fi.strip(), "text_en": text_en.strip()},
            actor=actor,
            action="report.conclusions_changed",
            touch=("updated_at", "updated_by"),
        )
    return conclusions


def queue_final_after_lock(*, actor, year: int) -> ReportVersion | None:
    """Called by ``indicators.services.lock_year`` when a year is locked: the final report in
    Finnish is queued, unless the year has no report or a build is already under way."""
    try:
        return _queue(
            actor=actor,
            year=year,
            language=settings.LANGUAGE_CODE,
            origin=ReportVersion.Origin.LOCK,
        )
    except ValidationError:
        return None


def ensure_yearly_draft(today: datetime.date | None = None) -> ReportVersion | None:
    """From 1 May, make sure a draft of the previous year's report exists, and tell the
    coordinators. Idempotent: any version of that year already there (asked by a person or
    made by an earlier run) means there is nothing to do."""
    today = today or timezone.localdate()
    if today.month < DRAFT_MONTH:
        return None
    year = today.year - 1
    language = settings.LANGUAGE_CODE
    if year not in report_years(today):
        return None
    if ReportVersion.objects.filter(year=year, language=language).exists():
        return None
    try:
        with transaction.atomic():
            version = _queue(
                actor=None, year=year, language=language, origin=ReportVersion.Origin.SCHEDULE
            )
            _tell_coordinators(version)
    except (IntegrityError, ValidationError):
        return None  # another run made it meanwhile
    return version


def _tell_coordinators(version: ReportVersion) -> None:
    path = reverse("reports:index") + f"?year={version.year}"
    coordinators = User.objects.filter(is_active=True, role=User.Role.COORDINATOR)
    mail.queue(
        [
            mail.Mail(
                template="report_draft_ready",
                to_email=person.email,
                to_user=person,
                context={"year": version.year, "path": path},
            )
            for person in coordinators
        ],
        kind="report_draft",
        related=version,
    )


def sweep_stuck_builds(now: datetime.datetime | None = None) -> int:
    """Mark failed the builds whose worker died: running for longer than any build may run,
    or queued so long that their message was lost. Each can then be tried again."""
    from .tasks import build_report

    now = now or timezone.now()
    # Queued a while but never started: the broker was down or lost the message. Hand it over
    # again (the build claims its row, so a second message builds nothing twice).
    for pk in ReportVersion.objects.filter(
        status=Status.QUEUED,
        requested_at__lt=now - HAND_AGAIN_AFTER,
        requested_at__gte=now - NEVER_STARTED_AFTER,
    ).values_list("pk", flat=True):
        build_report.delay(pk)
    stuck = {
        Status.RUNNING: {"started_at__lt": now - STUCK_AFTER},
        Status.QUEUED: {"requested_at__lt": now - NEVER_STARTED_AFTER},
    }
    swept = 0
    for language in languages():
        with translation.override(language):
            messages = {
                Status.RUNNING: _("The build stopped without finishing (the worker ended)."),
                Status.QUEUED: _("The build never started (no worker took it)."),
            }
        for status, lookup in stuck.items():
            swept += ReportVersion.objects.filter(
                status=status, language=language, **lookup
            ).update(status=Status.FAILED, finished_at=now, error=messages[status])
            bump_on_commit()
    return swept
