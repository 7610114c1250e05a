"""The Django admin is for coordinators (User.save keeps is_staff = coordinator). Everyday
seats and roles go through the portal's pages and services; the admin edits bodies and adds
new agreement versions."""

from django.contrib import admin

from .models import AgreementParty, AgreementPeriod, Body, CouncilTerm, Membership, RoleAssignment


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
    readonly_fields = ["in_force_from", "ended_on"]
    prepopulated_fields = {"slug": ["name_fi"]}
    inlines = [AgreementPartyInline]


@admin.register(CouncilTerm)
class CouncilTermAdmin(admin.ModelAdmin):
    list_display = ["kind", "starts_on", "ends_on"]
    list_filter = ["kind"]


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


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "organisation", "body", "deputy", "valid_from", "valid_to"]
    list_filter = ["body", "organisation"]
    list_select_related = ["person", "organisation", "body", "deputy"]
    raw_id_fields = ["person", "deputy", "created_by", "ended_by"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["body", "role", "person", "elected_on", "valid_from", "valid_to"]
    list_filter = ["role", "body"]
    list_select_related = ["person", "body"]
    raw_id_fields = ["person", "created_by"]
