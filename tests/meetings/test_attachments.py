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


def test_an_attachment_is_stored_under_a_random_name_and_given_back_under_its_own(
    meeting_kwargs, members, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Hyvinvointikertomus 2025.pdf", b"%PDF-1.4 demo")
    agenda = [{"title": "Hyvinvointikertomus", "attachment": upload}, {"title": "Muut asiat"}]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**{**meeting_kwargs, "agenda": agenda})
    item = meeting.agenda_items.get(number=1)
    assert item.attachment_name == "Hyvinvointikertomus_2025.pdf"
    assert (
        item.attachment.name.startswith("meetings/") and "Hyvinvointi" not in item.attachment.name
    )
    response = client_for(members["forssa"]).get(
        f"/structure/meetings/{meeting.pk}/agenda/{item.pk}/attachment/"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Hyvinvointikertomus_2025.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_agenda_form_refuses_a_mistyped_attachment():
    from meetings.forms import agenda_formset

    data = {
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "60",
        "agenda-0-title": "Liite",
    }
    svg = SimpleUploadedFile("liite.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    formset = agenda_formset(data, {"agenda-0-attachment": svg})
    assert not formset.is_valid()
    assert formset.forms[0].errors["attachment"]
