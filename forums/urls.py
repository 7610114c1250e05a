"""URLs of the collaboration structure (namespace "forums"), mounted under /structure/."""

from django.urls import path

from . import views

app_name = "forums"

# The collaboration structure. Meetings (/structure/meetings/) are the meetings app's.
urlpatterns = [
    path("", views.structure, name="structure"),
    path("my/", views.my_bodies, name="my_bodies"),
    path("gaps/", views.gaps, name="gaps"),
    path("networks/new/", views.network_create, name="network_create"),
    path("agreement/", views.agreement, name="agreement"),
    path(
        "agreement/<slug:period_slug>/document/",
        views.agreement_document,
        name="agreement_document",
    ),
    path(
        "agreement/<slug:period_slug>/parties/<slug:organisation_slug>/",
        views.agreement_party_edit,
        name="agreement_party_edit",
    ),
    path(
        "agreement/<slug:period_slug>/termination/",
        views.termination_create,
        name="termination_create",
    ),
    path("parties/<slug:organisation_slug>/", views.party_seats, name="party_seats"),
    path("bodies/<slug:slug>/", views.body_detail, name="body_detail"),
    path(
        "bodies/<slug:slug>/seats/new/<slug:organisation_slug>/",
        views.seat_add,
        name="seat_add",
    ),
    path("bodies/<slug:slug>/seats/<int:pk>/", views.seat_edit, name="seat_edit"),
    path("bodies/<slug:slug>/seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("bodies/<slug:slug>/join/", views.body_join, name="body_join"),
    path("bodies/<slug:slug>/leave/", views.body_leave, name="body_leave"),
    path("bodies/<slug:slug>/preparers/", views.preparer_add, name="preparer_add"),
    path("bodies/<slug:slug>/members/add/", views.network_member_add, name="network_member_add"),
    path(
        "bodies/<slug:slug>/preparers/<int:user_id>/remove/",
        views.preparer_remove,
        name="preparer_remove",
    ),
    path("bodies/<slug:slug>/roles/new/", views.role_add, name="role_add"),
    path("bodies/<slug:slug>/roles/<int:pk>/end/", views.role_end, name="role_end"),
]
