"""The portal's middleware: the user's saved language, two-factor authentication required
of coordinators, and refusals logged as one line."""

import logging

from django.utils import translation


class UserLanguageMiddleware:
    """A logged-in user's saved language wins over the browser's, unless they switched now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        from django.conf import settings

        if (
            user is not None
            and user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class CoordinatorMFAMiddleware:
    """Coordinators hold every right: they must use two-factor authentication (ASVS 4.3.1);
    so must organisation admins when a coordinator has turned that on in the console.

    allauth has no setting that forces MFA (allauth #3649), so such a user without an
    authenticator is sent to set one up before anything else; logging out stays possible.
    Who must, and the message why: ``console.security.mfa_demand``.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.role in ("coordinator", "org_admin")
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            from console.security import mfa_demand

            message = mfa_demand(user)
            if message:
                from django.contrib import messages

                messages.warning(request, message)
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class RefusalLogMiddleware:
    """A refused request (403) is an expected event, not an error: it is logged as one line
    saying who was refused what and by which rule, and answered with the portal's 403 page
    (Django would log it with a full traceback)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied

        from .views import permission_denied

        if not isinstance(exception, PermissionDenied):
            return None
        user = getattr(request, "user", None)
        who = f"user {user.pk}" if user is not None and user.is_authenticated else "anonymous"
        refusals.info(
            "refused %s %s %s rule=%s", who, request.method, request.path, exception or "-"
        )
        response = permission_denied(request, exception)
        response._has_been_logged = True  # Django's own request log: already said
        return response


refusals = logging.getLogger("portal.refusals")
