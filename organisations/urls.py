"""URLs of the organisations app, mounted at /organisations/ (parties, people, invitations)."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/members/", views.member_list, name="member_list"),
    path("<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path("<slug:slug>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path(
        "<slug:slug>/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
]
