"""Scheduling: invitations per recipient, in their language, as valid calendar invitations."""

from __future__ import annotations

import datetime
import email

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Meeting, Participant
from meetings.scheduling import schedule_meeting
from portal.models import OutboundEmail
from tests.conftest import make_user

from .conftest import HELSINKI, decoded, future, mime_parts, seat, vevent


def test_every_member_and_deputy_gets_one_invitation(scheduled, members, chair):
    invited = sorted(m.to[0] for m in mail.outbox if "Kutsu:" in m.subject or "Invit" in m.subject)
    assert invited == sorted(
        [members["forssa"].email, members["forssa_deputy"].email, members["loppi"].email]
    )
    assert OutboundEmail.objects.filter(kind="meeting_invitation", status="sent").count() == 3
    kinds = dict(scheduled.participants.values_list("user__email", "kind"))
    assert kinds[members["forssa_deputy"].email] == Participant.Kind.DEPUTY
    assert kinds[members["forssa"].email] == Participant.Kind.MEMBER


def test_the_invitation_is_a_calendar_request_with_uid_sequence_and_attendees(
    scheduled, members, chair
):
    message = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    event = vevent(message)
    assert str(event["UID"]) == scheduled.uid
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == f"mailto:{chair.email}"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert attendees[f"mailto:{members['forssa'].email}"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees[f"mailto:{members['forssa_deputy'].email}"]["ROLE"] == "OPT-PARTICIPANT"
    assert attendees[f"mailto:{members['forssa'].email}"]["RSVP"] == "TRUE"
    assert event.decoded("DTSTART") == future(14, 9)
    assert "DTSTAMP" in event


def test_the_mime_structure_is_alternative_with_calendar_plus_attachment(scheduled, members):
    message = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    parsed, alternative, *inner, attachment = mime_parts(message)
    assert parsed.get_content_type() == "multipart/mixed"
    assert alternative.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in inner]
    assert types == ["text/plain", "text/html", "text/calendar"]
    assert inner[2].get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invite.ics"
    assert message.reply_to == ["chair@test.example"]
    assert "Kaisa Koollekutsuja" in message.from_email


def test_the_convener_gets_a_confirmation_not_a_request_for_their_own_meeting(
    scheduled, members, chair
):
    """The convener is the ORGANIZER; Outlook may not file a REQUEST mailed to its own
    organiser, so the convener is told what was sent instead (and sits in the meeting as a
    member all the same)."""
    to_chair = [m for m in mail.outbox if m.to == [chair.email]]
    assert len(to_chair) == 1
    confirmation = to_chair[0]
    assert confirmation.subject.startswith("Kutsut lähetetty: Hytefoorumin kokous")
    assert "Kutsu lähetettiin 3 osallistujalle." in confirmation.body
    assert f"/structure/meetings/{scheduled.pk}/meeting.ics" in confirmation.body
    parts = [p.get_content_type() for p in confirmation.message().walk()]
    assert "text/calendar" not in parts
    assert scheduled.participants.filter(user=chair).exists()
    for message in mail.outbox:
        if message.to != [chair.email]:
            assert str(vevent(message)["ORGANIZER"]) == f"mailto:{chair.email}"


def test_the_convener_is_not_asked_on_the_dashboard_to_answer_their_own_invitation(
    scheduled, members, chair, client_for
):
    assert "Vastaa kokouskutsuun" not in client_for(chair).get("/dashboard/").content.decode()
    assert (
        "Vastaa kokouskutsuun" in client_for(members["forssa"]).get("/dashboard/").content.decode()
    )


