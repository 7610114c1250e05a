"""The permission matrix of the meeting pages: 404 for what one cannot see, 403 for what one
sees but may not change; every refusal leaves the database unchanged."""

from __future__ import annotations

import pytest

from meetings.scheduling import schedule_meeting

# (method, path template, persona, expected status)
MATRIX = [
    ("get", "/structure/meetings/", "anonymous", 302),
    ("get", "/structure/meetings/", "riihimaki_member", 200),
    ("get", "/structure/meetings/calendar/", "forssa_member", 200),
    ("get", "/structure/meetings/new/", "anonymous", 302),
    ("get", "/structure/meetings/new/", "forssa_member", 403),
    ("get", "/structure/meetings/new/", "chair", 200),
    ("get", "/structure/meetings/new/", "coordinator", 200),
    ("get", "/structure/meetings/{pk}/", "anonymous", 404),
    ("get", "/structure/meetings/{pk}/", "riihimaki_admin", 404),
    ("get", "/structure/meetings/{pk}/", "riihimaki_member", 404),
    ("get", "/structure/meetings/{pk}/", "forssa_member", 200),
    ("get", "/structure/meetings/{pk}/", "forssa_admin", 200),  # the personal deputy
    ("get", "/structure/meetings/{pk}/", "coordinator", 200),
    ("get", "/structure/meetings/{pk}/meeting.ics", "anonymous", 404),
    ("get", "/structure/meetings/{pk}/meeting.ics", "forssa_member", 200),
    ("get", "/structure/meetings/{pk}/edit/", "anonymous", 302),
    ("get", "/structure/meetings/{pk}/edit/", "riihimaki_admin", 404),
    ("get", "/structure/meetings/{pk}/edit/", "forssa_member", 403),
    ("get", "/structure/meetings/{pk}/edit/", "forssa_admin", 403),
    ("get", "/structure/meetings/{pk}/edit/", "chair", 200),
    ("get", "/structure/meetings/{pk}/edit/", "coordinator", 200),
    ("post", "/structure/meetings/{pk}/edit/", "forssa_member", 403),
    ("post", "/structure/meetings/{pk}/cancel/", "anonymous", 302),
    ("post", "/structure/meetings/{pk}/cancel/", "riihimaki_member", 404),
    ("post", "/structure/meetings/{pk}/cancel/", "forssa_member", 403),
    ("post", "/structure/meetings/{pk}/cancel/", "forssa_admin", 403),
    ("post", "/structure/meetings/{pk}/publish/", "forssa_member", 403),
    ("post", "/structure/meetings/{pk}/answer/", "riihimaki_member", 404),
    ("post", "/structure/meetings/{pk}/answer/", "coordinator", 404),  # not invited
    ("get", "/structure/meetings/{pk}/minutes/edit/", "forssa_member", 403),
    ("post", "/structure/meetings/{pk}/actions/new/", "forssa_member", 403),
    ("post", "/structure/meetings/{pk}/minutes/approve/", "riihimaki_admin", 404),
    ("get", "/structure/meetings/bodies/hytefoorumi/register/", "anonymous", 200),
    ("get", "/structure/meetings/feed/", "anonymous", 302),
]


@pytest.fixture
def members_only(meeting_kwargs, members, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return schedule_meeting(**{**meeting_kwargs, "visibility": "members"})


@pytest.mark.parametrize("method, path, persona, expected", MATRIX)
def test_permission_matrix(
    method, path, persona, expected, personas, chair, members_only, client_for, assert_unchanged
):
    user = chair if persona == "chair" else personas[persona]
    client = client_for(user)
    url = path.format(pk=members_only.pk)
    if expected in (403, 404) or method == "post":
        with assert_unchanged():
            response = getattr(client, method)(
                url, {"answer": "accepted", "reason": "x"} if method == "post" else None
            )
    else:
        response = getattr(client, method)(url)
    assert response.status_code == expected, (url, persona, response.status_code)
