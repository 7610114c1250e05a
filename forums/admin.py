"""The Django admin is for coordinators (User.save keeps is_staff = coordinator). Everyday
seats and roles go through the portal's pages and services; the admin edits bodies and adds
new agreement versions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AgreementParty,
    AgreementPeriod,
    AgreementReminder,
    Body,
    BodyGroupObjectPermission,
    BodyUserObjectPermission,
    CouncilTerm,
    Membership,
    RoleAssignment,
)


class AgreementPartyInline(admin.TabularInline):
    """Add the parties of a new version here; approvals, signatures and notices are recorded
    on the portal's agreement page so that "in force" is recomputed and mail is sent."""

    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "approved_on",
        "approved_by",
        "signed_on",
        "signed_by",
        "termination_received_on",
        "termination_effective_on",
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seats and roles change only through the services (overlap checks, audit rows)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgreementPeriod)
class AgreementPeriodAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "dated_on", "in_force_from", "ended_on", "review_by"]
    search_fields = ["name_fi", "name_en", "slug"]
    readonly_fields = ["in_force_from", "ended_on"]
    prepopulated_fields = {"slug": ["name_fi"]}
    inlines = [AgreementPartyInline]


@admin.register(CouncilTerm)
class CouncilTermAdmin(admin.ModelAdmin):
    list_display = ["kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["starts_on", "ends_on"]


class PreparerInline(admin.TabularInline):
    """The body's named preparers (guardian object grants), shown; named and removed on the
    body's page, where the audit row is written."""

    model = BodyUserObjectPermission
    extra = 0
    can_delete = False
    fields = ["user", "permission"]
    readonly_fields = ["user", "permission"]
    verbose_name = _("named preparer")
    verbose_name_plural = _("named preparers (object permissions)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = [
        "name_fi",
        "tier",
        "kind",
        "convener_rule",
        "admission",
        "visibility",
        "statutory",
        "period",
    ]
    list_filter = ["tier", "kind", "visibility", "period"]
    search_fields = ["name_fi", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fi"]}
    raw_id_fields = ["created_by"]
    inlines = [PreparerInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "organisation", "body", "deputy", "valid_from", "valid_to"]
    list_filter = ["body", "organisation"]
    list_select_related = ["person", "organisation", "body", "deputy"]
    raw_id_fields = ["person", "deputy", "created_by", "ended_by"]
    search_fields = ["person__email", "person__last_name", "body__name_fi", "organisation__name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["body", "role", "person", "elected_on", "valid_from", "valid_to"]
    list_filter = ["role", "body"]
    list_select_related = ["person", "body"]
    raw_id_fields = ["person", "created_by"]
    search_fields = ["person__email", "person__last_name", "body__name_fi"]


@admin.register(AgreementParty)
class AgreementPartyAdmin(ReadOnlyAdmin):
    """Approvals, signatures and notices are recorded on the portal's agreement page."""

    list_display = [
        "organisation",
        "period",
        "approved_on",
        "signed_on",
        "termination_received_on",
        "termination_effective_on",
    ]
    list_filter = ["period"]
    list_select_related = ["organisation", "period"]
    search_fields = ["organisation__name"]


@admin.register(AgreementReminder)
class AgreementReminderAdmin(ReadOnlyAdmin):
    list_display = ["period", "key", "sent_at"]
    list_filter = ["period"]
    search_fields = ["key"]


@admin.register(BodyUserObjectPermission)
class BodyUserObjectPermissionAdmin(ReadOnlyAdmin):
    """Per-body grants (preparers), written only by the preparer services."""

    list_display = ["content_object", "user", "permission"]
    list_filter = ["permission"]
    list_select_related = ["content_object", "user", "permission"]
    search_fields = ["user__email", "user__last_name", "content_object__name_fi"]


@admin.register(BodyGroupObjectPermission)
class BodyGroupObjectPermissionAdmin(ReadOnlyAdmin):
    list_display = ["content_object", "group", "permission"]
    list_select_related = ["content_object", "group", "permission"]
    search_fields = ["group__name", "content_object__name_fi"]
