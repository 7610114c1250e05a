"""Celery tasks of the portal itself: sending one outbox row, and handing back rows whose
worker died mid-send."""

from __future__ import annotations

import logging
import random
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
STALE_AFTER = timedelta(minutes=15)


def _is_transient(exc: Exception) -> bool:
    """Disconnects, timeouts and 4xx replies are worth another try; 5xx are final."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    return isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | OSError)


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, acks_late=True)
def send_outbound_email(self, email_id: int) -> str:
    """Send one outbox row. Safe to run twice: only the run that claims the row sends."""
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return "skipped"
    row = OutboundEmail.objects.get(pk=email_id)
    reason = row.skip_reason()
    if reason:
        row.status = OutboundEmail.Status.FAILED
        row.last_error = f"Not sent: {reason}"[:2000]
        row.save(update_fields=["status", "last_error"])
        return "skipped"
    try:
        row.build_message().send(fail_silently=False)
    except Exception as exc:
        transient = _is_transient(exc)
        can_retry = transient and row.attempts < MAX_ATTEMPTS
        row.status = OutboundEmail.Status.QUEUED if can_retry else OutboundEmail.Status.FAILED
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.save(update_fields=["status", "last_error"])
        log.warning(
            "Mail %s to %s failed (attempt %s): %s", row.pk, row.to_email, row.attempts, exc
        )
        if can_retry:
            # Exponential backoff with jitter: ~30 s, 1 min, 2 min, 4 min, 8 min.
            countdown = 30 * 2 ** (row.attempts - 1) + random.randint(0, 15)  # noqa: S311
            raise self.retry(exc=exc, countdown=countdown) from exc
        return "failed"
    row.status = OutboundEmail.Status.SENT
    row.sent_at = timezone.now()
    row.last_error = ""
    row.save(update_fields=["status", "sent_at", "last_error"])
    return "sent"


@shared_task
def requeue_stale_emails() -> int:
    """Hand back rows whose worker died mid-send (claimed long ago, never finished)."""
    stale = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=timezone.now() - STALE_AFTER
    )
    ids = list(stale.values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENDING).update(
        status=OutboundEmail.Status.QUEUED
    )
    for pk in ids:
        send_outbound_email.delay(pk)
    return len(ids)
