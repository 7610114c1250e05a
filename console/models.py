"""The console's own rows: the security policy, each organisation's identity provider and its
e-mail domains, the record of an anonymised person and of a resent mail, and read-only views
(proxies) of the audit trail and the outbox with their ``visible_to`` rules."""

from __future__ import annotations

from typing import ClassVar

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.models import AuditEvent, OutboundEmail


class SecurityPolicy(models.Model):
    """The portal-wide security choices a coordinator makes in the console (one row)."""

    require_mfa_for_org_admins = models.BooleanField(
        _("organisation admins must use two-factor authentication"), default=False
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self) -> str:
        return str(_("Security policy"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        """The saved policy, or the default one (nothing required) before anything is saved."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class IdentityProviderQuerySet(models.QuerySet):
    def enabled(self) -> IdentityProviderQuerySet:
        return self.filter(enabled=True)

    def visible_to(self, user) -> IdentityProviderQuerySet:
        return self.all() if permissions.is_coordinator(user) else self.none()


class IdentityProvider(models.Model):
    """An organisation's own OpenID Connect identity provider (e.g. its Entra ID tenant).

    allauth reads the issuer, client id and secret from the ``SocialApp`` (one app per
    organisation, ``provider_id`` ``org-<slug>``); this row holds the portal's policy:
    which tenant, which e-mail domains, and whether unknown people may be created."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    app = models.OneToOneField(
        "socialaccount.SocialApp",
        verbose_name=_("OpenID Connect application"),
        on_delete=models.PROTECT,
        related_name="identity_provider",
    )
    tenant_id = models.CharField(
        _("tenant ID"),
        max_length=100,
        blank=True,
        help_text=_("When given, a sign-in is accepted only with this tenant ID (tid claim)."),
    )
    enabled = models.BooleanField(_("in use"), default=True)
    allow_new_members = models.BooleanField(
        _("people without an account may be created as members"), default=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("organisation's identity provider")
        verbose_name_plural = _("organisations' identity providers")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def provider_id(self) -> str:
        return self.app.provider_id

    @property
    def server_url(self) -> str:
        return self.app.settings.get("server_url", "")

    def allows_domain(self, domain: str) -> bool:
        return any(d.domain == domain.lower() for d in self.domains.all())


class SsoDomain(models.Model):
    """An e-mail domain that belongs to one organisation's identity provider (never two)."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self) -> str:
        return self.domain


class Anonymisation(models.Model):
    """A departed person whose details were replaced by a placeholder (GDPR art. 17)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="anonymisation",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), default=timezone.now)
    anonymised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anonymised by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-anonymised_at"]
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self) -> str:
        return str(self.user)


class ResentMail(models.Model):
    """A failed mail sent again by a coordinator: the old outbox row stays as it was."""

    original = models.OneToOneField(
        OutboundEmail,
        verbose_name=_("failed mail"),
        on_delete=models.CASCADE,
        related_name="resend",
    )
    replacement = models.ForeignKey(
        OutboundEmail,
        verbose_name=_("new mail"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    resent_at = models.DateTimeField(_("resent"), default=timezone.now)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-resent_at"]
        verbose_name = _("resent mail")
        verbose_name_plural = _("resent mails")

    def __str__(self) -> str:
        return f"{self.original_id} → {self.replacement_id}"


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEntryQuerySet:
        """Coordinators read the whole trail; an organisation admin the entries about their
        own organisation; nobody else any."""
        if permissions.is_coordinator(user):
            return self.all()
        if getattr(user, "is_authenticated", False) and user.is_active and user.role == "org_admin":
            return self.filter(organisation_id=user.organisation_id)
        return self.none()


AuditEntryManager = models.Manager.from_queryset(AuditEntryQuerySet)


class AuditEntry(AuditEvent):
    """The audit trail as the console reads it (no table of its own)."""

    objects: ClassVar[AuditEntryManager] = AuditEntryManager()

    class Meta:
        proxy = True
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")


class MailLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> MailLogQuerySet:
        """Coordinators read every mail; an organisation admin the mails sent to their own
        organisation's people."""
        if permissions.is_coordinator(user):
            return self.all()
        if getattr(user, "is_authenticated", False) and user.is_active and user.role == "org_admin":
            return self.filter(to_user__organisation_id=user.organisation_id)
        return self.none()

    def failed_not_resent(self) -> MailLogQuerySet:
        return self.filter(status=OutboundEmail.Status.FAILED).filter(Q(resend__isnull=True))


MailLogManager = models.Manager.from_queryset(MailLogQuerySet)


class MailLogEntry(OutboundEmail):
    """The outbox as the console's mail log reads it (no table of its own)."""

    objects: ClassVar[MailLogManager] = MailLogManager()

    class Meta:
        proxy = True
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail log entry")
        verbose_name_plural = _("mail log")


class TwoFactorMethod(Authenticator):
    """allauth's record of a person's second factor under a name a coordinator reads: allauth
    names it only "Authenticator", in every language. The admin shows this instead."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor method")
        verbose_name_plural = _("two-factor methods")
