"""URLs of the follow-up reports (/reports/): the page, the public list, builds, downloads."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("published/", views.published, name="published"),
    path("build/", views.build, name="build"),
    path("conclusions/<int:year>/", views.conclusions, name="conclusions"),
    path("version/<int:pk>/", views.version_status, name="version_status"),
    path("version/<int:pk>/retry/", views.retry, name="retry"),
    path("version/<int:pk>/publish/", views.publish, name="publish"),
    path("version/<int:pk>/<str:name>.pdf", views.download, name="download"),
    path("version/<int:pk>/tables.xlsx", views.tables_xlsx, name="tables_xlsx"),
    path("version/<int:pk>/tables/<slug:section>.csv", views.table_csv, name="table_csv"),
]
