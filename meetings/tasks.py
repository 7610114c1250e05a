"""Celery tasks of meetings (found by autodiscovery): thin wrappers, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import reminders, rhythm


@shared_task
def send_meeting_reminders() -> int:
    """Hourly (beat): remind participants of meetings starting soon; once per start time."""
    return reminders.send_due_reminders()


@shared_task
def send_rhythm_alerts() -> int:
    """Daily (beat): once a month, mail conveners whose body's rhythm is at risk."""
    return rhythm.send_rhythm_alerts()
