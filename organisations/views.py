"""Pages of the organisations app: the parties, an organisation's details and people, inviting
a person and accepting an invitation. Who may do what is decided in ``permissions``."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.pagecache import cached_page
from portal.permissions import get_visible_or_404, has_perm, require

from . import services
from .forms import InvitationForm, MemberForm, OrganisationCreateForm, OrganisationForm
from .models import Invitation, Organisation

User = get_user_model()


def _by_display_name(organisation: Organisation) -> str:
    return organisation.display_name.casefold()


@cached_page
def organisation_list(request):
    # In the reader's alphabetical order: "Regional Council of Häme" sorts under R in English.
    organisations = sorted(Organisation.objects.visible_to(request.user), key=_by_display_name)
    parties = [o for o in organisations if o.is_party]
    others = [o for o in organisations if not o.is_party]
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "parties": parties,
            "others": others,
            "municipality_count": sum(1 for o in parties if o.is_municipality),
            "can_add": has_perm(request.user, "organisations.add_organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require(request.user, "organisations.add_organisation")
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The organisation was added."))
        return redirect(organisation)
    return render(request, "organisations/organisation_create.html", {"form": form})


def organisation_detail(request, slug):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=slug)
    can_view_members = has_perm(request.user, "organisations.view_members", organisation)
    counts = None
    if can_view_members:
        counts = organisation.users.aggregate(
            active=Count("pk", filter=Q(is_active=True)),
            admins=Count("pk", filter=Q(is_active=True, role=User.Role.ORG_ADMIN)),
        )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": has_perm(request.user, "organisations.change_organisation", organisation),
            "can_view_members": can_view_members,
            "member_counts": counts,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=slug)
    require(request.user, "organisations.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        # The form already wrote its values onto the instance; reload to diff against the DB.
        organisation.refresh_from_db()
        services.update_organisation(actor=request.user, organisation=organisation, data=changed)
        messages.success(request, _("The organisation's details were saved."))
        return redirect(organisation)
    if request.method == "POST":
        organisation.refresh_from_db()
    return render(
        request,
        "organisations/organisation_edit.html",
        {"organisation": organisation, "form": form},
    )


@login_required
def member_list(request, slug):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=slug)
    require(request.user, "organisations.view_members", organisation)
    can_manage = has_perm(request.user, "organisations.manage_members", organisation)
    members = organisation.users.order_by("-is_active", "last_name", "first_name")
    pending = {
        inv.user_id: inv
        for inv in organisation.invitations.pending().only(
            "user_id", "expires_at", "accepted_at", "revoked_at"
        )
    }
    rows = [{"person": person, "invitation": pending.get(person.pk)} for person in members]
    return render(
        request,
        "organisations/member_list.html",
        {"organisation": organisation, "rows": rows, "can_manage": can_manage},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request, slug):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=slug)
    require(request.user, "organisations.manage_members", organisation)
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite_person(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        messages.success(
            request,
            _("An invitation was sent to %(email)s. The link is valid until %(date)s.")
            % {
                "email": invitation.user.email,
                "date": date_format(
                    timezone.localtime(invitation.expires_at), "SHORT_DATETIME_FORMAT"
                ),
            },
        )
        return redirect("organisations:member_list", slug=organisation.slug)
    return render(
        request, "organisations/member_invite.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=slug)
    require(request.user, "organisations.manage_members", organisation)
    person = get_visible_or_404(User.objects.filter(organisation=organisation), request.user, pk=pk)
    require(request.user, "organisations.change_member", person)
    form = MemberForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        person.refresh_from_db()
        services.update_member(actor=request.user, person=person, data=data)
        messages.success(request, _("The member's details were saved."))
        return redirect("organisations:member_list", slug=organisation.slug)
    if request.method == "POST":
        person.refresh_from_db()
    return render(
        request,
        "organisations/member_edit.html",
        {"organisation": organisation, "person": person, "form": form},
    )


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    organisation = get_visible_or_404(Organisation.objects, request.user, slug=slug)
    require(request.user, "organisations.manage_members", organisation)
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user).pending(), organisation=organisation, pk=pk
    )
    services.resend_invitation(actor=request.user, invitation=invitation)
    messages.success(
        request,
        _("A new invitation link was sent to %(email)s.") % {"email": invitation.user.email},
    )
    return redirect("organisations:member_list", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = Invitation.find(token)
    if invitation is None or not invitation.is_usable():
        if invitation is None:
            reason = "invalid"
        elif invitation.accepted_at:
            reason = "used"
        elif invitation.revoked_at:
            reason = "revoked"
        else:
            reason = "expired"
        return render(
            request,
            "organisations/invitation_invalid.html",
            {"reason": reason},
            status=410 if invitation else 404,
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except (ValueError, ValidationError):
            return render(
                request, "organisations/invitation_invalid.html", {"reason": "used"}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your password is set and you are logged in."))
        return redirect("portal:dashboard")
    return render(
        request,
        "organisations/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )
