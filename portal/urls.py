"""The portal's root URLconf: every app's URLs, allauth, the admin and the error pages."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import views

# allauth's documented way to send the admin's login page through allauth's login.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Yhdyspinta"
admin.site.site_title = "Yhdyspinta"

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("dashboard/", views.dashboard, name="dashboard"),
        path("profile/", views.profile, name="profile"),
        path("accessibility/", views.accessibility, name="accessibility"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("organisations/", include("organisations.urls")),
    path("metrics/", include("indicators.urls")),
    path("structure/meetings/", include("meetings.urls")),
    path("structure/", include("forums.urls")),
    path("workgroups/", include("workgroups.urls")),
    path("reports/", include("reports.urls")),
    path("console/", include("console.urls")),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
