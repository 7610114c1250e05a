"""Celery tasks of the portal itself: sending one outbox row, and handing back rows whose
worker died mid-send or that never reached the broker."""

from __future__ import annotations

import logging
import random
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboundEmail
from .pagecache import bump_on_commit

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Longer than a send may take (EMAIL_TIMEOUT) and than the longest retry countdown (8 min 15 s).
STALE_AFTER = timedelta(minutes=15)
# A queued row nobody has touched for this long was never handed to the broker (it was down).
WAITING_AFTER = timedelta(minutes=10)


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
    bump_on_commit()  # the convener sees each mail's state; an UPDATE sends no signal
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
def requeue_stale_emails(older_than_seconds: int | None = None) -> int:
    """Every 10 minutes: hand the broker again what it lost or never got.

    - Rows claimed long ago and never finished (their worker died mid-send) go back to the
      queue, or are marked failed once they have used all their attempts (a mail whose sending
      kills the worker must not loop for ever).
    - Queued rows that no worker has touched for a while (the broker was down when they were
      written, or lost the message) are handed to it again. A row queued twice is sent once:
      the task claims it with a conditional UPDATE.
    """
    now = timezone.now()
    stale_after = (
        timedelta(seconds=older_than_seconds) if older_than_seconds is not None else STALE_AFTER
    )
    stale = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - stale_after
    )
    OutboundEmail.objects.filter(pk__in=stale.values("pk"), attempts__gte=MAX_ATTEMPTS).update(
        status=OutboundEmail.Status.FAILED,
        last_error=f"Not sent: the worker stopped while sending, {MAX_ATTEMPTS} times.",
    )
    ids = set(stale.values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENDING).update(
        status=OutboundEmail.Status.QUEUED
    )
    bump_on_commit()
    waiting_after = min(stale_after, WAITING_AFTER)
    ids |= set(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED)
        .filter(
            Q(claimed_at__isnull=True, created_at__lt=now - waiting_after)
            | Q(claimed_at__lt=now - stale_after)
        )
        .values_list("pk", flat=True)
    )
    for pk in sorted(ids):
        send_outbound_email.delay(pk)
    return len(ids)
