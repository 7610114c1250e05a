"""Celery tasks of meetings: thin wrappers that are safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_meeting_reminders() -> int:
    """Hourly (beat): remind participants of meetings starting soon; once per start time."""
    from .meeting_services import send_due_reminders

    return send_due_reminders()


@shared_task
def send_rhythm_alerts() -> int:
    """Daily (beat): once a month, mail conveners whose body's rhythm is at risk."""
    from .meeting_services import send_rhythm_alerts as run

    return run()
