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


def ics_for(meetings, *, name: str) -> str:
    return ical.feed([calendar_event(m, for_feed=True) for m in meetings], name=name)
