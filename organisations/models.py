"""Organisations (the parties and others taking part), their people, and portal invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.lib.links import object_url

from .validators import normalise_business_id, validate_business_id


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out."""

    # *args keeps the signature compatible with Field.formfield's for mypy; URLField.formfield
    # takes keyword arguments only, so a positional one still fails there as it did.
    def formfield(self, *args: Any, **kwargs: Any) -> forms.Field | None:
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(*args, **kwargs)


class OrganisationQuerySet(models.QuerySet):
    def parties(self) -> OrganisationQuerySet:
        return self.filter(is_party=True)

    def municipalities(self) -> OrganisationQuerySet:
        """The 11 municipalities (cities included) that "X/11" in the metrics counts."""
        return self.filter(
            is_party=True, kind__in=[Organisation.Kind.CITY, Organisation.Kind.MUNICIPALITY]
        )

    def visible_to(self, user) -> OrganisationQuerySet:
        # The parties and other participating organisations are public information.
        return self.all()


def _in_language(finnish: str, english: str) -> str:
    if english and (get_language() or "fi").startswith("en"):
        return english
    return finnish


class Organisation(models.Model):
    class Kind(models.TextChoices):
        WELLBEING_COUNTY = "wellbeing_county", _("wellbeing services county")
        REGIONAL_COUNCIL = "regional_council", _("regional council")
        CITY = "city", _("city")
        MUNICIPALITY = "municipality", _("municipality")
        STATE_AGENCY = "state_agency", _("state or employment authority")
        NGO = "ngo", _("NGO or association")
        PARISH = "parish", _("parish")
        OTHER = "other", _("other organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80)
    name_en = models.CharField(
        _("name (English)"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty when the name is the same in English."),
    )
    short_name_en = models.CharField(
        _("short name (English)"),
        max_length=80,
        blank=True,
        help_text=_("Leave empty when the short name is the same in English."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Y-tunnus, e.g. 0145626-1."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A postal code has five digits."))],
    )
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has three digits."))],
        help_text=_("Statistics Finland's kuntanumero, for municipalities."),
    )
    region_code = models.CharField(
        _("region code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("A region code has two digits."))],
        help_text=_("Wellbeing services county or region code, e.g. 07."),
    )
    is_party = models.BooleanField(_("party to the agreement"), default=False)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = HttpsURLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-is_party", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~Q(business_id=""),
                name="organisation_business_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.business_id = normalise_business_id(self.business_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return object_url("organisations:organisation_detail", self.slug)

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the official Finnish name unless an English one
        is given (a municipality's name is the same in both)."""
        return _in_language(self.name, self.name_en)

    @property
    def display_short_name(self) -> str:
        return _in_language(self.short_name, self.short_name_en)

    @property
    def postal_address(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.post_office) if p)
        return ", ".join(p for p in (self.street_address, place) if p)

    @property
    def is_municipality(self) -> bool:
        return self.kind in (self.Kind.CITY, self.Kind.MUNICIPALITY)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        """User records (to manage): coordinators see all, others their own organisation."""
        if permissions.is_coordinator(user):
            return self.all()
        if not permissions.is_active_user(user):
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


# django-stubs' plugin does not resolve UserManager.from_queryset() in the AUTH_USER_MODEL's
# module (a module-level name for the base fails the same way), so the base stays dynamic.
class PortalUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.MEMBER)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["role"] = User.Role.COORDINATOR
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        ORG_ADMIN = "org_admin", _("organisation admin")
        COORDINATOR = "coordinator", _("coordinator")

    username = None  # type: ignore[assignment]  # AbstractUser's field removed: e-mail logins
    email = models.EmailField(_("e-mail address"), unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="fi"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[PortalUserManager] = PortalUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        # The Django admin is for coordinators only; the role decides, never a stray flag.
        is_coord = self.role == self.Role.COORDINATOR
        self.is_staff = is_coord
        self.is_superuser = is_coord
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = set(update_fields) | {"is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> InvitationQuerySet:
        if permissions.is_coordinator(user):
            return self.all()
        if not permissions.is_active_user(user):
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A person invited by a coordinator or an organisation admin; the link sets a password."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(max_length=20, choices=User.Role.choices, verbose_name=_("role"))
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user.email} ({self.organisation.display_short_name})"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        return (
            cls.objects.select_related("user", "organisation")
            .filter(token_hash=_hash_token(token or ""))
            .first()
        )

    @classmethod
    def default_expiry(cls):
        return timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS)

    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired()
