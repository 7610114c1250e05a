"""The Django admin of organisations, people and portal invitations (a coordinator's fallback;
day-to-day work happens in the console)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "business_id", "municipality_code", "is_party"]
    list_filter = ["is_party", "kind"]
    search_fields = ["name", "short_name", "business_id"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "job_title", "phone", "language")}),
        (_("Organisation"), {"fields": ("organisation", "role", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "organisation", "role")}),)
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "organisation"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__last_name"]
    exclude = ["token_hash"]
