"""Helpers shared by the meeting views."""

from __future__ import annotations

from ..models import Meeting, MeetingQuerySet


def visible_meetings(user) -> MeetingQuerySet:
    """The meetings ``user`` may see, with what every page shows of them."""
    return Meeting.objects.visible_to(user).select_related("body", "host_organisation", "convener")
