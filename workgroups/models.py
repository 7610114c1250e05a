"""What only tier-3 workgroups have: action plan and rules (versioned), who arranges the
meetings, the term, proposals for new workgroups, and counterpart pairs (vastinparit).

Membership and roles are the forums app's (one implementation for every body).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Body, CouncilTerm
from portal import permissions
from portal.dated import Dated, DatedQuerySet
from portal.lib.files import PrivateFileField


def _today() -> datetime.date:
    return timezone.localdate()


class WorkgroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> WorkgroupQuerySet:
        return self.filter(body__in=Body.objects.visible_to(user))

    def without_current_plan(self, on: datetime.date | None = None) -> WorkgroupQuerySet:
        """Active workgroups with no action plan in force on ``on``."""
        on = on or _today()
        plan = WorkgroupDocument.objects.current(on).filter(
            workgroup=OuterRef("pk"), kind=WorkgroupDocument.Kind.ACTION_PLAN
        )
        return self.filter(
            Q(body__dissolved_on__isnull=True) | Q(body__dissolved_on__gt=on)
        ).exclude(Exists(plan))


class Workgroup(models.Model):
    """The tier-3 part of a body (one to one with forums.Body)."""

    body = models.OneToOneField(
        Body,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="workgroup",
        verbose_name=_("body"),
    )
    arrangement_fi = models.TextField(
        _("who arranges the meetings (Finnish)"),
        blank=True,
        help_text=_("Agreed at the first meeting, e.g. rotating among the municipalities."),
    )
    arrangement_en = models.TextField(_("who arranges the meetings (English)"), blank=True)
    arranging_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("arranging organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    term = models.ForeignKey(
        CouncilTerm,
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A workgroup's term is the council term."),
    )
    focus = models.TextField(_("focus"), blank=True)
    goals = models.TextField(_("goals"), blank=True)

    objects = WorkgroupQuerySet.as_manager()

    class Meta:
        ordering = ["body__order"]
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")

    def __str__(self) -> str:
        return str(self.body)

    def get_absolute_url(self) -> str:
        return reverse("workgroups:workgroup_detail", args=[self.body.slug])

    @property
    def arrangement(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "fi").startswith("en") and self.arrangement_en:
            return self.arrangement_en
        return self.arrangement_fi or self.arrangement_en


class WorkgroupDocumentQuerySet(DatedQuerySet):
    """``current(on)``: versions in force on ``on`` (the latest per kind is the one that counts)."""


def _document_path(instance, filename: str) -> str:
    """The old upload path, kept because migration 0001 refers to it; uploads now go to a
    random name (portal.lib.files.TokenPath)."""
    return f"workgroups/{instance.workgroup_id}/{instance.kind}-v{instance.version}-{filename}"


class WorkgroupDocument(Dated):
    """One version of a workgroup's action plan (toimintasuunnitelma) or rules
    (pelisäännöt). A new version never overwrites an old one."""

    class Kind(models.TextChoices):
        ACTION_PLAN = "action_plan", _("action plan")
        RULES = "rules", _("rules")

    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, related_name="documents", verbose_name=_("workgroup")
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    file = PrivateFileField(_("file"), folder="workgroups", name_field="file_name", blank=True)
    # The uploader's file name, given back on download (the stored name is a random token).
    file_name = models.CharField(_("file's name"), max_length=200, blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    objects = WorkgroupDocumentQuerySet.as_manager()

    class Meta(Dated.Meta):
        ordering = ["workgroup", "kind", "-version"]
        verbose_name = _("workgroup document")
        verbose_name_plural = _("workgroup documents")
        constraints = [
            *Dated.Meta.constraints,
            models.UniqueConstraint(
                fields=["workgroup", "kind", "version"], name="workgroupdocument_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}: {self.workgroup}"


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProposalQuerySet:
        if permissions.is_coordinator(user):
            return self.all()
        if not permissions.is_active_user(user):
            return self.none()
        return self.filter(Q(proposed_by=user) | Q(organisation_id=user.organisation_id))

    def pending(self) -> ProposalQuerySet:
        return self.filter(status=WorkgroupProposal.Status.PENDING)


class WorkgroupProposal(models.Model):
    """A proposal for a new workgroup: allowed only in special cases, for stated reasons,
    with a clearly defined focus and goals (the agreement); a coordinator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    focus = models.TextField(_("focus"))
    goals = models.TextField(_("goals"))
    reasons = models.TextField(_("why a new workgroup is needed"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    workgroup = models.OneToOneField(
        Workgroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("workgroup"),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workgroup proposal")
        verbose_name_plural = _("workgroup proposals")

    def __str__(self) -> str:
        return self.name_fi


class CounterpartPairQuerySet(DatedQuerySet):
    def visible_to(self, user) -> CounterpartPairQuerySet:
        # Who works with whom across the line is for the parties, not the public.
        if not permissions.is_active_user(user):
            return self.none()
        return self.all()


class CounterpartPair(Dated):
    """Vastinpari: a municipality's official and the county's employee paired on a service
    interface, with the time each side allots. Each side's admin manages only its half."""

    workgroup = models.ForeignKey(
        Workgroup,
        verbose_name=_("workgroup"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counterpart_pairs",
    )
    service_interface = models.CharField(_("service interface"), max_length=200)
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("municipality's official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality_hours = models.DecimalField(
        _("municipality's hours a month"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MaxValueValidator(200)],
    )
    county = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("wellbeing services county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    county_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("county's employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    county_hours = models.DecimalField(
        _("county's hours a month"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MaxValueValidator(200)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    objects = CounterpartPairQuerySet.as_manager()

    class Meta(Dated.Meta):
        ordering = ["municipality__name", "service_interface"]
        verbose_name = _("counterpart pair")
        verbose_name_plural = _("counterpart pairs")
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(
                condition=Q(municipality_hours__isnull=True) | Q(municipality_hours__gte=0),
                name="counterpartpair_municipality_hours_positive",
            ),
            models.CheckConstraint(
                condition=Q(county_hours__isnull=True) | Q(county_hours__gte=0),
                name="counterpartpair_county_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_interface} ({self.municipality.display_short_name})"

    def side_of(self, organisation_id: int | None) -> str | None:
        """ "municipality", "county" or None: which half ``organisation_id`` owns."""
        if organisation_id == self.municipality_id:
            return "municipality"
        if organisation_id == self.county_id:
            return "county"
        return None