def test_the_attachment_is_the_inline_calendar_part_byte_for_byte_in_utf8(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    """Thunderbird (ical.js) and vobject import invite.ics: it must be the same UTF-8
    bytes as the inline part, never Latin-1 with \\u escapes."""
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(**{**meeting_kwargs, "title": "Hyvinvoinnin elinkaari – Hytefoorumi"})
    message = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    parsed = email.message_from_bytes(message.message().as_bytes())
    inline = next(
        p for p in parsed.walk() if p.get_content_type() == "text/calendar" and not p.get_filename()
    )
    (attachment,) = [p for p in parsed.walk() if p.get_filename() == "invite.ics"]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("charset") == "utf-8"
    assert attachment.get_param("method") == "REQUEST"
    inline_bytes = decoded(inline)
    assert decoded(attachment) == inline_bytes
    text = inline_bytes.decode("utf-8")
    assert "elinkaari – Hytefoorumi" in text and "Jäsen" not in text.replace("ä", "")
    assert "Member Forssa" in text or "Forssa" in text
    assert b"\\u2013" not in inline_bytes and b"\\xe4" not in inline_bytes


def test_the_body_states_date_time_zone_place_link_agenda_and_url(scheduled, members):
    message = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    start = future(14, 9)
    assert f"{start.day}.{start.month}.{start.year}" in message.body
    assert "9.00–11.00" in message.body
    assert "Suomen aikaa" in message.body or "Finnish time" in message.body
    assert "Valtuustosali" in message.body
    assert "https://teams.example/meet/1" in message.body
    assert "2 § Alueellinen hyvinvointikertomus" in message.body
    assert f"http://testserver/structure/meetings/{scheduled.pk}/" in message.body
    assert "/answer/" in message.body


def test_each_recipient_gets_the_mail_in_their_own_language(scheduled, members):
    english = next(m for m in mail.outbox if m.to == [members["loppi"].email])
    finnish = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    assert english.subject.startswith("Invitation:")
    assert finnish.subject.startswith("Kutsu:")


def test_times_across_the_spring_dst_change_are_correct(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    # A two-day seminar over the last Sunday of March (EET → EEST), set far enough ahead.
    year = timezone.localdate().year + 1
    last_sunday = max(
        datetime.date(year, 3, d) for d in range(25, 32) if datetime.date(year, 3, d).weekday() == 6
    )
    start = datetime.datetime.combine(
        last_sunday - datetime.timedelta(days=1), datetime.time(9), tzinfo=HELSINKI
    )
    end = datetime.datetime.combine(
        last_sunday + datetime.timedelta(days=1), datetime.time(15), tzinfo=HELSINKI
    )
    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(**{**meeting_kwargs, "starts_at": start, "ends_at": end})
    event = vevent(mail.outbox[0])
    assert event.decoded("DTSTART").astimezone(datetime.UTC).hour == 7  # 09:00 EET
    assert event.decoded("DTEND").astimezone(datetime.UTC).hour == 12  # 15:00 EEST
    calendar = next(
        p for p in mime_parts(mail.outbox[0]) if p.get_content_type() == "text/calendar"
    )
    text = decoded(calendar).decode("utf-8")
    assert "DTSTART;TZID=Europe/Helsinki:" in text
    assert "RDATE" not in text


def test_nothing_is_sent_before_the_commit(
    meeting_kwargs, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_meeting(**meeting_kwargs)
    assert mail.outbox == []
    # One send per mail; the rest retire kept pages (portal.pagecache).
    sends = [c for c in callbacks if not getattr(c, "retires_kept_pages", False)]
    assert len(sends) == 4
    assert OutboundEmail.objects.filter(status="queued").count() == 4


def test_a_draft_invites_nobody_until_published(
    meeting_kwargs, members, chair, django_capture_on_commit_callbacks
):
    from meetings.scheduling import publish_meeting

    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**meeting_kwargs, publish=False)
    assert meeting.status == Meeting.Status.DRAFT and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting(actor=chair, meeting=meeting)
    assert len(mail.outbox) == 4


def test_a_joint_meeting_invites_both_bodies(
    meeting_kwargs, members, security, chair, coordinator, django_capture_on_commit_callbacks
):
    riihimaki = make_user("riihimaki", "member", "sec.riihimaki@test.example")
    seat(security, riihimaki)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(
            **{**meeting_kwargs, "actor": coordinator, "joint_bodies": [security]}
        )
    assert set(meeting.bodies.values_list("slug", flat=True)) == {
        "hytefoorumi",
        "turvallisuusfoorumi",
    }
    assert riihimaki.email in {m.to[0] for m in mail.outbox}


# --- bad input: a clear message, nothing changed or sent --------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"ends_at": future(14, 8)}, "ends_at"),
        ({"starts_at": future(-2, 9), "ends_at": future(-2, 11)}, "starts_at"),
    ],
)
def test_bad_times_are_refused_and_nothing_is_written(
    meeting_kwargs, members, change, field, assert_unchanged
):
    with assert_unchanged(), pytest.raises(ValidationError) as exc:
        schedule_meeting(**{**meeting_kwargs, **change})
    assert field in exc.value.message_dict
    assert mail.outbox == []


def test_a_joint_meeting_with_a_body_the_user_does_not_convene_is_refused(
    meeting_kwargs, members, security, assert_unchanged
):
    with assert_unchanged(), pytest.raises(ValidationError) as exc:
        schedule_meeting(**{**meeting_kwargs, "joint_bodies": [security]})
    assert "turvallisuusfoorumi" in str(exc.value).lower()
    assert mail.outbox == []


def test_inviting_someone_without_access_is_refused(
    meeting_kwargs, members, wellbeing, assert_unchanged
):
    wellbeing.visibility = "members"
    wellbeing.save(update_fields=["visibility"])
    outsider = make_user("riihimaki", "member", "outsider@test.example")
    with assert_unchanged(), pytest.raises(ValidationError) as exc:
        schedule_meeting(**{**meeting_kwargs, "guests": [outsider]})
    assert "ei ole pääsyä" in str(exc.value)
    assert mail.outbox == []


def test_a_guest_with_access_is_invited(
    meeting_kwargs, members, riihimaki_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(**{**meeting_kwargs, "guests": [riihimaki_member]})
    assert meeting.participants.get(user=riihimaki_member).kind == Participant.Kind.GUEST
    assert riihimaki_member.email in {m.to[0] for m in mail.outbox}
