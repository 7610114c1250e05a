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
    inlines = [DocumentInline]


@admin.register(WorkgroupProposal)
class WorkgroupProposalAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "status", "created_at", "decided_on"]
    list_filter = ["status"]
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
    raw_id_fields = ["municipality_person", "county_person", "created_by"]
