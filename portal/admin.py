"""The Django admin of the portal's own rows. The audit trail is read-only for everyone,
coordinators included: no entry is added, changed or deleted here. (The admin site itself is
for active coordinators only: ``User.save`` keeps ``is_staff`` equal to the coordinator role.)"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, OutboundEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["when", "actor", "action_in_words", "target_repr", "organisation"]
    list_filter = ["action", "organisation", "target_type"]
    list_select_related = ["actor", "organisation"]
    search_fields = ["target_repr", "action", "actor__email", "actor__last_name"]
    date_hierarchy = "created_at"

    @admin.display(description=_("when"), ordering="created_at")
    def when(self, obj):
        return obj.created_at

    @admin.display(description=_("what"), ordering="action")
    def action_in_words(self, obj):
        from console.actions import phrase

        return phrase(obj.action)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "to_email", "subject", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject"]
    date_hierarchy = "created_at"
    # Bodies may hold one-use links (invitations, password resets): never shown.
    exclude = ["body_text", "body_html", "calendar_ics"]
