"""Report versions of the annual follow-up (one PDF build each) and the conclusions per year.

A :class:`ReportVersion` is one build of the follow-up report of a year in one language:
who asked and when, its status (queued → running → done, or failed), the step it is on, and
when done its page count, build time, the private file and the checksum of the data it was
built from. The file lives under ``settings.PORTAL_REPORTS_ROOT``, never under the public
media path; it is served only by ``reports.views.download`` after a permission check.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import permissions

CONCLUSIONS_MAX_LENGTH = 6000


class ReportVersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportVersionQuerySet:
        """Coordinators and the parties' logged-in users see every version; everyone else
        (anonymous visitors, other organisations' users) only the published ones."""
        if permissions.is_coordinator(user) or _is_party_user(user):
            return self.all()
        return self.published()

    def published(self) -> ReportVersionQuerySet:
        return self.filter(published_at__isnull=False, status=ReportVersion.Status.DONE)

    def in_progress(self) -> ReportVersionQuerySet:
        return self.filter(status__in=[ReportVersion.Status.QUEUED, ReportVersion.Status.RUNNING])


def _is_party_user(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    organisation = getattr(user, "organisation", None)
    return bool(organisation is not None and organisation.is_party)


class ReportVersion(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    class Origin(models.TextChoices):
        USER = "user", _("asked in the portal")
        SCHEDULE = "schedule", _("the yearly draft from 1 May")
        LOCK = "lock", _("the year was locked")
        COMMAND = "command", _("command line")

    class Step(models.TextChoices):
        WAITING = "waiting", _("waiting for the worker")
        GATHERING = "gathering", _("gathering the data")
        RENDERING = "rendering", _("writing the pages")
        TYPESETTING = "typesetting", _("typesetting the PDF")
        SAVING = "saving", _("saving the file")
        FINISHED = "finished", _("finished")

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    language = models.CharField(_("language"), max_length=5)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DRAFT)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.USER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    build_seconds = models.FloatField(_("build time (s)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True, verbose_name=_("file name"))
    file_size = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("file size"))
    data_checksum = models.CharField(_("data checksum"), max_length=64, blank=True)
    same_data_as = models.ForeignKey(
        "self",
        verbose_name=_("same data as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    conclusions = models.TextField(_("conclusions used"), blank=True)
    tables = models.JSONField(default=dict, blank=True, verbose_name=_("tables"))
    error = models.TextField(_("error"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            # The daily job makes the yearly draft once, however often it runs.
            models.UniqueConstraint(
                fields=["year", "language"],
                condition=Q(origin="schedule"),
                name="reportversion_one_scheduled_draft",
            ),
            # At most one build of a year and language waits or runs at a time.
            models.UniqueConstraint(
                fields=["year", "language"],
                condition=Q(status__in=["queued", "running"]),
                name="reportversion_one_build_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.language} #{self.pk} ({self.status})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_final(self) -> bool:
        return self.kind == self.Kind.FINAL

    @property
    def download_name(self) -> str:
        """The file name a reader saves: "seurantaraportti-2025-fi-v7.pdf"."""
        stem = "seurantaraportti" if self.language == "fi" else "follow-up-report"
        return f"{stem}-{self.year}-{self.language}-v{self.pk}.pdf"


class Conclusions(models.Model):
    """Johtopäätökset ja kehittämiskohteet: the coordinators' own text for a year's report,
    in Finnish and optionally in English (the English report falls back to the Finnish)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    text_fi = models.TextField(_("conclusions (Finnish)"), blank=True)
    text_en = models.TextField(_("conclusions (English)"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("conclusions")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return str(self.year)

    def text_for(self, language: str) -> tuple[str, str]:
        """(text, its language) for a report in ``language``."""
        if language == "en" and self.text_en.strip():
            return self.text_en, "en"
        if self.text_fi.strip():
            return self.text_fi, "fi"
        return self.text_en, "en"
