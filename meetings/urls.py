"""Meeting URLs (namespace "meetings"), mounted under /structure/meetings/."""

from django.urls import path

from .views import answer, calendar_files, meeting, minutes

app_name = "meetings"

urlpatterns = [
    path("", meeting.meeting_list, name="meeting_list"),
    path("calendar/", meeting.meeting_calendar, name="meeting_calendar"),
    path("new/", meeting.meeting_create, name="meeting_create"),
    path("feed/", calendar_files.meeting_feed_settings, name="meeting_feed_settings"),
    path("feed/<str:token>.ics", calendar_files.meeting_feed, name="meeting_feed"),
    path("bodies/<slug:slug>.ics", calendar_files.body_feed, name="body_feed"),
    path("bodies/<slug:slug>/register/", minutes.decision_register, name="decision_register"),
    path("bodies/<slug:slug>/actions/<int:pk>/", minutes.action_status, name="action_status"),
    path("<int:pk>/", meeting.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meeting.meeting_edit, name="meeting_edit"),
    path("<int:pk>/publish/", meeting.meeting_publish, name="meeting_publish"),
    path("<int:pk>/cancel/", meeting.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/answer/", answer.meeting_answer, name="meeting_answer"),
    path("<int:pk>/answer/<str:token>/", answer.meeting_answer_link, name="meeting_answer_link"),
    path(
        "<int:pk>/agenda/<int:item>/attachment/",
        meeting.agenda_attachment,
        name="agenda_attachment",
    ),
    path("<int:pk>/meeting.ics", calendar_files.meeting_ics, name="meeting_ics"),
    path("<int:pk>/minutes/", minutes.minutes_detail, name="minutes_detail"),
    path("<int:pk>/minutes/edit/", minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/<slug:step>/", minutes.minutes_transition, name="minutes_transition"),
    path("<int:pk>/actions/new/", minutes.action_add, name="action_add"),
]
