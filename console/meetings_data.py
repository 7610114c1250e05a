"""Everything the console reads or changes of the meetings, in one place.

The two imports below (``meetings.models``, ``meetings.rhythm``) are the only lines in the
console that name the meetings app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from meetings.models import (
    ActionItem,
    AgendaItem,
    CalendarFeedToken,
    Decision,
    Meeting,
    Minutes,
    MinutesItem,
    MinutesVersion,
    Participant,
)
from meetings.rhythm import rhythm_for_bodies

__all__ = [
    "ActionItem",
    "AgendaItem",
    "CalendarFeedToken",
    "Decision",
    "Meeting",
    "Minutes",
    "MinutesItem",
    "MinutesVersion",
    "Participant",
    "behind_rhythm",
    "person_meeting_data",
    "revoke_calendar_feed",
]

BEHIND = ("missed", "at_risk")


def behind_rhythm(bodies: list) -> list:
    """The bodies' rhythm rows whose state is missed or at risk (constant queries)."""
    return [r for r in rhythm_for_bodies(bodies) if r.state in BEHIND]


def revoke_calendar_feed(user) -> int:
    """End the person's private calendar feed: its address stops working. Returns how many."""
    deleted, _by_model = CalendarFeedToken.objects.filter(user=user).delete()
    return deleted


def _local(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).isoformat() if value else ""


def person_meeting_data(user) -> dict[str, list[dict[str, Any]]]:
    """The person's meeting answers, the agenda items they prepared, the meetings they
    convened and the minutes versions they wrote or checked (four queries)."""
    answers = [
        {
            "meeting": p.meeting.title,
            "starts_at": _local(p.meeting.starts_at),
            "as": p.get_kind_display(),
            "answer": p.get_answer_display(),
            "answered_at": _local(p.answered_at),
            "stands_in": p.stands_in,
        }
        for p in Participant.objects.filter(user=user)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    ]
    prepared = [
        {"meeting": a.meeting.title, "item": str(a), "starts_at": _local(a.meeting.starts_at)}
        for a in AgendaItem.objects.filter(preparer=user)
        .select_related("meeting")
        .order_by("meeting__starts_at", "number")
    ]
    convened = [
        {"meeting": m.title, "starts_at": _local(m.starts_at), "status": m.get_status_display()}
        for m in Meeting.objects.filter(Q(convener=user) | Q(created_by=user))
        .distinct()
        .order_by("starts_at", "pk")
    ]
    minutes = [
        {
            "meeting": v.minutes.meeting.title,
            "version": v.version,
            "status": v.get_status_display(),
            "saved_at": _local(v.created_at),
        }
        for v in MinutesVersion.objects.filter(created_by=user)
        .select_related("minutes__meeting")
        .order_by("created_at", "pk")
    ]
    return {
        "meeting_answers": answers,
        "agenda_items_prepared": prepared,
        "meetings_convened": convened,
        "minutes_written": minutes,
    }
