"""The Django admin of the console's rows, of the meetings (read-only: meetings change
through their pages, which send the calendar updates) and of the organisation sign-in apps
(read-only: they are set up in the console, where the issuer and domains are checked)."""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp
from django.contrib import admin
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import meetings_data
from .models import (
    Anonymisation,
    IdentityProvider,
    ResentMail,
    SecurityPolicy,
    SsoDomain,
    TwoFactorMethod,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DomainInline(admin.TabularInline):
    model = SsoDomain
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IdentityProvider)
class IdentityProviderAdmin(ReadOnlyAdmin):
    """Set up and changed in the console (Organisation sign-in)."""

    list_display = ["organisation", "provider_id", "tenant_id", "enabled", "allow_new_members"]
    list_filter = ["enabled", "allow_new_members"]
    list_select_related = ["organisation", "app"]
    search_fields = ["organisation__name", "tenant_id"]
    exclude = ["app"]
    inlines = [DomainInline]

    @admin.display(description=pgettext_lazy("console", "provider ID"))
    def provider_id(self, obj):
        return obj.provider_id


@admin.register(SsoDomain)
class SsoDomainAdmin(ReadOnlyAdmin):
    list_display = ["domain", "provider"]
    list_select_related = ["provider__organisation"]
    search_fields = ["domain", "provider__organisation__name"]


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "require_mfa_for_org_admins", "updated_at", "updated_by"]
    list_filter = ["require_mfa_for_org_admins"]


@admin.register(Anonymisation)
class AnonymisationAdmin(ReadOnlyAdmin):
    list_display = ["user", "anonymised_at", "anonymised_by"]
    list_select_related = ["user", "anonymised_by"]
    search_fields = ["user__first_name"]
    date_hierarchy = "anonymised_at"


@admin.register(ResentMail)
class ResentMailAdmin(ReadOnlyAdmin):
    list_display = ["original", "replacement", "resent_at", "resent_by"]
    list_select_related = ["original", "replacement", "resent_by"]
    search_fields = ["original__to_email"]


class SocialAppAdmin(ReadOnlyAdmin):
    """allauth's own admin would let a secret or issuer in without the console's checks."""

    list_display = ["name", "provider", "provider_id", "client_id"]
    search_fields = ["name", "provider_id"]
    exclude = ["secret", "key"]


@admin.register(TwoFactorMethod)
class TwoFactorMethodAdmin(admin.ModelAdmin):
    """Which second factors people have, in the portal's words; a coordinator may remove one
    (a lost phone), never add or change one for someone else."""

    list_display = ["person", "kind", "created", "last_used"]
    list_filter = ["type"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("person"), ordering="user__email")
    def person(self, obj):
        return obj.user

    @admin.display(description=_("kind"), ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
if admin.site.is_registered(SocialApp):
    admin.site.unregister(SocialApp)
admin.site.register(SocialApp, SocialAppAdmin)


# The meetings: shown, never edited here (the meeting services send calendar updates and
# keep minutes versioned). Skipped when the meetings' own app registers them.
MEETING_ADMIN: dict[type[Model], dict[str, Any]] = {
    meetings_data.Meeting: {
        "list_display": ["title", "body", "starts_at", "status", "visibility"],
        "list_filter": ["status", "visibility"],
        "search_fields": ["title", "body__name_fi"],
        "list_select_related": ["body"],
        "date_hierarchy": "starts_at",
    },
    meetings_data.AgendaItem: {
        "list_display": ["__str__", "meeting", "preparer"],
        "search_fields": ["title", "meeting__title"],
        "list_select_related": ["meeting", "preparer"],
    },
    meetings_data.Participant: {
        "list_display": ["user", "meeting", "kind", "answer", "answered_at"],
        "list_filter": ["kind", "answer"],
        "search_fields": ["user__email", "user__last_name", "meeting__title"],
        "list_select_related": ["user", "meeting"],
        "exclude": ["link_nonce"],
    },
    meetings_data.Minutes: {
        "list_display": ["meeting", "status", "version", "approved_at"],
        "list_filter": ["status"],
        "search_fields": ["meeting__title"],
        "list_select_related": ["meeting"],
    },
    meetings_data.MinutesItem: {
        "list_display": ["__str__", "minutes", "confidential"],
        "list_filter": ["confidential"],
        "search_fields": ["title", "decision"],
        "list_select_related": ["minutes__meeting"],
    },
    meetings_data.MinutesVersion: {
        "list_display": ["minutes", "version", "status", "created_at"],
        "list_filter": ["status"],
        "search_fields": ["minutes__meeting__title"],
        "list_select_related": ["minutes__meeting"],
    },
    meetings_data.Decision: {
        "list_display": ["__str__", "body", "decided_on"],
        "list_filter": ["body"],
        "search_fields": ["title", "text"],
        "list_select_related": ["body"],
    },
    meetings_data.ActionItem: {
        "list_display": ["title", "body", "owner_organisation", "due_date", "status"],
        "list_filter": ["status", "owner_organisation"],
        "search_fields": ["title"],
        "list_select_related": ["body", "owner_organisation"],
    },
    meetings_data.CalendarFeedToken: {
        "list_display": ["user", "created_at"],
        "search_fields": ["user__email"],
        "list_select_related": ["user"],
        "exclude": ["token"],
    },
}
for _model, _options in MEETING_ADMIN.items():
    if not admin.site.is_registered(_model):
        admin.site.register(
            _model, type(f"{_model.__name__}Admin", (ReadOnlyAdmin,), dict(_options))
        )
