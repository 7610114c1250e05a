"""Celery tasks of the collaboration structure: thin, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_agreement_review_reminders() -> int:
    """Daily (beat): remind contact people 90 and 30 days before the agreement's review date
    and once when it has passed. Each reminder is sent once (AgreementReminder row)."""
    from .services import send_review_reminders

    return send_review_reminders()
