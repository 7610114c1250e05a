"""Liite 2 of the agreement: spearheads, goals, metrics, and each party's yearly values.

A value belongs to one metric, one *subject* and one year. The subject is an organisation
(municipality or party metrics), the region (one value entered by the coordinators) or a body
(a workgroup's or network's self-assessment). One value per cell is a database constraint.

Workflow of a value: draft → submitted → approved, or returned (with a comment, kept in the
value's history) → draft again when the party corrects it. A coordinator locks a year after
the yearly follow-up; nobody writes a locked year, except an organisation whose year the
coordinator has reopened as a recorded exception (:class:`YearReopening`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.lib.links import object_url

if TYPE_CHECKING:
    from forums.models import Body
    from organisations.models import Organisation


def _pick(obj, field: str) -> str:
    fi = getattr(obj, f"{field}_fi", "")
    en = getattr(obj, f"{field}_en", "")
    if (get_language() or "fi").startswith("en") and en:
        return en
    return fi or en


def period_in_force(on: datetime.date | None = None):
    """The agreement period in force on ``on`` (forums.AgreementPeriod), or None."""
    from forums.models import AgreementPeriod

    return AgreementPeriod.objects.in_force(on)


def _of_period(qs, on: datetime.date | None):
    """Rows of the agreement in force on ``on``; all rows before any agreement is in force or
    while the one in force has no metrics of its own yet."""
    period = period_in_force(on)
    if period is not None:
        mine = qs.filter(period=period)
        if mine.exists():
            return mine
    return qs


class SpearheadQuerySet(models.QuerySet):
    def current(self) -> SpearheadQuerySet:
        return _of_period(self, None)


class Spearhead(models.Model):
    """Keihäänkärki: one of the four focus areas of Liite 2, with its goal statement."""

    period = models.ForeignKey(
        "forums.AgreementPeriod",
        verbose_name=_("agreement period"),
        on_delete=models.PROTECT,
        related_name="spearheads",
        null=True,
        blank=True,
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    statement_fi = models.TextField(_("goal statement (Finnish)"))
    statement_en = models.TextField(_("goal statement (English)"), blank=True)

    objects = SpearheadQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("spearhead")
        verbose_name_plural = _("spearheads")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self, "name")

    @property
    def statement(self) -> str:
        return _pick(self, "statement")


class Goal(models.Model):
    """Tavoite: a goal of a spearhead; some are evidenced by metrics, some only stated."""

    spearhead = models.ForeignKey(
        Spearhead, on_delete=models.CASCADE, related_name="goals", verbose_name=_("spearhead")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_fi = models.TextField(_("text (Finnish)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        ordering = ["spearhead__order", "order"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["spearhead", "order"], name="goal_order_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def text(self) -> str:
        return _pick(self, "text")


class MetricQuerySet(models.QuerySet):
    def visible_to(self, user) -> MetricQuerySet:
        return self.all()  # the agreement's metrics are public

    def of_year(self, year: int) -> MetricQuerySet:
        """The metrics of the agreement in force at the end of ``year``."""
        return _of_period(self, datetime.date(year, 12, 31))


class Metric(models.Model):
    """Mittari: how the outcome of a goal is verified (Liite 2, word for word in ``text_fi``)."""

    class Kind(models.TextChoices):
        COVERAGE = "coverage", _("coverage (X/11 municipalities)")
        TREND = "trend", _("trend (compared with the previous period)")
        BASELINE = "baseline", _("baseline (compared with a base year)")
        SELF_ASSESSMENT = "self_assessment", _("self-assessment (1–5)")
        TARGET = "target", _("target (baseline year and a numeric target)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Scope(models.TextChoices):
        MUNICIPALITY = "municipality", _("each municipality")
        PARTY = "party", _("each party (the municipalities and the wellbeing county)")
        REGION = "region", _("the region")
        BODY = "body", _("a body")

    class Periodicity(models.TextChoices):
        YEARLY = "yearly", _("yearly")
        BIENNIAL_ODD = "biennial_odd", _("every two years, in odd years")

    class Source(models.TextChoices):
        OWN = "own", _("own survey or record")
        SOTKANET = "sotkanet", _("Sotkanet / Statistics Finland")
        SCHOOL_HEALTH_SURVEY = "school_health_survey", _("school health survey (THL)")
        THL = "thl", _("THL")
        BODY = "body", _("the body's own assessment")

    period = models.ForeignKey(
        "forums.AgreementPeriod",
        verbose_name=_("agreement period"),
        on_delete=models.PROTECT,
        related_name="metrics",
        null=True,
        blank=True,
    )
    spearhead = models.ForeignKey(
        Spearhead, on_delete=models.PROTECT, related_name="metrics", verbose_name=_("spearhead")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        related_name="metrics",
        null=True,
        blank=True,
        verbose_name=_("goal"),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_fi = models.TextField(_("text in the agreement (Finnish)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    name_fi = models.CharField(_("short name (Finnish)"), max_length=200)
    name_en = models.CharField(_("short name (English)"), max_length=200, blank=True)
    guidance_fi = models.TextField(_("how to enter (Finnish)"), blank=True)
    guidance_en = models.TextField(_("how to enter (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    periodicity = models.CharField(
        _("periodicity"), max_length=20, choices=Periodicity.choices, default=Periodicity.YEARLY
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), default=2022)
    last_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    unit_fi = models.CharField(_("unit (Finnish)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    source = models.CharField(_("data source"), max_length=30, choices=Source.choices)
    sotkanet_indicator = models.PositiveIntegerField(
        _("Sotkanet indicator"),
        null=True,
        blank=True,
        help_text=_("The indicator number in Sotkanet, when the values come from there."),
    )
    body = models.ForeignKey(
        "forums.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="metrics",
        help_text=_("For self-assessments: the body whose chair or secretary enters them."),
    )

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["spearhead__order", "order"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("indicators:metric_detail", self.code)

    @property
    def name(self) -> str:
        return _pick(self, "name")

    @property
    def text(self) -> str:
        return _pick(self, "text")

    @property
    def guidance(self) -> str:
        return _pick(self, "guidance")

    @property
    def unit(self) -> str:
        return _pick(self, "unit")

    @property
    def value_type(self) -> str:
        """ "bool" (coverage), "rating" (1–5) or "number"."""
        if self.kind == self.Kind.COVERAGE:
            return "bool"
        if self.kind == self.Kind.SELF_ASSESSMENT:
            return "rating"
        return "number"

    @property
    def step(self) -> int:
        return 2 if self.periodicity == self.Periodicity.BIENNIAL_ODD else 1

    @property
    def is_per_organisation(self) -> bool:
        return self.scope in (self.Scope.MUNICIPALITY, self.Scope.PARTY)

    def is_measured_in(self, year: int) -> bool:
        """The metric's own periodicity: the school health survey is made in odd years."""
        if self.periodicity == self.Periodicity.BIENNIAL_ODD:
            return year % 2 == 1
        return True

    def in_range(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def is_due(self, year: int) -> bool:
        return self.in_range(year) and self.is_measured_in(year)

    def previous_year(self, year: int) -> int:
        return year - self.step

    def applies_to(self, organisation) -> bool:
        if self.scope == self.Scope.MUNICIPALITY:
            return organisation.is_party and organisation.is_municipality
        if self.scope == self.Scope.PARTY:
            return organisation.is_party and (
                organisation.is_municipality
                or organisation.kind == organisation.Kind.WELLBEING_COUNTY
            )
        return False


class Target(models.Model):
    """A numeric target set after the baseline (e.g. each municipality's housing target).

    Liite 2: "Kuntakohtainen lähtötilanne on selvitetty vuoden 23 aikana, jonka perusteella
    asetetaan numeraalinen muutostavoite vuosille 2024–2025" — so targets are data, per
    organisation, set by the coordinator when agreed.
    """

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="targets", verbose_name=_("metric")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="metric_targets",
        verbose_name=_("organisation"),
    )
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["metric", "organisation"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.organisation}: {self.target_value} ({self.target_year})"


