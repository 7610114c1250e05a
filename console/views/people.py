"""People in the console: the list, one person's page and what can be done to them (invite,
resend, deactivate, reactivate, change the role, move), and inviting many from a file."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from indicators.importers import FileError
from organisations.models import Invitation, User
from organisations.services import invite_person, resend_invitation
from portal.permissions import has_perm, require

from .. import bulk, queries, services
from ..forms import BulkInviteForm, ConsoleInvitationForm, MoveForm, PeopleFilterForm, RoleForm
from ..models import AuditEntry
from .common import error_text, page_of


@login_required
def people(request):
    require(request.user, "console.use_console")
    form = PeopleFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page, query = page_of(request, queries.people(request.user, filters))
    return render(
        request,
        "console/people.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_bulk": has_perm(request.user, "console.bulk_invite"),
        },
    )


def _person(request, pk) -> User:
    """One person the reader manages (404 otherwise), with the list's status annotations."""
    require(request.user, "console.use_console")
    person = queries.people(request.user, {}).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


@login_required
def person_detail(request, pk):
    person = _person(request, pk)
    user = request.user
    invitation = Invitation.objects.filter(user=person).pending().first()
    entries = (
        AuditEntry.objects.visible_to(user)
        .filter(target_type__model="user", target_type__app_label="organisations")
        .filter(target_id=str(person.pk))
        .select_related("actor")[:10]
    )
    return render(
        request,
        "console/person_detail.html",
        {
            "person": person,
            "invitation": invitation,
            "entries": entries,
            "sso_links": SocialAccount.objects.filter(user=person),
            "anonymised": getattr(person, "anonymisation", None),
            "can_manage": has_perm(user, "console.manage_person", person),
            "can_move": has_perm(user, "console.move_person", person),
            "can_export": has_perm(user, "console.export_person_data", person),
            "can_anonymise": has_perm(user, "console.anonymise_person", person)
            and person.pk != user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_invite(request):
    require(request.user, "console.use_console")
    form = ConsoleInvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        require(request.user, "console.invite_to", organisation)
        invitation = invite_person(actor=request.user, organisation=organisation, **data)
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": invitation.user.email},
        )
        return redirect("console:person_detail", pk=invitation.user_id)
    return render(request, "console/person_invite.html", {"form": form})


@login_required
@require_POST
def person_resend(request, pk):
    person = _person(request, pk)
    require(request.user, "console.manage_person", person)
    invitation = Invitation.objects.filter(user=person).pending().first()
    if invitation is None:
        messages.error(request, _("The person has no open invitation to send again."))
    else:
        resend_invitation(actor=request.user, invitation=invitation)
        messages.success(
            request, _("A new invitation link was sent to %(email)s.") % {"email": person.email}
        )
    return redirect("console:person_detail", pk=person.pk)


def _simple_action(request, pk, service, done: str):
    person = _person(request, pk)
    require(request.user, "console.manage_person", person)
    try:
        service(actor=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done % {"name": person.display_name})
    return redirect("console:person_detail", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_deactivate(request, pk):
    if request.method == "GET":
        person = _person(request, pk)
        require(request.user, "console.manage_person", person)
        return render(request, "console/person_deactivate.html", {"person": person})
    return _simple_action(
        request,
        pk,
        services.deactivate_person,
        _("%(name)s's account was deactivated. Their history stays in the portal."),
    )


@login_required
@require_POST
def person_reactivate(request, pk):
    return _simple_action(
        request, pk, services.reactivate_person, _("%(name)s's account is in use again.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_role(request, pk):
    person = _person(request, pk)
    require(request.user, "console.manage_person", person)
    form = RoleForm(request.POST or None, user=request.user, initial={"role": person.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(actor=request.user, person=person, role=form.cleaned_data["role"])
        except ValidationError as exc:
            form.add_error("role", exc)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("console:person_detail", pk=person.pk)
    return render(request, "console/person_role.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_move(request, pk):
    """Two steps: choose the organisation, then read what ends and confirm."""
    person = _person(request, pk)
    require(request.user, "console.move_person", person)
    form = MoveForm(request.POST or None, user=request.user, person=person)
    plan = target = target_role = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"]:
            try:
                services.move_person(
                    actor=request.user,
                    person=person,
                    organisation=form.cleaned_data["organisation"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s now belongs to %(organisation)s.")
                    % {
                        "name": person.display_name,
                        "organisation": form.cleaned_data["organisation"].name,
                    },
                )
                return redirect("console:person_detail", pk=person.pk)
        else:
            plan = services.plan_move(person)
            target = form.cleaned_data["organisation"]
            target_role = dict(User.Role.choices)[form.cleaned_data["role"]]
            form = MoveForm(
                initial={**form.cleaned_data, "confirm": True}, user=request.user, person=person
            )
    return render(
        request,
        "console/person_move.html",
        {
            "person": person,
            "form": form,
            "plan": plan,
            "target": target,
            "target_role": target_role,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bulk_invite(request):
    require(request.user, "console.bulk_invite")
    form = BulkInviteForm(request.POST or None, request.FILES or None)
    rows, payload, file_error = None, "", ""
    if request.method == "POST" and "payload" in request.POST:
        try:
            records = bulk.unsign(request.POST["payload"])
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; choose the file again."))
            return redirect("console:bulk_invite")
        rows = bulk.validate(request.user, records)
        if all(r.ok for r in rows):
            count = bulk.invite_rows(actor=request.user, rows=rows)
            messages.success(request, _("%(count)s people were invited.") % {"count": count})
            return redirect("console:people")
        form = BulkInviteForm()
    elif request.method == "POST" and form.is_valid():
        try:
            records = bulk.read_upload(form.cleaned_data["file"])
        except FileError as exc:
            file_error = str(exc)
        else:
            rows = bulk.validate(request.user, records)
            if rows and all(r.ok for r in rows):
                payload = bulk.sign(records)
    return render(
        request,
        "console/bulk_invite.html",
        {
            "form": form,
            "rows": rows,
            "payload": payload,
            "file_error": file_error,
            "error_count": sum(1 for r in rows if not r.ok) if rows else 0,
        },
    )
