"""The Django admin's view of the metrics for coordinators: the catalogue of Liite 2 and
the values (which change through the portal's pages and services)."""

from django.contrib import admin

from .models import (
    Goal,
    Metric,
    ReminderLog,
    Spearhead,
    Target,
    Value,
    ValueEvent,
    YearLock,
    YearReopening,
)


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Spearhead)
class SpearheadAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "code", "order", "period"]
    list_filter = ["period"]
    search_fields = ["name_fi", "name_en", "code"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "spearhead", "order"]
    list_filter = ["spearhead"]
    list_select_related = ["spearhead"]
    search_fields = ["text_fi", "text_en"]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "code", "kind", "scope", "periodicity", "base_year", "target_year"]
    list_filter = ["spearhead", "kind", "scope", "periodicity"]
    search_fields = ["code", "name_fi", "name_en", "text_fi"]
    list_select_related = ["spearhead"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["metric", "organisation", "target_value", "target_year"]
    list_select_related = ["metric", "organisation"]
    list_filter = ["metric"]
    search_fields = ["metric__code", "organisation__name"]


class ValueEventInline(admin.TabularInline):
    model = ValueEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "changes", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    """Read-only here: values change through the pages, which keep their history."""

    list_display = [
        "metric",
        "organisation",
        "body",
        "year",
        "number",
        "yes_no",
        "rating",
        "status",
    ]
    list_filter = ["status", "year", "metric"]
    list_select_related = ["metric", "organisation", "body"]
    search_fields = ["metric__code", "organisation__name", "body__name_fi"]
    inlines = [ValueEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(YearLock)
class YearLockAdmin(admin.ModelAdmin):
    list_display = ["year", "locked_at", "locked_by"]
    search_fields = ["year"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(YearReopening)
class YearReopeningAdmin(admin.ModelAdmin):
    list_display = ["year", "organisation", "opened_at", "opened_by", "closed_at"]
    list_select_related = ["organisation", "opened_by"]
    list_filter = ["year"]
    search_fields = ["organisation__name"]

    def has_change_permission(self, request, obj=None):
        return False


class HistoryAdmin(admin.ModelAdmin):
    """History rows: written by the services, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ValueEvent)
class ValueEventAdmin(HistoryAdmin):
    list_display = ["value", "action", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["value__metric", "value__organisation", "actor"]
    search_fields = ["value__metric__code", "actor__email", "comment"]


@admin.register(ReminderLog)
class ReminderLogAdmin(HistoryAdmin):
    list_display = ["year", "organisation", "sent_at", "missing"]
    list_filter = ["year"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
