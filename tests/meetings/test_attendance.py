"""Who is coming: counts of those asked (a personal deputy only when called in), per party
whether it will be represented, and a deputy no longer "in place of" after a time change."""

from __future__ import annotations

from meetings.answers import answer_meeting, attendance
from meetings.models import Participant
from meetings.scheduling import update_meeting

from .conftest import future


def _page(client_for, user, meeting) -> str:
    return client_for(user).get(meeting.get_absolute_url()).content.decode()


def _participants(meeting) -> list[Participant]:
    return list(meeting.participants.invited().select_related("organisation", "user"))


def test_deputies_who_were_never_asked_are_not_counted_as_not_answered(scheduled, members):
    counts, _parties = attendance(_participants(scheduled))
    # The chair, Forssa's and Loppi's members are asked; Forssa's deputy only informed.
    assert counts["none"] == 3


def test_each_party_shows_whether_it_will_be_represented(
    scheduled, members, chair, client_for, django_capture_on_commit_callbacks
):
    forssa = scheduled.participants.get(user=members["forssa"])
    loppi = scheduled.participants.get(user=members["loppi"])
    with django_capture_on_commit_callbacks(execute=True):
        answer_meeting(participant=forssa, answer="declined", actor=members["forssa"])
        answer_meeting(participant=loppi, answer="declined", actor=members["loppi"])
        chair_row = scheduled.participants.get(user=chair)
        answer_meeting(participant=chair_row, answer="accepted", actor=chair)
    states = {row.organisation.slug: row.state for row in attendance(_participants(scheduled))[1]}
    # Forssa's member declined, so the deputy was called in and has not answered yet.
    assert states == {
        "kanta-hameen-hyvinvointialue": "coming",
        "forssa": "waiting",
        "loppi": "not_coming",
    }
    deputy = scheduled.participants.get(user=members["forssa_deputy"])
    answer_meeting(participant=deputy, answer="accepted", actor=members["forssa_deputy"])
    states = {row.organisation.slug: row.state for row in attendance(_participants(scheduled))[1]}
    assert states["forssa"] == "coming"
    page = _page(client_for, chair, scheduled)
    assert "Onko kukin osapuoli edustettuna?" in page
    loppi_item = page.split("Loppi</span>", 1)[1].split("</li>", 1)[0]
    assert "ei edustusta" in loppi_item


def test_after_a_time_change_a_deputy_no_longer_stands_in(
    scheduled, members, chair, client_for, django_capture_on_commit_callbacks
):
    forssa = scheduled.participants.get(user=members["forssa"])
    with django_capture_on_commit_callbacks(execute=True):
        answer_meeting(participant=forssa, answer="declined", actor=members["forssa"])
    deputy = scheduled.participants.get(user=members["forssa_deputy"])
    assert deputy.stands_in
    assert "henkilön Member Forssa sijasta" in _page(client_for, chair, scheduled)
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(
            actor=chair,
            meeting=scheduled,
            data={"starts_at": future(20, 9), "ends_at": future(20, 11)},
        )
    deputy.refresh_from_db()
    assert not deputy.stands_in and deputy.answer == Participant.Answer.NONE
    page = _page(client_for, chair, scheduled)
    assert "henkilön Member Forssa sijasta" not in page
    counts, _parties = attendance(_participants(scheduled))
    assert counts["none"] == 3  # everyone asked again; the deputy is informed, not asked
