"""The one way the portal sends mail: render in the recipient's language, write an outbox row
in the caller's transaction, hand it to Celery on commit.

Each mail is three templates: ``emails/<name>_subject.txt``, ``emails/<name>.txt`` and
``emails/<name>.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation

from portal.models import OutboundEmail


@dataclass
class Mail:
    """One message to one recipient, not yet rendered."""

    template: str
    to_email: str
    context: dict[str, Any] = field(default_factory=dict)
    to_user: Any = None
    language: str | None = None
    calendar_ics: str = ""
    calendar_method: str = ""
    from_email: str = ""
    reply_to: str = ""


# kind -> check(row) returning a reason not to send ("" to send). Apps register checks for mail
# whose relevance can change between queueing and sending (a reminder for a meeting that was
# cancelled meanwhile); the send task runs the check after claiming the row.
SendCheck = Callable[[OutboundEmail], str]
_SEND_CHECKS: dict[str, SendCheck] = {}


def register_send_check(kind: str, check: SendCheck) -> None:
    _SEND_CHECKS[kind] = check


def skip_reason(row: OutboundEmail) -> str:
    check = _SEND_CHECKS.get(row.kind)
    return check(row) if check is not None else ""


def _language_for(mail: Mail) -> str:
    if mail.language:
        return mail.language
    if mail.to_user is not None and getattr(mail.to_user, "language", ""):
        return mail.to_user.language
    return settings.LANGUAGE_CODE


def render(mail: Mail) -> tuple[str, str, str]:
    """Subject (one line, no header injection), plain text and HTML, in the mail's language."""
    context = {"site_url": settings.SITE_URL, "recipient": mail.to_user, **mail.context}
    with translation.override(_language_for(mail)):
        subject = render_to_string(f"emails/{mail.template}_subject.txt", context)
        text = render_to_string(f"emails/{mail.template}.txt", context)
        html = render_to_string(f"emails/{mail.template}.html", context)
    subject = " ".join(subject.split())[:300]
    return subject, text, html


def queue(mails: Iterable[Mail], *, kind: str, related: Model | None = None) -> list[OutboundEmail]:
    """Write one outbox row per mail (one INSERT) and send each after the commit."""
    from portal.tasks import send_outbound_email

    related_type = ContentType.objects.get_for_model(related) if related is not None else None
    rows = []
    for mail in mails:
        subject, text, html = render(mail)
        rows.append(
            OutboundEmail(
                kind=kind,
                to_email=mail.to_email,
                to_user=mail.to_user,
                from_email=mail.from_email,
                reply_to=mail.reply_to,
                subject=subject,
                body_text=text,
                body_html=html,
                calendar_ics=mail.calendar_ics,
                calendar_method=mail.calendar_method,
                related_type=related_type,
                related_id=str(related.pk) if related is not None else "",
            )
        )
    created = OutboundEmail.objects.bulk_create(rows)
    for row in created:
        send_outbound_email.delay_on_commit(row.pk)
    return created


def queue_one(mail: Mail, *, kind: str, related: Model | None = None) -> OutboundEmail:
    return queue([mail], kind=kind, related=related)[0]


def build_message(row: OutboundEmail) -> EmailMultiAlternatives:
    """The MIME message: multipart/mixed → alternative (text, html, text/calendar) + invite.ics."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=row.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email],
        reply_to=[row.reply_to] if row.reply_to else None,
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    if row.calendar_ics:
        method = row.calendar_method or "REQUEST"
        message.attach_alternative(row.calendar_ics, f"text/calendar; method={method}")
        message.attach("invite.ics", row.calendar_ics, "application/ics")
    return message
