"""What every template may use: the site's address and the reader's organisation."""

from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_site_url": settings.SITE_URL,
        "current_organisation": getattr(user, "organisation", None)
        if user is not None and user.is_authenticated
        else None,
    }
