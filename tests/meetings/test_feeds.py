"""Calendar feeds: a private per-user feed (revocable), a public feed per public body, .ics."""

from __future__ import annotations

from django.test import Client
from icalendar import Calendar

from meetings.models import CalendarFeedToken
from meetings.scheduling import cancel_meeting


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_my_private_feed_lists_my_meetings_and_keeps_cancelled_ones(
    scheduled, members, chair, client_for, django_capture_on_commit_callbacks
):
    client_for(members["forssa"]).get("/structure/meetings/feed/")
    token = CalendarFeedToken.objects.get(user=members["forssa"]).token
    events = _events(Client().get(f"/structure/meetings/feed/{token}.ics"))
    assert str(events[scheduled.uid]["STATUS"]) == "CONFIRMED"
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=chair, meeting=scheduled)
    events = _events(Client().get(f"/structure/meetings/feed/{token}.ics"))
    assert str(events[scheduled.uid]["STATUS"]) == "CANCELLED"
    assert events[scheduled.uid]["SEQUENCE"] == 1


def test_revoking_the_feed_makes_the_old_address_stop_working(scheduled, members, client_for):
    client = client_for(members["forssa"])
    client.get("/structure/meetings/feed/")
    old = CalendarFeedToken.objects.get(user=members["forssa"]).token
    assert client.post("/structure/meetings/feed/").status_code == 302
    new = CalendarFeedToken.objects.get(user=members["forssa"]).token
    assert new != old
    assert Client().get(f"/structure/meetings/feed/{old}.ics").status_code == 404
    assert Client().get(f"/structure/meetings/feed/{new}.ics").status_code == 200


def test_a_made_up_feed_token_is_404(db):
    assert Client().get("/structure/meetings/feed/nope.ics").status_code == 404


def test_the_public_feed_of_a_public_body_lists_its_public_meetings(scheduled, wellbeing):
    scheduled.visibility = "public"
    scheduled.save(update_fields=["visibility"])
    events = _events(Client().get(f"/structure/meetings/bodies/{wellbeing.slug}.ics"))
    assert scheduled.uid in events


def test_a_members_only_body_has_no_public_feed(wellbeing, agreement):
    wellbeing.visibility = "members"
    wellbeing.save(update_fields=["visibility"])
    assert Client().get(f"/structure/meetings/bodies/{wellbeing.slug}.ics").status_code == 404


def test_a_meeting_can_be_downloaded_as_ics(scheduled, members, client_for):
    response = client_for(members["forssa"]).get(f"/structure/meetings/{scheduled.pk}/meeting.ics")
    assert "attachment" in response["Content-Disposition"]
    events = _events(response)
    assert scheduled.uid in events
    assert "DTSTART;TZID=Europe/Helsinki" in response.content.decode()
