"""Reminders before a meeting: sent once per start time, checked again when sent."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .invitations import send_meeting_mail
from .models import Meeting, Participant


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind participants of meetings starting within PORTAL_MEETING_REMINDER_HOURS.
    Idempotent: each meeting is claimed by a conditional UPDATE for its current start time."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.PORTAL_MEETING_REMINDER_HOURS)
    due = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=horizon
    ).exclude(reminder_sent_for=F("starts_at"))
    sent = 0
    for meeting in due.select_related("body", "convener", "host_organisation"):
        with transaction.atomic():
            claimed = (
                Meeting.objects.filter(
                    pk=meeting.pk, status=Meeting.Status.SCHEDULED, starts_at=meeting.starts_at
                )
                .exclude(reminder_sent_for=meeting.starts_at)
                .update(reminder_sent_for=meeting.starts_at)
            )
            if claimed != 1:
                continue
            participants = list(
                meeting.participants.invited()
                .exclude(answer=Participant.Answer.DECLINED)
                .filter(
                    Q(
                        kind__in=[
                            Participant.Kind.MEMBER,
                            Participant.Kind.GUEST,
                            Participant.Kind.CONVENER,
                        ]
                    )
                    | Q(stands_in=True)
                )
                .select_related("user", "deputy_for__user")
            )
            rows = send_meeting_mail(
                meeting, participants, template="meeting_reminder", kind="meeting_reminder"
            )
            sent += len(rows)
    return sent
