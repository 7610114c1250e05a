"""The portal's own pages: the front page, the dashboard, a person's profile, the accessibility
statement, the health check and the error pages."""

import datetime
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from organisations.forms import ProfileForm
from organisations.models import Organisation
from organisations.services import update_profile

from . import dashboard as dashboard_registry
from .pagecache import cached_page

log = logging.getLogger(__name__)


def home(request):
    if request.user.is_authenticated:
        return redirect("portal:dashboard")
    parties = Organisation.objects.parties().only("name", "name_en", "slug", "kind")
    return render(request, "portal/home.html", {"parties": parties})


# When the accessibility statement was prepared and last reviewed against the portal.
STATEMENT_PREPARED = datetime.date(2026, 12, 2)
STATEMENT_REVIEWED = datetime.date(2026, 12, 2)


@require_GET
def accessibility(request):
    """The accessibility statement (saavutettavuusseloste) that Act 306/2019 requires."""
    return render(
        request,
        "portal/accessibility.html",
        {
            "prepared": STATEMENT_PREPARED,
            "reviewed": STATEMENT_REVIEWED,
            "contact_email": settings.PORTAL_ACCESSIBILITY_EMAIL,
            "contact_phone": settings.PORTAL_ACCESSIBILITY_PHONE,
            "contact_name": settings.PORTAL_ACCESSIBILITY_CONTACT,
        },
    )


@login_required
@cached_page
def dashboard(request):
    user = request.user
    panels = dashboard_registry.panels_for(user)
    parties = Organisation.objects.parties().only(
        "name", "short_name", "short_name_en", "slug", "kind"
    )
    return render(
        request,
        "portal/dashboard.html",
        {
            "organisation": user.organisation,
            "panels": panels,
            "tasks": dashboard_registry.tasks_for(user, panels),
            "parties": parties,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        request.user.refresh_from_db()
        user = update_profile(user=request.user, data=data)
        messages.success(request, _("Your details were saved."))
        response = redirect("portal:profile")
        if "language" in data:
            translation.activate(user.language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
    if request.method == "POST":
        request.user.refresh_from_db()
    return render(request, "portal/profile.html", {"form": form})


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "embedded"
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001 — any failure means "down" here
        log.warning("Broker check failed: %s", exc)
        return "down"


@never_cache
@require_GET
def healthz(request):
    """For load balancers and docker-compose: 503 when the database does not answer; 200 with
    status "degraded" and what waits when only the broker (Redis) is down."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # noqa: BLE001
        log.error("Database check failed: %s", exc)
        database = "down"
    broker = _broker_status()
    healthy = database == "ok"
    body: dict[str, object] = {
        "status": "ok" if healthy else "error",
        "database": database,
        "broker": broker,
    }
    if healthy and broker == "down":
        # Pages are served (200: keep this node in the load balancer); mails and report builds
        # wait in the database and go when the broker is back (portal.tasks sweeps them).
        body["status"] = "degraded"
        body["waiting"] = _waiting()
    return JsonResponse(body, status=200 if healthy else 503)


def _waiting() -> dict[str, int]:
    from reports.models import ReportVersion

    from .models import OutboundEmail

    return {
        "mails": OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).count(),
        "report_builds": ReportVersion.objects.filter(status=ReportVersion.Status.QUEUED).count(),
    }


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
