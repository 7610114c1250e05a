"""Calendar feeds: a private feed per user (revocable token), the meetings it lists, and
the iCalendar text of feeds and single meetings (cancelled meetings stay, marked)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forums.models import Body
from portal import audit
from portal.lib import ical

from .audience import MeetingAudience
from .invitations import calendar_event
from .models import CalendarFeedToken, Meeting


def feed_token_for(user) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


def revoke_feed_token(*, user) -> CalendarFeedToken:
    """A new secret: the old feed address stops working at once."""
    with transaction.atomic():
        CalendarFeedToken.objects.filter(user=user).delete()
        token = CalendarFeedToken.objects.create(user=user)
        audit.record(
            actor=user, action="meeting_feed.revoked", target=user, organisation=user.organisation
        )
    return token


def feed_meetings_for_user(user):
    """My meetings: where I'm a participant or sit in a body, cancelled ones included."""
    since = timezone.now() - datetime.timedelta(days=180)
    return (
        Meeting.objects.visible_to(user)
        .filter(Q(participants__user=user) | Q(bodies__in=Body.objects.for_person(user)))
        .exclude(status=Meeting.Status.DRAFT)
        .filter(ends_at__gte=since)
        .select_related("convener")
        .distinct()
        .order_by("starts_at")
    )


def ics_for(meetings, *, name: str, reader) -> str:
    """A feed (or one meeting's .ics) showing ``reader`` what their page shows them: one
    query decides of which meetings the reader is a member (``meetings.audience``)."""
    meetings = list(meetings)
    members = set(
        Meeting.objects.attended_by(reader)
        .filter(pk__in=[m.pk for m in meetings])
        .values_list("pk", flat=True)
    )
    events = []
    for meeting in meetings:
        audience = MeetingAudience(meeting, reader)
        audience.__dict__["is_member"] = meeting.pk in members  # the cached answer
        events.append(calendar_event(meeting, audience=audience))
    return ical.feed(events, name=name)
