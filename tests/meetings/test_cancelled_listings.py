"""A cancelled meeting is marked "Peruttu" wherever it is listed, and left out where only the
meetings still to come belong (the dashboard's "My next meetings", a body page's upcoming)."""

from __future__ import annotations

from meetings.scheduling import cancel_meeting, schedule_meeting

from .conftest import future


def _two_meetings(meeting_kwargs, chair, capture):
    with capture(execute=True):
        kept = schedule_meeting(**{**meeting_kwargs, "title": "Pidettävä kokous"})
        cancelled = schedule_meeting(
            **{
                **meeting_kwargs,
                "title": "Peruttava kokous",
                "starts_at": future(15, 9),
                "ends_at": future(15, 11),
            }
        )
        cancel_meeting(actor=chair, meeting=cancelled, reason="Ei asioita")
    return kept, cancelled


def test_my_next_meetings_on_the_dashboard_leave_out_a_cancelled_one(
    meeting_kwargs, members, chair, client_for, django_capture_on_commit_callbacks
):
    _two_meetings(meeting_kwargs, chair, django_capture_on_commit_callbacks)
    page = client_for(members["forssa"]).get("/dashboard/").content.decode()
    assert "Pidettävä kokous" in page
    assert "Peruttava kokous" not in page


def test_the_public_body_page_lists_only_meetings_that_will_be_held(
    meeting_kwargs, members, chair, client_for, django_capture_on_commit_callbacks, wellbeing
):
    meeting_kwargs["visibility"] = "public"
    _two_meetings(meeting_kwargs, chair, django_capture_on_commit_callbacks)
    page = client_for(None).get(wellbeing.get_absolute_url()).content.decode()
    assert "Pidettävä kokous" in page
    assert "Peruttava kokous" not in page


def test_the_meeting_list_and_the_month_view_mark_the_cancelled_one(
    meeting_kwargs, members, chair, client_for, django_capture_on_commit_callbacks
):
    _, cancelled = _two_meetings(meeting_kwargs, chair, django_capture_on_commit_callbacks)
    client = client_for(members["forssa"])
    listing = client.get("/structure/meetings/").content.decode()
    row = listing.split("Peruttava kokous", 1)[1].split("</tr>", 1)[0]
    assert "PERUTTU" in row
    start = cancelled.starts_at
    month = client.get(
        f"/structure/meetings/calendar/?year={start.year}&month={start.month}"
    ).content.decode()
    assert "(peruttu)" in month
