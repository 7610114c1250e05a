"""The admin shows meetings to coordinators read-only; writes go through the services."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/admin/meetings/meeting/",
        "/admin/meetings/minutes/",
        "/admin/meetings/decision/",
        "/admin/meetings/actionitem/",
        "/admin/meetings/calendarfeedtoken/",
        "/admin/meetings/rhythmalert/",
    ],
)
def test_coordinators_read_meetings_in_the_admin(scheduled, coordinator, client_for, path):
    assert client_for(coordinator).get(path).status_code == 200


def test_the_meeting_cannot_be_changed_or_added_in_the_admin(
    scheduled, coordinator, client_for, assert_unchanged
):
    client = client_for(coordinator)
    page = client.get(f"/admin/meetings/meeting/{scheduled.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    with assert_unchanged():
        response = client.post(
            f"/admin/meetings/meeting/{scheduled.pk}/change/", {"title": "Admin muutti"}
        )
    assert response.status_code == 403
    assert client.get("/admin/meetings/meeting/add/").status_code == 403


def test_a_member_does_not_get_into_the_admin(scheduled, forssa_member, client_for):
    response = client_for(forssa_member).get("/admin/meetings/meeting/")
    assert response.status_code in (302, 403)
