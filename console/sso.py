"""Single sign-on per organisation: checking and saving an organisation's OpenID Connect
identity provider (e.g. its own Entra ID tenant), and removing it.

One allauth ``SocialApp`` per organisation (provider ``openid_connect``, ``provider_id``
``org-<slug>``), kept in the database only; the console's ``IdentityProvider`` row beside it
holds the tenant, the organisation's e-mail domains and whether unknown people may be created.
Who is let in at sign-in is decided in ``console/sso_login.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.permissions import require

from .models import IdentityProvider, SsoDomain

PROVIDER = "openid_connect"
# Microsoft's sign-in hosts, where the first path segment names the tenant.
MICROSOFT_HOSTS = {
    "login.microsoftonline.com",
    "login.windows.net",
    "sts.windows.net",
    "login.microsoftonline.us",
    "login.partner.microsoftonline.cn",
}
# Endpoints that accept any tenant's users: a token from them says nothing about the
# organisation, so they are never accepted ("nOAuth", PITFALLS.md).
MULTI_TENANT = {"common", "organizations", "consumers"}
WELL_KNOWN = "/.well-known/openid-configuration"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def provider_id_for(organisation) -> str:
    return f"org-{organisation.slug}"


def callback_path(provider_id: str) -> str:
    from django.urls import reverse

    return reverse("openid_connect_callback", kwargs={"provider_id": provider_id})


def normalise_issuer(url: str) -> str:
    url = (url or "").strip()
    if url.endswith(WELL_KNOWN):
        url = url[: -len(WELL_KNOWN)]
    return url.rstrip("/")


def check_issuer(url: str) -> str:
    """The issuer URL of one organisation's tenant: https, no multi-tenant endpoint."""
    url = normalise_issuer(url)
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError(
            _("The address of the identity provider must begin with https://."), code="https"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationError(
            _("Give the identity provider's address without a user name, ? or # parts."),
            code="form",
        )
    segments = [s.lower() for s in parts.path.split("/") if s]
    host = parts.hostname.lower()
    if (host in MICROSOFT_HOSTS and (not segments or segments[0] in MULTI_TENANT)) or (
        "common" in segments
    ):
        raise ValidationError(
            _(
                "This address accepts users of any organisation. Give the address of your "
                "organisation's own tenant, e.g. https://login.microsoftonline.com/<tenant "
                "ID>/v2.0 — never /common, /organizations or /consumers."
            ),
            code="multi_tenant",
        )
    return url


def tenant_from_issuer(url: str) -> str:
    """The tenant ID written in a Microsoft issuer address, when it is a GUID."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if (parts.hostname or "").lower() in MICROSOFT_HOSTS and segments and GUID.match(segments[0]):
        return segments[0].lower()
    return ""


def parse_domains(text: str) -> list[str]:
    """One or more e-mail domains (lines, commas or spaces), lower case, each checked."""
    found: list[str] = []
    for raw in re.split(r"[\s,;]+", text or ""):
        domain = raw.strip().lstrip("@").lower().rstrip(".")
        if not domain:
            continue
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_domain = ""
        if not DOMAIN.match(ascii_domain):
            raise ValidationError(
                _("“%(domain)s” is not an e-mail domain (e.g. hattula.fi).") % {"domain": raw},
                code="domain",
            )
        if ascii_domain not in found:
            found.append(ascii_domain)
    if not found:
        raise ValidationError(_("Give at least one e-mail domain."), code="required")
    return found


@dataclass
class SsoSettings:
    server_url: str
    client_id: str
    secret: str
    tenant_id: str
    domains: str
    allow_new_members: bool
    enabled: bool


def _validated(organisation, data: SsoSettings, existing: IdentityProvider | None) -> dict:
    errors: dict[str, list] = {}
    clean: dict = {}
    for name, check in (("server_url", check_issuer), ("domains", parse_domains)):
        try:
            clean[name] = check(getattr(data, name))
        except ValidationError as exc:
            errors[name] = exc.messages
    clean["client_id"] = (data.client_id or "").strip()
    if not clean["client_id"]:
        errors["client_id"] = [_("Give the application's client ID.")]
    clean["secret"] = (data.secret or "").strip()
    if existing is None and not clean["secret"]:
        errors["secret"] = [_("Give the application's client secret.")]
    clean["tenant_id"] = (data.tenant_id or "").strip().lower()
    if not clean["tenant_id"] and "server_url" in clean:
        clean["tenant_id"] = tenant_from_issuer(clean["server_url"])
    if "domains" in clean:
        taken = (
            SsoDomain.objects.filter(domain__in=clean["domains"])
            .exclude(provider__organisation=organisation)
            .select_related("provider__organisation")
        )
        for row in taken:
            errors.setdefault("domains", []).append(
                _("The domain %(domain)s already belongs to %(organisation)s.")
                % {"domain": row.domain, "organisation": row.provider.organisation.display_name}
            )
    if errors:
        raise ValidationError(errors)
    return clean


def _snapshot(provider: IdentityProvider | None) -> dict:
    if provider is None:
        return {}
    return {
        "issuer": provider.server_url,
        "client_id": provider.app.client_id,
        "tenant_id": provider.tenant_id,
        "domains": ", ".join(d.domain for d in provider.domains.all()),
        "allow_new_members": provider.allow_new_members,
        "enabled": provider.enabled,
    }


def configure_sso(*, actor, organisation, data: SsoSettings) -> IdentityProvider:
    """Create or change ``organisation``'s identity provider. Bad input: ValidationError
    (per field), nothing saved. The secret is never written into the audit trail."""
    require(actor, "console.configure_sso", organisation)
    existing = IdentityProvider.objects.filter(organisation=organisation).first()
    clean = _validated(organisation, data, existing)
    before = _snapshot(existing)
    with transaction.atomic():
        app = existing.app if existing else SocialApp(provider=PROVIDER)
        app.provider_id = provider_id_for(organisation)
        app.name = organisation.display_short_name[:40]
        app.client_id = clean["client_id"]
        secret_changed = bool(clean["secret"]) and clean["secret"] != app.secret
        if clean["secret"]:
            app.secret = clean["secret"]
        app.settings = {**(app.settings or {}), "server_url": clean["server_url"]}
        app.save()
        provider = existing or IdentityProvider(organisation=organisation, app=app)
        provider.tenant_id = clean["tenant_id"]
        provider.allow_new_members = data.allow_new_members
        provider.enabled = data.enabled
        provider.updated_at = timezone.now()
        provider.updated_by = actor
        provider.save()
        provider.domains.exclude(domain__in=clean["domains"]).delete()
        for domain in clean["domains"]:
            SsoDomain.objects.get_or_create(provider=provider, domain=domain)
        changes = audit.diff(before, _snapshot(provider))
        if secret_changed:
            changes["secret"] = [None, _("changed")] if existing else [None, _("given")]
        if changes:
            audit.record(
                actor=actor,
                action="sso.changed" if existing else "sso.configured",
                target=provider,
                organisation=organisation,
                changes=changes,
            )
    return provider


def remove_sso(*, actor, provider: IdentityProvider) -> int:
    """Remove the organisation's sign-in and every person's link to it (their accounts stay;
    they log in with a password, which "Forgot your password?" sets). Returns the links."""
    require(actor, "console.configure_sso", provider.organisation)
    with transaction.atomic():
        links = SocialAccount.objects.filter(provider=provider.provider_id)
        count = links.count()
        before = _snapshot(provider)
        links.delete()
        app = provider.app
        audit.record(
            actor=actor,
            action="sso.removed",
            target=provider,
            organisation=provider.organisation,
            changes={**{k: [v, None] for k, v in before.items()}, "links": [count, 0]},
        )
        provider.delete()
        app.delete()
    return count


def unlink_sign_in(*, actor, account: SocialAccount) -> None:
    """Remove a person's link to their organisation's sign-in; only the person themself.
    Refused when it would leave the account without any way to log in."""
    if account.user_id != actor.pk:
        raise ValidationError(_("There is no such sign-in link on your account."))
    if not actor.has_usable_password():
        raise ValidationError(
            _("Set a password first (Change password), so that you can still log in.")
        )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="auth.sso_unlinked",
            target=actor,
            organisation=actor.organisation,
            changes={"provider": [account.provider, None]},
        )
        account.delete()
