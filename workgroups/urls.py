"""URLs of the workgroups (namespace "workgroups"), mounted under /workgroups/."""

from django.urls import path

from . import views

app_name = "workgroups"

urlpatterns = [
    path("", views.workgroup_list, name="workgroup_list"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_decide, name="proposal_decide"),
    path("pairs/", views.pair_list, name="pair_list"),
    path("pairs/new/", views.pair_create, name="pair_create"),
    path("pairs/<int:pk>/", views.pair_edit, name="pair_edit"),
    path("<slug:slug>/", views.workgroup_detail, name="workgroup_detail"),
    path("<slug:slug>/edit/", views.workgroup_edit, name="workgroup_edit"),
    path("<slug:slug>/documents/<str:kind>/new/", views.document_create, name="document_create"),
    path("<slug:slug>/documents/<int:pk>/file/", views.document_file, name="document_file"),
]
