"""What needs attention, and the coordinator's settings: each organisation's sign-in (OpenID
Connect) and the security policy; and the start of an invited person's first organisation
sign-in from their invitation link."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisations.models import Invitation, Organisation
from portal.permissions import get_visible_or_404, require

from .. import attention as attention_sections
from .. import services, sso
from ..forms import PolicyForm, SsoForm
from ..models import IdentityProvider, SecurityPolicy
from ..sso_login import INVITATION_STATE


@login_required
@require_GET
def attention(request):
    require(request.user, "console.view_attention")
    sections = attention_sections.sections_for(request.user)
    return render(
        request,
        "console/attention.html",
        {"sections": sections, "total": sum(s.count for s in sections)},
    )


@login_required
@require_GET
def organisations(request):
    require(request.user, "console.configure_sso")
    rows = (
        Organisation.objects.order_by("-is_party", "name")
        .select_related("identity_provider__app")
        .annotate(
            people=Count("users", filter=Q(users__is_active=True)),
            admins=Count("users", filter=Q(users__is_active=True, users__role="org_admin")),
        )
    )
    return render(request, "console/organisations.html", {"organisations": rows})


def _initial(provider: IdentityProvider | None) -> dict:
    if provider is None:
        return {"enabled": True}
    return {
        "enabled": provider.enabled,
        "server_url": provider.server_url,
        "tenant_id": provider.tenant_id,
        "client_id": provider.app.client_id,
        "domains": "\n".join(d.domain for d in provider.domains.all()),
        "allow_new_members": provider.allow_new_members,
    }


@login_required
@require_http_methods(["GET", "POST"])
def sso_edit(request, slug):
    require(request.user, "console.configure_sso")
    organisation = get_visible_or_404(Organisation.objects.all(), request.user, slug=slug)
    provider = (
        IdentityProvider.objects.filter(organisation=organisation)
        .select_related("app")
        .prefetch_related("domains")
        .first()
    )
    form = SsoForm(request.POST or None, initial=_initial(provider))
    if request.method == "POST" and form.is_valid():
        try:
            sso.configure_sso(
                actor=request.user,
                organisation=organisation,
                data=sso.SsoSettings(**form.cleaned_data),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The sign-in of %(organisation)s was saved.") % {"organisation": organisation},
            )
            return redirect("console:sso_edit", slug=organisation.slug)
    provider_id = provider.provider_id if provider else sso.provider_id_for(organisation)
    return render(
        request,
        "console/sso_edit.html",
        {
            "organisation": organisation,
            "provider": provider,
            "form": form,
            "callback_url": request.build_absolute_uri(sso.callback_path(provider_id)),
        },
    )


@login_required
@require_POST
def sso_remove(request, slug):
    require(request.user, "console.configure_sso")
    organisation = get_visible_or_404(Organisation.objects.all(), request.user, slug=slug)
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    if provider is None:
        raise Http404
    links = sso.remove_sso(actor=request.user, provider=provider)
    messages.success(
        request,
        _("The sign-in of %(organisation)s was removed (%(links)s people's links).")
        % {"organisation": organisation, "links": links},
    )
    return redirect("console:organisations")


@login_required
@require_http_methods(["GET", "POST"])
def policy(request):
    require(request.user, "console.change_policy")
    current = SecurityPolicy.current()
    form = PolicyForm(
        request.POST or None,
        initial={"require_mfa_for_org_admins": current.require_mfa_for_org_admins},
    )
    if request.method == "POST" and form.is_valid():
        services.set_security_policy(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The security policy was saved."))
        return redirect("console:policy")
    return render(request, "console/policy.html", {"form": form, "policy": current})


@require_POST
def sso_from_invitation(request, token):
    """The invited person chose their organisation's sign-in on the invitation page: the
    invitation travels in allauth's server-side state and is accepted on return."""
    invitation = Invitation.find(token)
    if invitation is None or not invitation.is_usable():
        return redirect("organisations:invitation_accept", token=token)
    provider_row = (
        IdentityProvider.objects.enabled()
        .filter(organisation=invitation.organisation)
        .select_related("app")
        .first()
    )
    if provider_row is None:
        raise Http404
    provider = get_adapter().get_provider(request, provider_row.provider_id)
    return provider.redirect(
        request,
        process="login",
        next_url=reverse("portal:dashboard"),
        data={INVITATION_STATE: {"id": invitation.pk, "token_hash": invitation.token_hash}},
    )
