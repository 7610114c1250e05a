"""URLs of the metrics (namespace "indicators"), mounted under /metrics/."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("region/", views.region_table, name="region_table"),
    path("metric/<slug:code>/", views.metric_detail, name="metric_detail"),
    path("entry/", views.my_entry, name="my_entry"),
    path("entry/<int:year>/<str:subject>/", views.entry, name="entry"),
    path("entry/<int:year>/<str:subject>/submit/", views.entry_submit, name="entry_submit"),
    path("entry/<int:year>/<str:subject>/<slug:code>/", views.value_save, name="value_save"),
    path("value/<int:pk>/", views.value_detail, name="value_detail"),
    path("value/<int:pk>/return/", views.value_return, name="value_return"),
    path("review/", views.review, name="review"),
    path("review/approve/", views.values_approve, name="values_approve"),
    path("years/", views.years, name="years"),
    path("years/<int:year>/lock/", views.year_lock, name="year_lock"),
    path("years/exception/<int:pk>/close/", views.reopening_close, name="reopening_close"),
    path("import/", views.values_import, name="values_import"),
    path("import/sotkanet/", views.sotkanet_import, name="sotkanet_import"),
    path("export/", views.values_export, name="values_export"),
]
