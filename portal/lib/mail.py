"""The one way the portal sends mail: render in the recipient's language, write an outbox row
in the caller's transaction, hand it to Celery on commit (``portal.tasks`` sends it; the row
builds its own MIME message and knows when it must not be sent any more).

Each mail is three templates: ``emails/<name>_subject.txt``, ``emails/<name>.txt`` and
``emails/<name>.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation

from portal.models import OutboundEmail
from portal.tasks import send_outbound_email


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


def _language_for(mail: Mail) -> str:
    if mail.language:
        return mail.language
    language = getattr(mail.to_user, "language", None) if mail.to_user is not None else None
    if language:
        return str(language)
    return settings.LANGUAGE_CODE


def render(mail: Mail) -> tuple[str, str, str]:
    """Subject (one line, no header injection), plain text and HTML, in the mail's language."""
    context = {"site_url": settings.SITE_URL, "recipient": mail.to_user, **mail.context}
    with translation.override(_language_for(mail)):
        subject = render_to_string(f"emails/{mail.template}_subject.txt", context)
        text = render_to_string(f"emails/{mail.template}.txt", context)
        html = render_to_string(f"emails/{mail.template}.html", context)
    return " ".join(subject.split())[:300], text, html


def queue(mails: Iterable[Mail], *, kind: str, related: Model | None = None) -> list[OutboundEmail]:
    """Write one outbox row per mail (one INSERT) and send each after the commit."""
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
