"""Meeting URLs, included from forums/urls.py under meetings/ (namespace "forums")."""

from django.urls import path

from . import meeting_views as views

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("calendar/", views.meeting_calendar, name="meeting_calendar"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("feed/", views.meeting_feed_settings, name="meeting_feed_settings"),
    path("feed/<str:token>.ics", views.meeting_feed, name="meeting_feed"),
    path("bodies/<slug:slug>.ics", views.body_feed, name="body_feed"),
    path("bodies/<slug:slug>/register/", views.decision_register, name="decision_register"),
    path("bodies/<slug:slug>/actions/<int:pk>/", views.action_status, name="action_status"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/answer/", views.meeting_answer, name="meeting_answer"),
    path("<int:pk>/answer/<str:token>/", views.meeting_answer_link, name="meeting_answer_link"),
    path(
        "<int:pk>/agenda/<int:item>/attachment/",
        views.agenda_attachment,
        name="agenda_attachment",
    ),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/minutes/", views.minutes_detail, name="minutes_detail"),
    path("<int:pk>/minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/<slug:step>/", views.minutes_transition, name="minutes_transition"),
    path("<int:pk>/actions/new/", views.action_add, name="action_add"),
]
