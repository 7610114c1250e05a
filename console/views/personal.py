"""Personal data: a person's data as a readable page or a JSON file (the coordinator's, or
the person's own from *Omat tiedot*), the anonymisation of a departed person, and the person's
own link to their organisation's sign-in."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisations.models import User
from portal.params import KEY_MAX, int_param
from portal.permissions import get_visible_or_404, require

from .. import personal_data
from ..models import IdentityProvider
from ..sso import unlink_sign_in
from .common import error_text


def _export_response(request, person: User, fmt: str):
    data = personal_data.export_person(actor=request.user, person=person)
    if fmt == "json":
        response = HttpResponse(
            personal_data.as_json(data), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="tiedot-{person.pk}.json"'
        return response
    return render(
        request,
        "console/person_data.html",
        {
            "person": person,
            "page": personal_data.readable(data),
            "own": person.pk == request.user.pk,
        },
    )


@login_required
@require_GET
def person_export(request, pk, fmt="html"):
    require(request.user, "console.use_console")
    person = get_visible_or_404(User.objects.select_related("organisation"), request.user, pk=pk)
    require(request.user, "console.export_person_data", person)
    return _export_response(request, person, fmt)


@login_required
def my_data(request):
    """The person's own page: what the portal holds, downloads, the organisation sign-in."""
    provider = (
        IdentityProvider.objects.enabled()
        .filter(organisation_id=request.user.organisation_id)
        .select_related("app")
        .first()
    )
    links = SocialAccount.objects.filter(user=request.user)
    return render(
        request,
        "console/my_data.html",
        {
            "provider": provider,
            "linked": [a for a in links if provider and a.provider == provider.provider_id],
        },
    )


@login_required
@require_GET
def my_data_export(request, fmt="html"):
    return _export_response(request, request.user, fmt)


@login_required
@require_POST
def my_sign_in_unlink(request):
    """Remove one's own link to the organisation sign-in (the account stays)."""
    key = int_param(request.POST, "account", low=1, high=KEY_MAX)
    mine = SocialAccount.objects.filter(user=request.user)
    account = mine.filter(pk=key).first() if key is not None else None
    try:
        if account is None:
            raise ValidationError(_("There is no such sign-in link on your account."))
        unlink_sign_in(actor=request.user, account=account)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The link to your organisation's sign-in was removed."))
    return redirect("console:my_data")


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise(request, pk):
    require(request.user, "console.use_console")
    person = get_visible_or_404(User.objects.select_related("organisation"), request.user, pk=pk)
    require(request.user, "console.anonymise_person", person)
    reasons = personal_data.blockers(actor=request.user, person=person)
    if request.method == "POST":
        try:
            personal_data.anonymise_person(actor=request.user, person=person)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The person's details were replaced by a placeholder."))
            return redirect("console:person_detail", pk=person.pk)
    return render(request, "console/person_anonymise.html", {"person": person, "reasons": reasons})
