"""Template helpers of the console: the organisation sign-in buttons (which also let the page
post to those identity providers, see ``console.middleware``) and actions in words."""

from __future__ import annotations

from django import template
from django.urls import reverse

from .. import actions
from ..middleware import REQUEST_ATTRIBUTE, origin_of

register = template.Library()


def _allow_form_action(request, providers) -> None:
    if request is None:
        return
    origins = set(getattr(request, REQUEST_ATTRIBUTE, ()) or ())
    origins.update(origin_of(provider.server_url) for provider in providers)
    setattr(request, REQUEST_ATTRIBUTE, origins)


@register.simple_tag(takes_context=True)
def sign_in_options(context, organisation=None):
    """The enabled organisation sign-ins (all, or ``organisation``'s), each with its login
    address, and the page allowed to post to them."""
    from ..models import IdentityProvider

    rows = IdentityProvider.objects.enabled().select_related("organisation", "app")
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    providers = list(rows.order_by("organisation__name"))
    _allow_form_action(context.get("request"), providers)
    return [
        {
            "provider": p,
            "organisation": p.organisation,
            "url": reverse("openid_connect_login", kwargs={"provider_id": p.provider_id}),
        }
        for p in providers
    ]


@register.filter
def action_phrase(code: str) -> str:
    return actions.phrase(code)
