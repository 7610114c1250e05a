"""The Django admin's view of meetings, for coordinators: to look things up. Meetings,
answers, minutes and the register change only through the portal's pages and services
(invitations, SEQUENCE, locks and audit rows depend on it), so everything here is read-only."""

from django.contrib import admin

from forums.admin import ReadOnlyAdmin

from .models import (
    ActionItem,
    AgendaItem,
    CalendarFeedToken,
    Decision,
    Meeting,
    Minutes,
    MinutesItem,
    Participant,
    RhythmAlert,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = readonly_fields = ("number", "title", "preparer", "proposed_decision", "attachment")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = readonly_fields = (
        "user",
        "kind",
        "organisation",
        "stands_in",
        "answer",
        "answered_at",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "body", "starts_at", "status", "visibility", "convener", "sequence"]
    list_filter = ["status", "visibility", "body"]
    list_select_related = ["body", "convener"]
    search_fields = ["title", "place", "uid"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, ParticipantInline]


class MinutesItemInline(admin.TabularInline):
    model = MinutesItem
    extra = 0
    fields = readonly_fields = (
        "number",
        "title",
        "decision",
        "confidential",
        "election_role",
        "elected",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "status", "version", "approved_by", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["meeting", "approved_by"]
    inlines = [MinutesItemInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_on", "number", "title", "body", "confidential"]
    list_filter = ["body", "confidential"]
    list_select_related = ["body"]
    search_fields = ["title", "text"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "body", "owner_organisation", "due_date", "status"]
    list_filter = ["status", "body", "owner_organisation"]
    list_select_related = ["body", "owner_organisation"]
    search_fields = ["title"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(ReadOnlyAdmin):
    """Whose private feed exists and since when; the secret itself is not shown."""

    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    search_fields = ["user__email"]


@admin.register(RhythmAlert)
class RhythmAlertAdmin(ReadOnlyAdmin):
    list_display = ["body", "month", "created_at"]
    list_filter = ["month"]
