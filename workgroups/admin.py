"""The Django admin's view of the workgroups for coordinators."""

from django.contrib import admin

from .models import CounterpartPair, Workgroup, WorkgroupDocument, WorkgroupProposal


class DocumentInline(admin.TabularInline):
    model = WorkgroupDocument
    extra = 0
    fields = ["kind", "version", "title", "valid_from", "valid_to", "file"]


@admin.register(Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ["body", "term", "arranging_organisation"]
    list_select_related = ["body", "term", "arranging_organisation"]
    list_filter = ["term"]
    search_fields = ["body__name_fi", "body__name_en"]
    inlines = [DocumentInline]


@admin.register(WorkgroupDocument)
class WorkgroupDocumentAdmin(admin.ModelAdmin):
    list_display = ["workgroup", "kind", "version", "title", "valid_from", "valid_to"]
    list_filter = ["kind"]
    list_select_related = ["workgroup__body"]
    search_fields = ["title", "workgroup__body__name_fi"]
    raw_id_fields = ["created_by"]


@admin.register(WorkgroupProposal)
class WorkgroupProposalAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "status", "created_at", "decided_on"]
    list_filter = ["status", "organisation"]
    search_fields = ["name_fi", "name_en", "focus"]
    readonly_fields = ["status", "decided_by", "decided_on", "workgroup"]
    raw_id_fields = ["proposed_by"]


@admin.register(CounterpartPair)
class CounterpartPairAdmin(admin.ModelAdmin):
    list_display = [
        "service_interface",
        "municipality",
        "municipality_person",
        "municipality_hours",
        "county_person",
        "county_hours",
        "valid_from",
    ]
    list_filter = ["municipality"]
    search_fields = ["service_interface", "municipality_person__email", "county_person__email"]
    raw_id_fields = ["municipality_person", "county_person", "created_by"]
