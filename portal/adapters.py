from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction


class AccountAdapter(DefaultAccountAdapter):
    """Invitation only, and allauth's own mails (password reset…) go through our outbox."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix, email, context) -> None:
        from portal.models import OutboundEmail
        from portal.tasks import send_outbound_email

        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        with transaction.atomic():
            row = OutboundEmail.objects.create(
                kind=f"account:{template_prefix.rsplit('/', 1)[-1]}",
                to_email=email,
                to_user=context.get("user") if getattr(context.get("user"), "pk", None) else None,
                from_email=message.from_email or "",
                subject=message.subject,
                body_text=message.body,
                body_html=html,
            )
            send_outbound_email.delay_on_commit(row.pk)
