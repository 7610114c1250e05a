"""Pages of the collaboration structure: figure 1, a body with its seats, roles and
preparers, a party's representation, the gaps list, open networks and the agreement's life."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organisations.models import Organisation, User
from portal.forms import show_service_errors
from portal.lib import files
from portal.pagecache import cached_page
from portal.params import slug_param
from portal.permissions import get_visible_or_404, has_perm, is_coordinator, require

from . import seats as seat_reads
from . import services
from .forms import (
    EndForm,
    NetworkForm,
    NetworkMemberForm,
    PartyApprovalForm,
    PreparerForm,
    RoleForm,
    SeatForm,
    TerminationForm,
)
from .models import AgreementPeriod, Body, Membership, RoleAssignment, preparers_of


def _bodies(user):
    return Body.objects.visible_to(user).select_related("convener_organisation", "period")


@cached_page
def structure(request):
    """Figure 1: the four tiers, their bodies and who convenes them. Public."""
    period = AgreementPeriod.objects.in_force()
    if request.GET.get("period"):
        # Not a slug (a NUL byte fails in PostgreSQL's lookup): no such period.
        period = get_object_or_404(AgreementPeriod, slug=slug_param(request.GET, "period") or "")
    bodies = list(_bodies(request.user).in_period(period).active()) if period else []
    tiers = [
        {"tier": tier, "label": label, "bodies": [b for b in bodies if b.tier == tier]}
        for tier, label in Body.Tier.choices
    ]
    chairs = (
        {
            r.body_id: r.person
            for r in RoleAssignment.objects.current()
            .filter(role=RoleAssignment.Role.CHAIR, body__in=[b.pk for b in bodies])
            .select_related("person")
        }
        if request.user.is_authenticated
        else {}
    )
    for body in bodies:
        body.chair = chairs.get(body.pk)
    return render(
        request,
        "forums/structure.html",
        {
            "period": period,
            "periods": AgreementPeriod.objects.all(),
            "tiers": tiers,
            "can_create_network": has_perm(request.user, "forums.create_network"),
            "can_view_gaps": has_perm(request.user, "forums.view_gaps"),
        },
    )


def _other_organisations(user, body, seated: set[int]) -> list[Organisation]:
    """Non-party organisations (NGOs, parishes, the TE office) the user may name to a body
    that admits them and where they have no seat yet."""
    if body.is_open or not body.admits_other_organisations:
        return []
    if is_coordinator(user):
        return list(Organisation.objects.filter(is_party=False).exclude(pk__in=seated))
    organisation = user.organisation
    if (
        organisation is not None
        and not organisation.is_party
        and organisation.pk not in seated
        and user.role == "org_admin"
    ):
        return [organisation]
    return []


@cached_page
def body_detail(request, slug):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    user = request.user
    can_view_members = has_perm(user, "forums.view_members", body)
    today = timezone.localdate()
    seats, history, roles_history, my_membership, others = [], [], [], None, []
    roles = body.current_roles(today) if can_view_members else {}
    if can_view_members:
        seats = seat_reads.seats_for([body])[body.pk]
        for seat in seats:
            seat.can_manage = is_coordinator(user) or (
                seat.organisation.pk == user.organisation_id
                and has_perm(
                    user,
                    "forums.manage_seats",
                    Membership(body=body, organisation=seat.organisation),
                )
            )
        history = list(
            body.memberships.exclude(valid_from__lte=today, valid_to__isnull=True)
            .exclude(valid_from__lte=today, valid_to__gte=today)
            .select_related("person", "deputy", "organisation")
            .order_by("-valid_from")
        )
        roles_history = list(
            body.role_assignments.exclude(pk__in=[r.pk for r in roles.values()])
            .select_related("person")
            .order_by("-valid_from")
        )
        my_membership = body.memberships.current(today).filter(person=user).first()
        others = _other_organisations(user, body, {seat.organisation.pk for seat in seats})
    preparers = preparers_of([body])[body.pk] if user.is_authenticated else []
    can_manage_preparers = has_perm(user, "forums.manage_preparers", body)
    preparer_form = None
    if can_manage_preparers and body.is_active(today):
        preparer_form = PreparerForm(
            candidates=services.preparer_candidates(body),
            exclude_ids={p.pk for p in preparers},
        )
    return render(
        request,
        "forums/body_detail.html",
        {
            "body": body,
            "can_view_members": can_view_members,
            "seats": seats,
            "roles": [
                roles.get(value) or {"role_label": label, "missing": True}
                for value, label in RoleAssignment.Role.choices
            ],
            "history": history,
            "roles_history": roles_history,
            "my_membership": my_membership,
            "other_organisations": others,
            "can_join": my_membership is None and has_perm(user, "forums.join_body", body),
            "can_manage_roles": has_perm(user, "forums.manage_roles", body),
            "can_convene": has_perm(user, "forums.convene_body", body),
            "convener_is_chair": body.convener_is_chair(today),
            "chair": roles.get(RoleAssignment.Role.CHAIR),
            "preparers": preparers,
            "can_manage_preparers": can_manage_preparers,
            "preparer_form": preparer_form,
            "network_member_form": _network_member_form(user, body, today),
        },
    )


def _network_member_form(user, body: Body, today) -> NetworkMemberForm | None:
    if not (body.is_active(today) and has_perm(user, "forums.add_network_member", body)):
        return None
    return NetworkMemberForm(candidates=services.network_candidates(body))


@login_required
@require_http_methods(["GET", "POST"])
def seat_add(request, slug, organisation_slug):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=organisation_slug)
    require(request.user, "forums.manage_seats", Membership(body=body, organisation=organisation))
    form = SeatForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.nominate_representative(
                actor=request.user, body=body, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The representative was named."))
            return redirect(body)
    return render(
        request, "forums/seat_add.html", {"body": body, "organisation": organisation, "form": form}
    )


def _membership(request, slug, pk):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    membership = get_object_or_404(
        body.memberships.select_related("organisation", "person", "deputy"), pk=pk
    )
    return body, membership


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request, slug, pk):
    body, membership = _membership(request, slug, pk)
    require(request.user, "forums.manage_seats", membership)
    form = SeatForm(
        request.POST or None,
        organisation=membership.organisation,
        fixed_person=membership.person,
        initial={
            "deputy": membership.deputy,
            "valid_from": membership.valid_from,
            "valid_to": membership.valid_to,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_membership(
                actor=request.user,
                membership=membership,
                deputy=data["deputy"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        except ValidationError as exc:
            membership.refresh_from_db()
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The seat was saved."))
            return redirect(body)
    return render(
        request,
        "forums/seat_edit.html",
        {"body": body, "membership": membership, "form": form, "end_form": EndForm()},
    )


@login_required
@require_POST
def seat_end(request, slug, pk):
    body, membership = _membership(request, slug, pk)
    perm = "forums.leave_body" if body.is_open else "forums.manage_seats"
    require(request.user, perm, membership)
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the last day as a date."))
        services.end_membership(
            actor=request.user, membership=membership, valid_to=form.cleaned_data["valid_to"]
        )
    except ValidationError as exc:
        membership.refresh_from_db()
        messages.error(request, " ".join(exc.messages))
        return redirect("forums:seat_edit", slug=body.slug, pk=membership.pk)
    messages.success(request, _("The seat was ended. It stays in the history."))
    return redirect(body)


@login_required
@require_POST
def body_join(request, slug):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    require(request.user, "forums.join_body", body)
    try:
        services.join_network(actor=request.user, body=body)
        messages.success(request, _("You joined %(body)s.") % {"body": body.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(body)


@login_required
@require_POST
def body_leave(request, slug):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    membership = get_object_or_404(
        body.memberships.current().filter(person=request.user).select_related("body")
    )
    require(request.user, "forums.leave_body", membership)
    services.leave_network(actor=request.user, membership=membership)
    messages.success(request, _("You left %(body)s.") % {"body": body.name})
    return redirect(body)


def _add_person(request, slug, *, rule, form_class, candidates, add, success, anchor):
    """Name a person picked from a list to a body (a preparer, a network member): the rule
    decides, the service validates, the page says what happened."""
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    require(request.user, rule, body)
    form = form_class(request.POST, candidates=candidates(body))
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a person from the list."))
        person = form.cleaned_data["person"]
        add(actor=request.user, body=body, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success % {"name": person.display_name})
    return redirect(f"{body.get_absolute_url()}#{anchor}")


@login_required
@require_POST
def preparer_add(request, slug):
    return _add_person(
        request,
        slug,
        rule="forums.manage_preparers",
        form_class=PreparerForm,
        candidates=services.preparer_candidates,
        add=services.name_preparer,
        success=_("%(name)s was named a preparer."),
        anchor="preparers-heading",
    )


@login_required
@require_POST
def network_member_add(request, slug):
    return _add_person(
        request,
        slug,
        rule="forums.add_network_member",
        form_class=NetworkMemberForm,
        candidates=services.network_candidates,
        add=services.add_network_member,
        success=_("%(name)s was added to the network and told by mail."),
        anchor="members-heading",
    )


@login_required
@require_POST
def preparer_remove(request, slug, user_id):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    require(request.user, "forums.manage_preparers", body)
    person = get_object_or_404(User, pk=user_id)
    try:
        services.remove_preparer(actor=request.user, body=body, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s is no longer a preparer.") % {"name": person.display_name}
        )
    return redirect(f"{body.get_absolute_url()}#preparers-heading")


@login_required
@require_http_methods(["GET", "POST"])
def role_add(request, slug):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    require(request.user, "forums.manage_roles", body)
    form = RoleForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.elect_role(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The election was recorded."))
            return redirect(body)
    return render(request, "forums/role_add.html", {"body": body, "form": form})


@login_required
@require_POST
def role_end(request, slug, pk):
    body = get_visible_or_404(_bodies(request.user), request.user, slug=slug)
    assignment = get_object_or_404(body.role_assignments.select_related("person"), pk=pk)
    require(request.user, "forums.manage_roles", body)
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the last day as a date."))
        services.end_role(
            actor=request.user, assignment=assignment, valid_to=form.cleaned_data["valid_to"]
        )
        messages.success(request, _("The term was ended."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(body)


@login_required
def my_bodies(request):
    user = request.user
    today = timezone.localdate()
    memberships = list(
        Membership.objects.current(today)
        .for_person(user)
        .select_related("body", "person", "deputy", "organisation")
        .order_by("body__tier")
    )
    roles = defaultdict(list)
    for r in RoleAssignment.objects.current(today).filter(person=user).select_related("body"):
        roles[r.body_id].append(r)
    rows = [
        {
            "body": m.body,
            "membership": m,
            "as_deputy": m.deputy_id == user.pk,
            "roles": roles.pop(m.body_id, []),
        }
        for m in memberships
    ]
    rows += [{"body": rs[0].body, "membership": None, "roles": rs} for rs in roles.values()]
    return render(request, "forums/my_bodies.html", {"rows": rows})


@login_required
def party_seats(request, organisation_slug):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=organisation_slug)
    require(request.user, "forums.view_party_seats", organisation)
    period = AgreementPeriod.objects.in_force()
    bodies = list(_bodies(request.user).in_period(period).active()) if period else []
    by_body = seat_reads.seats_for(bodies, organisation=organisation)
    can_manage = is_coordinator(request.user) or (
        organisation.pk == request.user.organisation_id and request.user.role == "org_admin"
    )
    rows = [{"body": b, "seat": by_body[b.pk][0]} for b in bodies if by_body[b.pk]]
    return render(
        request,
        "forums/party_seats.html",
        {
            "organisation": organisation,
            "period": period,
            "rows": rows,
            "empty_count": sum(r["seat"].empty for r in rows),
            "can_manage": can_manage,
        },
    )


@login_required
@cached_page
def gaps(request):
    require(request.user, "forums.view_gaps")
    period = AgreementPeriod.objects.in_force()
    bodies = (
        list(Body.objects.select_related("convener_organisation").in_period(period).active())
        if period
        else []
    )
    seat_gaps = seat_reads.seat_gaps(bodies)
    without_roles = list(Body.objects.in_period(period).active().without_roles()) if period else []
    from workgroups.models import Workgroup

    no_plan = (
        list(
            Workgroup.objects.without_current_plan()
            .filter(body__period=period)
            .select_related("body")
        )
        if period
        else []
    )
    return render(
        request,
        "forums/gaps.html",
        {
            "period": period,
            "seat_gaps": seat_gaps,
            "empty_count": sum(gap.count for gap in seat_gaps),
            "without_roles": without_roles,
            "no_plan": no_plan,
            "gap_count": sum(gap.count for gap in seat_gaps) + len(without_roles) + len(no_plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_create(request):
    require(request.user, "forums.create_network")
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.create_network(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The network was founded and you are its first member."))
            return redirect(body)
    return render(request, "forums/network_create.html", {"form": form})


def agreement(request):
    """The agreement's life: versions, each party's approval and signature, notices."""
    periods = list(AgreementPeriod.objects.prefetch_related("party_rows__organisation"))
    in_force = AgreementPeriod.objects.in_force()
    return render(
        request,
        "forums/agreement.html",
        {
            "periods": periods,
            "in_force": in_force,
            "can_manage": has_perm(request.user, "forums.manage_agreement"),
        },
    )


@require_http_methods(["GET", "HEAD"])
def agreement_document(request, period_slug):
    """The signed agreement's document, to whoever sees the agreement page."""
    period = get_visible_or_404(
        AgreementPeriod.objects.exclude(document=""), request.user, slug=period_slug
    )
    return files.serve(period.document, filename=period.document_name)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_party_edit(request, period_slug, organisation_slug):
    period = get_visible_or_404(AgreementPeriod.objects, request.user, slug=period_slug)
    require(request.user, "forums.manage_agreement", period)
    party = get_object_or_404(
        period.party_rows.select_related("organisation"), organisation__slug=organisation_slug
    )
    form = PartyApprovalForm(request.POST or None, instance=party)
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in form.fields}
        party.refresh_from_db()
        try:
            services.record_party_approval(actor=request.user, party=party, **data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The approval and signature were saved."))
            return redirect("forums:agreement")
    if request.method == "POST":
        party.refresh_from_db()
    return render(
        request,
        "forums/agreement_party_edit.html",
        {"period": period, "party": party, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def termination_create(request, period_slug):
    period = get_visible_or_404(AgreementPeriod.objects, request.user, slug=period_slug)
    require(request.user, "forums.manage_agreement", period)
    form = TerminationForm(request.POST or None)
    # Every organisation is offered: a non-party or a repeated notice gets its own message.
    organisation_field = cast(forms.ModelChoiceField, form.fields["organisation"])
    organisation_field.queryset = Organisation.objects.order_by("-is_party", "name")
    if request.method == "POST" and form.is_valid():
        try:
            party = services.record_termination(
                actor=request.user, period=period, **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The notice was recorded. It takes effect on %(date)s; every party's contact "
                    "people were notified."
                )
                % {"date": party.termination_effective_on},
            )
            return redirect("forums:agreement")
    return render(request, "forums/termination_create.html", {"period": period, "form": form})