class ValueQuerySet(models.QuerySet):
    def visible_to(self, user) -> ValueQuerySet:
        """The one rule for what a reader sees of the values: the parties follow the
        agreement together, so every logged-in user sees approved values; a draft, submitted
        or returned value is seen only by those who enter it (its organisation's users, a
        body's chair and secretary for its self-assessment) and by coordinators."""
        if not permissions.is_active_user(user):
            return self.none()
        if permissions.is_coordinator(user):
            return self.all()
        from forums.models import RoleAssignment

        assessors = RoleAssignment.objects.current().filter(
            person=user, role__in=[RoleAssignment.Role.CHAIR, RoleAssignment.Role.SECRETARY]
        )
        mine = Q(body__in=assessors.values("body"))
        if user.organisation_id is not None:
            mine |= Q(organisation_id=user.organisation_id)
        return self.filter(Q(status=Value.Status.APPROVED) | mine)

    def filled(self) -> ValueQuerySet:
        return self.filter(
            Q(number__isnull=False) | Q(yes_no__isnull=False) | Q(rating__isnull=False)
        )

    def approved(self) -> ValueQuerySet:
        return self.filter(status=Value.Status.APPROVED)


class Value(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for revision")

    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="values", verbose_name=_("metric")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="metric_values",
        null=True,
        blank=True,
        help_text=_("Empty for a regional value or a body's self-assessment."),
    )
    body = models.ForeignKey(
        "forums.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="metric_values",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    yes_no = models.BooleanField(_("yes or no"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    source_url = models.URLField(_("source link"), blank=True, max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    return_comment = models.TextField(_("latest return comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted"))
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "year", "organisation"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "organisation", "year"],
                condition=Q(organisation__isnull=False),
                name="value_one_per_organisation_year",
            ),
            models.UniqueConstraint(
                fields=["metric", "body", "year"],
                condition=Q(body__isnull=False),
                name="value_one_per_body_year",
            ),
            models.UniqueConstraint(
                fields=["metric", "year"],
                condition=Q(organisation__isnull=True, body__isnull=True),
                name="value_one_regional_per_year",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(body__isnull=True),
                name="value_organisation_or_body",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="value_rating_1_5",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        who = (
            cast("Organisation", self.organisation).display_short_name
            if self.organisation_id
            else _("region")
        )
        return f"{self.metric.code} · {who} · {self.year}"

    def get_absolute_url(self) -> str:
        return object_url("indicators:value_detail", self.pk)

    @property
    def who(self) -> str:
        """Whose value, shortly: "Loppi", "Perhekeskustyöryhmä" or "Region"."""
        if self.organisation_id:
            return cast("Organisation", self.organisation).display_short_name
        if self.body_id:
            return cast("Body", self.body).short_name
        return str(_("Region"))

    @property
    def raw(self) -> Decimal | bool | int | None:
        kind = self.metric.value_type
        if kind == "bool":
            return self.yes_no
        if kind == "rating":
            return self.rating
        return self.number

    @property
    def is_filled(self) -> bool:
        return self.raw is not None

    def snapshot(self) -> dict:
        return {
            "number": self.number,
            "yes_no": self.yes_no,
            "rating": self.rating,
            "note": self.note,
            "source_url": self.source_url,
        }


VALUE_FIELDS = ("number", "yes_no", "rating")


class ValueEvent(models.Model):
    """The history of one value: every real change and every status step, with who and when.

    ``changes`` is {field: [from, to]} for the fields that really changed; a return carries
    its comment in ``comment`` and changes no value.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("entered")
        CHANGED = "changed", _("changed")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for revision")
        IMPORTED = "imported", _("imported")

    value = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="events", verbose_name=_("value")
    )
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    action = models.CharField(max_length=20, choices=Action.choices, verbose_name=_("action"))
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("changes"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("value event")
        verbose_name_plural = _("value events")

    def __str__(self) -> str:
        return f"{self.value} {self.action}"

    @property
    def is_value_change(self) -> bool:
        return any(name in self.changes for name in VALUE_FIELDS)


class YearLock(models.Model):
    """A year closed after the follow-up: its values can no longer change."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    locked_at = models.DateTimeField(default=timezone.now, verbose_name=_("locked"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("locked by"),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("locked year")
        verbose_name_plural = _("locked years")

    def __str__(self) -> str:
        return str(self.year)


class YearReopeningQuerySet(models.QuerySet):
    def open(self) -> YearReopeningQuerySet:
        return self.filter(closed_at__isnull=True)


class YearReopening(models.Model):
    """An exception: one organisation's locked year opened again by a coordinator, with a reason.

    ``organisation`` empty means the region's own values (entered by the coordinators).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(default=timezone.now, verbose_name=_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = YearReopeningQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("reopened year")
        verbose_name_plural = _("reopened years")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organisation"],
                condition=Q(closed_at__isnull=True),
                name="yearreopening_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organisation or _('region')}"


class ReminderLog(models.Model):
    """One row per (year, organisation) reminder sent, so the daily task sends each once."""

    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))
    missing = models.PositiveSmallIntegerField(default=0, verbose_name=_("missing"))

    class Meta:
        verbose_name = _("metric reminder sent")
        verbose_name_plural = _("metric reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["year", "organisation"], name="reminderlog_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organisation_id}"


def entry_year(today: datetime.date | None = None) -> int:
    """The year whose values are being entered: the previous calendar year (the follow-up
    of year N is held in May–June of N+1)."""
    today = today or timezone.localdate()
    return today.year - 1


def is_coordinator(user) -> bool:
    return permissions.is_coordinator(user)
