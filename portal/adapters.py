"""The portal's allauth adapter: no self-signup, its mails through the outbox, login limits."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from portal import login_limits


class AccountAdapter(DefaultAccountAdapter):
    """Invitation only; allauth's own mails (password reset…) go through our outbox; failed
    logins are limited by ``portal.login_limits`` (a stranger cannot lock an official out)."""

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

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse before the password is checked when this attempt's limits are used up."""
        email = credentials.get("email") or credentials.get("username") or ""
        self._attempt = login_limits.Attempt.for_request(
            request, email, self.get_client_ip(request)
        )
        if self._attempt.refused():
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        attempt = getattr(self, "_attempt", None)
        if attempt is not None:
            attempt.failed()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """allauth calls this after a successful password reset."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        login_limits.clear_account(credentials.get("email") or "")
        login_limits.clear_pair(credentials.get("email") or "", self.get_client_ip(request))

    def post_login(self, request, user, **kwargs):
        """After the whole login (second factor included) this browser is a known device."""
        response = super().post_login(request, user, **kwargs)
        if getattr(user, "email", ""):
            login_limits.remember_device(response, user.email)
        return response
