"""The collaboration structure: agreement periods, council terms, bodies, seats and roles.

Everything that every body shares lives here (membership, elected roles, who convenes and
prepares). Meetings live in the ``meetings`` app, which points here, never the other way;
what only tier-3 workgroups have (action plans, rules, counterpart pairs) lives in
``workgroups``. Seats and roles are dated rows (``portal.dated``): history is never deleted.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal import permissions
from portal.dated import Dated, DatedQuerySet
from portal.lib.files import PrivateFileField
from portal.lib.links import object_url

if TYPE_CHECKING:
    from organisations.models import Organisation


def _today() -> datetime.date:
    return timezone.localdate()


class Bilingual:
    """``name``/``purpose`` etc. in the active language, Finnish when English is empty."""

    def _pick(self, field: str) -> str:
        fi = getattr(self, f"{field}_fi", "")
        en = getattr(self, f"{field}_en", "")
        if (get_language() or "fi").startswith("en") and en:
            return en
        return fi or en


# --- council terms and agreement periods -------------------------------------------------


class CouncilTermQuerySet(models.QuerySet):
    def on(self, date: datetime.date | None = None, kind: str = "municipal") -> CouncilTerm | None:
        """The term of ``kind`` running on ``date`` (today by default), or None."""
        date = date or _today()
        return self.filter(kind=kind, starts_on__lte=date, ends_on__gte=date).first()


class CouncilTerm(models.Model):
    """Valtuustokausi (DOMAIN.md §7): municipal 1.8.2021–31.5.2025, 1.6.2025–31.5.2029 …"""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("municipal councils")
        WELLBEING_COUNTY = "wellbeing_county", _("wellbeing county council")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = CouncilTermQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "starts_on"]
        verbose_name = _("council term")
        verbose_name_plural = _("council terms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "starts_on"], name="councilterm_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="councilterm_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on.year}–{self.ends_on.year}"

    def contains(self, date: datetime.date) -> bool:
        return self.starts_on <= date <= self.ends_on


class AgreementPeriodQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> AgreementPeriod | None:
        """The one agreement in force on ``on``: the latest that came into force and has not
        ended. None before the first agreement came into force."""
        on = on or _today()
        return (
            self.filter(in_force_from__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
            .order_by("-in_force_from", "-pk")
            .first()
        )

    def visible_to(self, user) -> AgreementPeriodQuerySet:
        return self.all()  # the agreement itself is public


class AgreementPeriod(Bilingual, models.Model):
    """One framework agreement (a version): the 2023 agreement; a 2025–2029 one can follow.

    ``in_force_from`` is filled by the service when the last party has approved and signed
    (the agreement: "tulee voimaan, kun kaikki osapuolet ovat sen hyväksyneet ja
    allekirjoituksillaan vahvistaneet"). An amendment is a new period that ``supersedes``
    the old one; the old one gets ``ended_on`` when the new one comes into force.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    dated_on = models.DateField(_("dated"), help_text=_("The date written on the agreement."))
    review_by = models.DateField(
        _("review by"), null=True, blank=True, help_text=_("Content reviewed by this date.")
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    notice_months = models.PositiveSmallIntegerField(_("notice period (months)"), default=12)
    document = PrivateFileField(
        _("document"), folder="agreements", name_field="document_name", blank=True
    )
    # The uploader's file name, given back on download (the stored name is a random token).
    document_name = models.CharField(_("document's name"), max_length=200, blank=True)
    parties: models.ManyToManyField[Organisation, AgreementParty] = models.ManyToManyField(
        "organisations.Organisation",
        through="AgreementParty",
        related_name="agreement_periods",
        verbose_name=_("parties"),
    )

    objects = AgreementPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-dated_on"]
        verbose_name = _("agreement period")
        verbose_name_plural = _("agreement periods")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        on = on or _today()
        return (
            self.in_force_from is not None
            and self.in_force_from <= on
            and (self.ended_on is None or on <= self.ended_on)
        )


class AgreementPartyQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> AgreementPartyQuerySet:
        """Parties still bound on ``on``: a terminated party leaves from the effective date."""
        on = on or _today()
        return self.filter(
            Q(termination_effective_on__isnull=True) | Q(termination_effective_on__gt=on)
        )


class AgreementParty(models.Model):
    """A party's own life in one agreement: approval, signature, termination notice."""

    period = models.ForeignKey(
        AgreementPeriod,
        on_delete=models.CASCADE,
        related_name="party_rows",
        verbose_name=_("agreement period"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="agreement_rows",
        verbose_name=_("organisation"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("E.g. the municipal council.")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    termination_received_on = models.DateField(
        _("termination notice received on"), null=True, blank=True
    )
    termination_effective_on = models.DateField(
        _("termination effective on"), null=True, blank=True
    )

    objects = AgreementPartyQuerySet.as_manager()

    class Meta:
        ordering = ["period", "organisation__name"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to an agreement")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation"], name="agreementparty_unique"
            ),
            models.CheckConstraint(
                condition=Q(termination_effective_on__isnull=True)
                | Q(termination_effective_on__gt=models.F("termination_received_on")),
                name="agreementparty_termination_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.period}"

    @property
    def has_approved_and_signed(self) -> bool:
        return self.approved_on is not None and self.signed_on is not None


class AgreementReminder(models.Model):
    """One row per reminder sent, so the daily task sends each exactly once."""

    period = models.ForeignKey(
        AgreementPeriod,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("agreement period"),
    )
    key = models.CharField(max_length=40, verbose_name=_("key"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))

    class Meta:
        verbose_name = _("agreement reminder sent")
        verbose_name_plural = _("agreement reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["period", "key"], name="agreementreminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.key}"


# --- bodies ------------------------------------------------------------------------------


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user) -> BodyQuerySet:
        """Public bodies for everyone; "all parties" bodies for logged-in users; members-only
        bodies for coordinators, the body's current members, deputies, role holders and named
        preparers, and the admins of organisations that hold a seat in it (they name its
        representatives) — not every organisation's admin."""
        if permissions.is_coordinator(user):
            return self.all()
        if not permissions.is_active_user(user):
            return self.filter(visibility=Body.Visibility.PUBLIC)
        today = _today()
        is_member = Exists(
            Membership.objects.current(today)
            .filter(body=OuterRef("pk"))
            .filter(Q(person=user) | Q(deputy=user))
        )
        holds_role = Exists(
            RoleAssignment.objects.current(today).filter(body=OuterRef("pk"), person=user)
        )
        prepares = Q(pk__in=self.prepared_by(user).values("pk"))
        names_seats = Q(pk__in=[])
        if user.role == "org_admin" and user.organisation_id is not None:
            names_seats = Q(pk__in=Body.objects.with_seats_for(user.organisation).values("pk"))
        return self.filter(
            Q(visibility__in=[Body.Visibility.PUBLIC, Body.Visibility.PARTIES])
            | is_member
            | holds_role
            | prepares
            | names_seats
        )

    def with_seats_for(self, organisation) -> BodyQuerySet:
        """Active nominated bodies where ``organisation`` is entitled to name representatives
        today: as a party of the body's agreement still bound (all parties; the county and
        the municipalities; or, with no fixed seats, where other organisations are admitted),
        or as another organisation where the body admits them. The one definition."""
        from organisations.models import Organisation

        bound = Exists(
            AgreementParty.objects.active().filter(
                period=OuterRef("period"), organisation=organisation
            )
        )
        scope = Q(seat_scope=Body.SeatScope.ALL_PARTIES) | Q(admits_other_organisations=True)
        if organisation.kind != Organisation.Kind.REGIONAL_COUNCIL:
            scope |= Q(seat_scope=Body.SeatScope.COUNTY_AND_MUNICIPALITIES)
        as_party = bound & scope
        if not organisation.is_party:
            as_party |= Q(admits_other_organisations=True)
        return self.active().exclude(admission=Body.Admission.OPEN).filter(as_party)

    def prepared_by(self, user) -> BodyQuerySet:
        """Bodies whose meetings ``user`` has been named to prepare (valmistelija): a
        per-object grant (django-guardian, direct-FK table), never a model-wide one."""
        if not permissions.is_active_user(user):
            return self.none()
        return permissions.objects_with_grant(user, PREPARE_BODY, self)

    def convened_by(self, user) -> BodyQuerySet:
        """Bodies whose real conveners include ``user`` — the one answer, used by the rules
        ``forums.convene_body``, ``forums.manage_roles`` and ``forums.manage_preparers``:

        coordinators (every body); the current chair and secretary; while the fixed
        organisation convenes (rule "organisation", or "organisation, then the chair" until a
        chair has been elected) that organisation's admins and its people sitting in the body;
        an open network's founder (rule "agreed")."""
        if not permissions.is_active_user(user):
            return self.none()
        if permissions.is_coordinator(user):
            return self.all()
        Rule = Body.ConvenerRule
        chair_or_secretary = (
            RoleAssignment.objects.current()
            .filter(
                person=user, role__in=[RoleAssignment.Role.CHAIR, RoleAssignment.Role.SECRETARY]
            )
            .values("body")
        )
        ever_chaired = RoleAssignment.objects.filter(
            body=OuterRef("pk"), role=RoleAssignment.Role.CHAIR
        )
        fixed = (
            Q(convener_rule=Rule.ORGANISATION)
            | (Q(convener_rule=Rule.ORGANISATION_THEN_CHAIR) & ~Exists(ever_chaired))
        ) & Q(convener_organisation_id=user.organisation_id, convener_organisation__isnull=False)
        if user.role != "org_admin":
            # The fixed organisation's other people convene only the bodies they sit in.
            fixed &= Q(pk__in=Membership.objects.current().for_person(user).values("body"))
        founded = Q(convener_rule=Rule.AGREED, created_by=user)
        return self.filter(Q(pk__in=chair_or_secretary) | fixed | founded)

    def convenable_by(self, user) -> BodyQuerySet:
        """Bodies ``user`` may convene (schedule and edit meetings, draft minutes): the real
        conveners and the named preparers (``forums.convene_body``)."""
        if not permissions.is_active_user(user):
            return self.none()
        if permissions.is_coordinator(user):
            return self.all()  # they convene every body: no need to ask for grants too
        return self.filter(
            Q(pk__in=Body.objects.convened_by(user).values("pk"))
            | Q(pk__in=Body.objects.prepared_by(user).values("pk"))
        )

    def active(self, on: datetime.date | None = None) -> BodyQuerySet:
        on = on or _today()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))

    def in_period(self, period: AgreementPeriod | None) -> BodyQuerySet:
        return self.filter(period=period)

    def for_person(self, user, on: datetime.date | None = None) -> BodyQuerySet:
        """Bodies where ``user`` currently sits, as member or deputy, or holds a role."""
        if not permissions.is_active_user(user):
            return self.none()
        on = on or _today()
        seat = Exists(
            Membership.objects.current(on)
            .filter(body=OuterRef("pk"))
            .filter(Q(person=user) | Q(deputy=user))
        )
        role = Exists(RoleAssignment.objects.current(on).filter(body=OuterRef("pk"), person=user))
        return self.filter(seat | role)

    def without_roles(self, on: datetime.date | None = None) -> BodyQuerySet:
        """Bodies that lack a current chair, vice-chair or secretary (open networks excluded:
        their coordination is agreed per network)."""
        on = on or _today()
        current = RoleAssignment.objects.current(on).filter(body=OuterRef("pk"))
        return self.exclude(kind=Body.Kind.OPEN_NETWORK).exclude(
            Exists(current.filter(role=RoleAssignment.Role.CHAIR))
            & Exists(current.filter(role=RoleAssignment.Role.VICE_CHAIR))
            & Exists(current.filter(role=RoleAssignment.Role.SECRETARY))
        )


class Body(Bilingual, models.Model):
    """A forum, meeting, workgroup, board or open network of the agreement (figure 1)."""

    class Tier(models.IntegerChoices):
        STRATEGIC = 1, _("Strategic forums")
        LEADERSHIP = 2, _("Leadership forums")
        WORKGROUPS = 3, _("Joint-service and prevention workgroups")
        OPEN = 4, _("Open networks and forums")

    class Kind(models.TextChoices):
        STRATEGIC_FORUM = "strategic_forum", _("strategic forum")
        MUNICIPAL_MEETING = "municipal_meeting", _("municipal meeting")
        LEADERSHIP_FORUM = "leadership_forum", _("leadership forum")
        WORKGROUP = "workgroup", _("workgroup")
        TYP_BOARD = "typ_board", _("TYP board")
        OPEN_NETWORK = "open_network", _("open network")

    class ConvenerRule(models.TextChoices):
        ORGANISATION = "organisation", _("a fixed organisation")
        ORGANISATION_THEN_CHAIR = (
            "organisation_then_chair",
            _("a fixed organisation the first time, then the chair"),
        )
        CHAIR = "chair", _("the chair")
        AGREED = "agreed", _("agreed by the network")

    class Admission(models.TextChoices):
        NOMINATED = "nominated", _("each organisation names its representatives")
        OPEN = "open", _("open to anyone interested")

    class SeatScope(models.TextChoices):
        ALL_PARTIES = "all_parties", _("every party")
        COUNTY_AND_MUNICIPALITIES = (
            "county_and_municipalities",
            _("the wellbeing county and the municipalities"),
        )
        NONE = "none", _("no fixed seats")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTIES = "parties", _("all parties (logged-in users)")
        MEMBERS = "members", _("members only")

    class Term(models.TextChoices):
        COUNCIL_TERM = "council_term", _("the council term")
        INDEFINITE = "indefinite", _("until further notice")

    period = models.ForeignKey(
        AgreementPeriod,
        verbose_name=_("agreement period"),
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name_fi = models.CharField(_("short name (Finnish)"), max_length=60, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    purpose_fi = models.TextField(_("purpose (Finnish)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    convener_rule = models.CharField(
        _("convener"), max_length=30, choices=ConvenerRule.choices, default=ConvenerRule.CHAIR
    )
    convener_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("convening organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_bodies",
    )
    preparers_fi = models.TextField(_("preparers (Finnish)"), blank=True)
    preparers_en = models.TextField(_("preparers (English)"), blank=True)
    # Cadence as data (the meetings engineer evaluates it): None means "no rule".
    meetings_per_year_min = models.PositiveSmallIntegerField(
        _("meetings a year, at least"), null=True, blank=True
    )
    meetings_per_year_max = models.PositiveSmallIntegerField(
        _("meetings a year, at most"), null=True, blank=True
    )
    meetings_per_term_min = models.PositiveSmallIntegerField(
        _("meetings per council term, at least"), null=True, blank=True
    )
    follow_up_month_from = models.PositiveSmallIntegerField(
        _("yearly follow-up meeting from month"), null=True, blank=True
    )
    follow_up_month_to = models.PositiveSmallIntegerField(
        _("yearly follow-up meeting to month"), null=True, blank=True
    )
    joint_with = models.ForeignKey(
        "self",
        verbose_name=_("meets jointly with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joint_meetings_per_year_min = models.PositiveSmallIntegerField(
        _("joint meetings a year, at least"), null=True, blank=True
    )
    cadence_fi = models.CharField(_("cadence (Finnish)"), max_length=200, blank=True)
    cadence_en = models.CharField(_("cadence (English)"), max_length=200, blank=True)
    term = models.CharField(_("term"), max_length=20, choices=Term.choices, default=Term.INDEFINITE)
    statutory = models.BooleanField(_("statutory"), default=False)
    admission = models.CharField(
        _("membership"), max_length=20, choices=Admission.choices, default=Admission.NOMINATED
    )
    seat_scope = models.CharField(
        _("seats for"), max_length=30, choices=SeatScope.choices, default=SeatScope.ALL_PARTIES
    )
    seats_per_party = models.PositiveSmallIntegerField(_("seats per party"), default=1)
    admits_other_organisations = models.BooleanField(
        _("other organisations may be named"),
        default=False,
        help_text=_("E.g. NGOs and parishes in the wellbeing forum, the TE office."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "order", "name_fi"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        # Granted per body only (portal.permissions.grant), never model-wide: see Preparers.
        permissions = [("prepare_body", _("Can prepare the body's meetings"))]
        constraints = [
            models.CheckConstraint(condition=Q(tier__gte=1, tier__lte=4), name="body_tier_1_4"),
            models.CheckConstraint(
                condition=Q(meetings_per_year_max__isnull=True)
                | Q(meetings_per_year_min__isnull=True)
                | Q(meetings_per_year_max__gte=models.F("meetings_per_year_min")),
                name="body_cadence_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("forums:body_detail", self.slug)

    @property
    def name(self) -> str:
        return self._pick("name")

    @property
    def short_name(self) -> str:
        return self._pick("short_name") or self.name

    @property
    def purpose(self) -> str:
        return self._pick("purpose")

    @property
    def preparers(self) -> str:
        return self._pick("preparers")

    @property
    def cadence(self) -> str:
        return self._pick("cadence")

    @property
    def convener_label(self) -> str:
        """Who convenes, in words (figure 1)."""
        org = (
            cast("Organisation", self.convener_organisation).display_short_name
            if self.convener_organisation_id
            else ""
        )
        if self.convener_rule == self.ConvenerRule.ORGANISATION and org:
            return org
        if self.convener_rule == self.ConvenerRule.ORGANISATION_THEN_CHAIR and org:
            return _("%(organisation)s the first time, then the chair") % {"organisation": org}
        if self.convener_rule == self.ConvenerRule.AGREED:
            return str(_("agreed by the network"))
        return str(_("the chair"))

    @property
    def is_open(self) -> bool:
        return self.admission == self.Admission.OPEN

    @property
    def is_workgroup(self) -> bool:
        return self.tier == self.Tier.WORKGROUPS

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or _today()
        return self.dissolved_on is None or on < self.dissolved_on

    def current_roles(self, on: datetime.date | None = None) -> dict[str, RoleAssignment]:
        """{role: assignment} of the roles held on ``on`` (one query)."""
        return {
            r.role: r
            for r in self.role_assignments.current(on).select_related("person__organisation")
        }

    def convener_is_chair(self, on: datetime.date | None = None) -> bool:
        """Whether the chair convenes now. "The chair after the first meeting": once a chair
        has been elected, the chair convenes; until then the fixed organisation does."""
        if self.convener_rule == self.ConvenerRule.CHAIR:
            return True
        if self.convener_rule == self.ConvenerRule.ORGANISATION_THEN_CHAIR:
            return self.role_assignments.filter(role=RoleAssignment.Role.CHAIR).exists()
        return False


PREPARE_BODY = "forums.prepare_body"


class BodyUserObjectPermission(UserObjectPermissionBase):
    """Guardian's per-object grants on a body, in a direct-FK table (PITFALLS.md: no
    generic rows orphaned on delete; a body's grants go with it). Written only through
    ``portal.permissions.grant``/``revoke`` (the preparer services)."""

    content_object = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="user_grants", verbose_name=_("body")
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("person's right on a body")
        verbose_name_plural = _("people's rights on bodies")


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="group_grants", verbose_name=_("body")
    )

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group's right on a body")
        verbose_name_plural = _("groups' rights on bodies")


def preparers_of(bodies) -> dict[int, list]:
    """{body id: [User, …]} of the named preparers of ``bodies`` (one query; users come with
    their organisation), ordered by organisation and name."""
    ids = [b.pk for b in bodies]
    result: dict[int, list] = {pk: [] for pk in ids}
    rows = (
        BodyUserObjectPermission.objects.filter(
            content_object_id__in=ids,
            permission__codename="prepare_body",
            permission__content_type__app_label="forums",
            user__is_active=True,
        )
        .select_related("user__organisation")
        .order_by("user__organisation__name", "user__last_name", "user__first_name", "user_id")
    )
    for row in rows:
        result[row.content_object_id].append(row.user)
    return result


class MembershipQuerySet(DatedQuerySet):
    def for_person(self, user) -> MembershipQuerySet:
        return self.filter(Q(person=user) | Q(deputy=user))

    def visible_to(self, user) -> MembershipQuerySet:
        """Member details only for logged-in users, and only in bodies they may see."""
        if not permissions.is_active_user(user):
            return self.none()
        return self.filter(body__in=Body.objects.visible_to(user))


class Membership(Dated):
    """A seat held: a representative of an organisation in a body, with a personal deputy."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_deputyships",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta(Dated.Meta):
        ordering = ["body", "organisation__name", "valid_from"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(deputy=models.F("person")), name="membership_deputy_not_self"
            ),
            # The database's last word on "the same person twice"; the service checks overlaps.
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(valid_to__isnull=True),
                name="membership_one_open_seat_per_person",
            ),
        ]
        indexes = [models.Index(fields=["body", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation.display_short_name}) – {self.body}"


class RoleAssignmentQuerySet(DatedQuerySet):
    def visible_to(self, user) -> RoleAssignmentQuerySet:
        if not permissions.is_active_user(user):
            return self.none()
        return self.filter(body__in=Body.objects.visible_to(user))


class RoleAssignment(Dated):
    """Chair, vice-chair or secretary of a body, elected from among its members."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        SECRETARY = "secretary", _("secretary")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("body")
    )
    role = models.CharField(
        pgettext_lazy("a role in a body", "role"), max_length=20, choices=Role.choices
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="body_roles",
    )
    # The minutes that recorded an election point here (meetings.MinutesItem.role_assignment).
    elected_on = models.DateField(_("elected on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta(Dated.Meta):
        ordering = ["body", "role", "-valid_from"]
        verbose_name = _("elected role")
        verbose_name_plural = _("elected roles")
        constraints = [
            *Dated.Meta.constraints,
            models.UniqueConstraint(
                fields=["body", "role"],
                condition=Q(valid_to__isnull=True),
                name="roleassignment_one_open_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person} – {self.body}"
