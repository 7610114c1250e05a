"""Lets a page that offers organisation sign-in submit to the identity providers.

The sign-in button posts to the portal, which answers with a redirect to the organisation's
identity provider; browsers check that redirect against the page's CSP ``form-action``. The
template tag that draws the buttons notes the providers' origins on the request, and this
middleware (placed after ``CSPMiddleware``) adds exactly those origins to that page's policy.
"""

from __future__ import annotations

REQUEST_ATTRIBUTE = "_console_form_action_origins"


class SignInFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = sorted(getattr(request, REQUEST_ATTRIBUTE, ()) or ())
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response
