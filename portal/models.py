"""The portal's own rows: the audit trail and the mail outbox."""

from __future__ import annotations

from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One real change to something that matters: who, when, what, from what to what."""

    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organisation whose data changed, when there is one."),
        verbose_name=_("organisation"),
    )
    action = models.CharField(max_length=80, verbose_name=_("action"))
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.CharField(max_length=64, blank=True, verbose_name=_("target ID"))
    target_repr = models.CharField(max_length=300, blank=True, verbose_name=_("target object"))
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("changes"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class OutboundEmail(models.Model):
    """The outbox: one row per recipient per send, written in the change's transaction.

    A Celery task claims a queued row with a conditional UPDATE, so running it twice sends once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created")
    )
    kind = models.CharField(
        max_length=60, help_text="e.g. invitation, meeting_invite", verbose_name=_("kind")
    )
    to_email = models.EmailField(verbose_name=_("recipient's address"))
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbound_emails",
        verbose_name=_("recipient"),
    )
    from_email = models.CharField(max_length=254, blank=True, verbose_name=_("sender"))
    reply_to = models.CharField(max_length=254, blank=True, verbose_name=_("reply to"))
    subject = models.CharField(max_length=300, verbose_name=_("subject"))
    body_text = models.TextField(verbose_name=_("text"))
    body_html = models.TextField(blank=True, verbose_name=_("HTML text"))
    # A calendar part (text/calendar; method=...) sent as an alternative and as invite.ics.
    calendar_method = models.CharField(max_length=20, blank=True, verbose_name=_("calendar method"))
    calendar_ics = models.TextField(blank=True, verbose_name=_("calendar file"))
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
        verbose_name=_("status"),
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("taken for sending"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    # What the mail is about, for per-recipient delivery views (e.g. a meeting).
    related_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related to"),
    )
    related_id = models.CharField(
        max_length=64, blank=True, db_index=True, verbose_name=_("related ID")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"

    def skip_reason(self) -> str:
        """Why this mail must not be sent any more ("" to send), decided by the object it is
        about: ``related.outbox_skip_reason(kind)`` when its model defines one (a meeting
        since cancelled, a reminder of a meeting since moved). Asked just before sending."""
        if self.related_type is None or not self.related_id:
            return ""
        model = self.related_type.model_class()
        if model is None or not hasattr(model, "outbox_skip_reason"):
            return ""
        related = model._default_manager.filter(pk=self.related_id).first()
        if related is None:
            return f"{model._meta.model_name} deleted"
        return related.outbox_skip_reason(self.kind)

    def message_id(self) -> str:
        """The same for every send of this row: should a worker die between the mail server's
        "accepted" and our "sent", the mail sent again is the same message, which mail clients
        show once (and its calendar part carries the same UID and SEQUENCE)."""
        domain = (self.from_email or settings.DEFAULT_FROM_EMAIL).rsplit("@", 1)[-1]
        domain = domain.strip(" >") or "localhost"
        return f"<outbox.{self.pk}.{int(self.created_at.timestamp())}@{domain}>"

    def build_message(self) -> EmailMultiAlternatives:
        """The MIME message: multipart/mixed → alternative (text, html, text/calendar) and
        an ``invite.ics`` attachment carrying exactly the calendar part's UTF-8 bytes."""
        message = _OutboxMessage(
            subject=self.subject,
            body=self.body_text,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            to=[self.to_email],
            reply_to=[self.reply_to] if self.reply_to else None,
            headers={"Message-ID": self.message_id()},
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        if self.calendar_ics:
            method = self.calendar_method or "REQUEST"
            message.attach_alternative(self.calendar_ics, f"text/calendar; method={method}")
            message.attach(calendar_part(self.calendar_ics, method, filename="invite.ics"))
        return message


def calendar_part(ics: str, method: str, *, filename: str = "") -> MIMEBase:
    """A text/calendar part from the UTF-8 bytes, base64 so that its CRLF line ends
    (RFC 5545) arrive as written. From a str, the email package would write Latin-1 with
    \\u escapes ("J\\xe4sen", "\\u2013") and calendars would show garbled names."""
    part = MIMEBase("text", "calendar", method=method, charset="utf-8")
    part.set_payload(ics.encode("utf-8"))
    encoders.encode_base64(part)
    if filename:
        part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


class _OutboxMessage(EmailMultiAlternatives):
    """Django's message, with the inline calendar alternative built like the attachment."""

    def _create_mime_attachment(self, content, mimetype):
        if mimetype.startswith("text/calendar; method="):
            return calendar_part(content, mimetype.partition("method=")[2])
        # A private Django method that django-stubs does not declare.
        return super()._create_mime_attachment(content, mimetype)  # type: ignore[misc]
