"""Pages of the tier-3 workgroups: a workgroup with its action plan and rules,
proposals for new workgroups, counterpart pairs."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organisations.models import Organisation
from portal.forms import show_service_errors
from portal.lib import files
from portal.permissions import get_visible_or_404, has_perm, is_coordinator, require

from . import services
from .forms import (
    DecisionForm,
    DocumentForm,
    PairCreateForm,
    PairHalfForm,
    ProposalForm,
    WorkgroupForm,
    pair_initial,
)
from .models import CounterpartPair, Workgroup, WorkgroupDocument, WorkgroupProposal


def _workgroup(request, slug) -> Workgroup:
    return get_visible_or_404(
        Workgroup.objects.select_related("body", "term", "arranging_organisation"),
        request.user,
        body__slug=slug,
    )


def workgroup_list(request):
    """The tier-3 workgroups with the action plan and rules in force, and the ways to the
    proposals for new workgroups and the counterpart pairs. A constant number of queries."""
    workgroups = list(
        Workgroup.objects.visible_to(request.user)
        .select_related("body", "arranging_organisation", "term")
        .order_by("body__order", "body__name_fi")
    )
    current: dict[str, dict[str, WorkgroupDocument]] = {}
    documents = WorkgroupDocument.objects.current().filter(workgroup__in=workgroups)
    for document in documents.order_by("version"):
        current.setdefault(document.workgroup_id, {})[document.kind] = document
    rows = [
        {
            "workgroup": w,
            "plan": current.get(w.pk, {}).get(WorkgroupDocument.Kind.ACTION_PLAN),
            "rules": current.get(w.pk, {}).get(WorkgroupDocument.Kind.RULES),
            "active": w.body.is_active(),
        }
        for w in workgroups
    ]
    return render(
        request,
        "workgroups/workgroup_list.html",
        {"rows": rows, "logged_in": request.user.is_authenticated},
    )


def workgroup_detail(request, slug):
    workgroup = _workgroup(request, slug)
    documents = list(workgroup.documents.select_related("created_by"))
    current = {
        d.kind: d
        for d in WorkgroupDocument.objects.current().filter(workgroup=workgroup).order_by("version")
    }
    pairs = []
    if request.user.is_authenticated:
        pairs = list(
            workgroup.counterpart_pairs.current().select_related(
                "municipality", "county", "municipality_person", "county_person"
            )
        )
    return render(
        request,
        "workgroups/workgroup_detail.html",
        {
            "workgroup": workgroup,
            "body": workgroup.body,
            "plan": current.get(WorkgroupDocument.Kind.ACTION_PLAN),
            "rules": current.get(WorkgroupDocument.Kind.RULES),
            "plans": [d for d in documents if d.kind == WorkgroupDocument.Kind.ACTION_PLAN],
            "rule_versions": [d for d in documents if d.kind == WorkgroupDocument.Kind.RULES],
            "pairs": pairs,
            "can_manage": has_perm(request.user, "workgroups.manage_workgroup", workgroup),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workgroup_edit(request, slug):
    workgroup = _workgroup(request, slug)
    require(request.user, "workgroups.manage_workgroup", workgroup)
    form = WorkgroupForm(request.POST or None, instance=workgroup)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        workgroup.refresh_from_db()
        services.update_workgroup(actor=request.user, workgroup=workgroup, data=data)
        messages.success(request, _("The workgroup's details were saved."))
        return redirect(workgroup)
    if request.method == "POST":
        workgroup.refresh_from_db()
    return render(request, "workgroups/workgroup_edit.html", {"workgroup": workgroup, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request, slug, kind):
    workgroup = _workgroup(request, slug)
    if kind not in WorkgroupDocument.Kind.values:
        raise Http404
    require(request.user, "workgroups.manage_workgroup", workgroup)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                actor=request.user, workgroup=workgroup, kind=kind, **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The new version was saved."))
            return redirect(workgroup)
    return render(
        request,
        "workgroups/document_create.html",
        {
            "workgroup": workgroup,
            "form": form,
            "kind": kind,
            "kind_label": WorkgroupDocument.Kind(kind).label,
        },
    )


@require_http_methods(["GET", "HEAD"])
def document_file(request, slug, pk):
    """A document's file, to whoever may see the workgroup (its page shows the document)."""
    workgroup = _workgroup(request, slug)
    document = get_object_or_404(workgroup.documents.exclude(file=""), pk=pk)
    return files.serve(document.file, filename=document.file_name)


@login_required
def proposal_list(request):
    proposals = WorkgroupProposal.objects.visible_to(request.user).select_related(
        "organisation", "proposed_by", "workgroup__body"
    )
    return render(
        request,
        "workgroups/proposal_list.html",
        {
            "proposals": proposals,
            "can_propose": has_perm(request.user, "workgroups.propose"),
            "can_decide": is_coordinator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    require(request.user, "workgroups.propose")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_workgroup(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The proposal was sent to the coordinators."))
            return redirect("workgroups:proposal_list")
    return render(request, "workgroups/proposal_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request, pk):
    proposal = get_visible_or_404(
        WorkgroupProposal.objects.select_related("organisation", "proposed_by"), request.user, pk=pk
    )
    can_decide = has_perm(request.user, "workgroups.decide_proposal", proposal)
    if request.method == "POST":
        require(request.user, "workgroups.decide_proposal", proposal)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_proposal(
                actor=request.user,
                proposal=proposal,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("workgroups:proposal_list")
    return render(
        request,
        "workgroups/proposal_decide.html",
        {"proposal": proposal, "form": form, "can_decide": can_decide},
    )


@login_required
def pair_list(request):
    require(request.user, "workgroups.view_pairs")
    pairs = (
        CounterpartPair.objects.visible_to(request.user)
        .current()
        .select_related(
            "municipality", "county", "municipality_person", "county_person", "workgroup__body"
        )
    )
    organisation = request.user.organisation
    return render(
        request,
        "workgroups/pair_list.html",
        {
            "pairs": pairs,
            "can_create": has_perm(request.user, "workgroups.create_pair", organisation),
            "my_org_id": request.user.organisation_id,
            "is_coordinator": is_coordinator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pair_create(request):
    require(request.user, "workgroups.create_pair", request.user.organisation)
    form = PairCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        county = Organisation.objects.filter(
            kind=Organisation.Kind.WELLBEING_COUNTY, is_party=True
        ).first()
        try:
            # seed_agreement always creates the wellbeing services county.
            services.create_pair(
                actor=request.user, county=cast(Organisation, county), **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The counterpart pair was added."))
            return redirect("workgroups:pair_list")
    return render(request, "workgroups/pair_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def pair_edit(request, pk):
    pair = get_visible_or_404(
        CounterpartPair.objects.select_related("municipality", "county"), request.user, pk=pk
    )
    side = (
        request.GET.get("side")
        or request.POST.get("side")
        or pair.side_of(request.user.organisation_id)
        or "municipality"
    )
    if side not in ("municipality", "county"):
        raise Http404
    require(request.user, f"workgroups.change_{side}_half", pair)
    organisation = getattr(pair, side)
    form = PairHalfForm(
        request.POST or None, organisation=organisation, initial=pair_initial(pair, side)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pair_half(actor=request.user, pair=pair, side=side, **form.cleaned_data)
        except ValidationError as exc:
            pair.refresh_from_db()
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Your half of the pair was saved."))
            return redirect("workgroups:pair_list")
    return render(
        request,
        "workgroups/pair_edit.html",
        {"pair": pair, "form": form, "side": side, "organisation": organisation},
    )
