"""Lets a page that offers organisation sign-in submit to the identity providers.

The sign-in button posts to the portal, which answers with a redirect to the organisation's
identity provider; browsers check that redirect against the page's CSP ``form-action``. The
template tag that draws the buttons notes the providers' origins on the request, and so does
allauth's own confirmation page of one provider (``openid_connect_login`` shown by GET); this
middleware (placed after ``CSPMiddleware``) adds exactly those origins to that page's policy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

REQUEST_ATTRIBUTE = "_console_form_action_origins"


def origin_of(server_url: str) -> str:
    parts = urlsplit(server_url)
    return f"https://{parts.netloc}" if parts.scheme == "https" and parts.netloc else ""


def _provider_origin(provider_id: str) -> str:
    from .models import IdentityProvider

    row = (
        IdentityProvider.objects.select_related("app")
        .filter(app__provider_id=provider_id, enabled=True)
        .first()
    )
    return origin_of(row.server_url) if row is not None else ""


class SignInFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = set(getattr(request, REQUEST_ATTRIBUTE, ()) or ())
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "openid_connect_login":
            origins.add(_provider_origin(match.kwargs.get("provider_id", "")))
        origins.discard("")
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *sorted(origins)]
            response._csp_update = update
        return response
