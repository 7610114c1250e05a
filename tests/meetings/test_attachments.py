"""Agenda attachments are served through the meeting's visibility."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.scheduling import schedule_meeting


def test_an_attachment_is_served_to_those_who_see_the_meeting_only(
    meeting_kwargs,
    members,
    client_for,
    riihimaki_member,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("liite.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    agenda = [{"title": "Hyvinvointikertomus", "attachment": upload}]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**{**meeting_kwargs, "agenda": agenda, "visibility": "members"})
    item = meeting.agenda_items.get()
    url = f"/structure/meetings/{meeting.pk}/agenda/{item.pk}/attachment/"
    response = client_for(members["forssa"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    assert client_for(riihimaki_member).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
