"""Fixtures of the console tests: people of Hattula and Tammela, an organisation's sign-in
set up through the console, and a fake OpenID Connect identity provider that answers
discovery, token and userinfo requests offline (requests.Session is replaced, as allauth's
own tests do)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from console.sso import SsoSettings, configure_sso
from organisations.models import Organisation
from tests.conftest import make_user

HATTULA_TENANT = "2f5c7b0e-1d3a-4c6b-9e8f-0a1b2c3d4e5f"
HATTULA_ISSUER = f"https://login.microsoftonline.com/{HATTULA_TENANT}/v2.0"


@pytest.fixture
def hattula(agreement):
    return Organisation.objects.get(slug="hattula")


@pytest.fixture
def hattula_admin(agreement):
    return make_user("hattula", "org_admin", "admin.hattula@test.example")


@pytest.fixture
def hattula_sso(coordinator, hattula):
    """Hattula's Entra ID tenant as the coordinator sets it up in the console."""
    return configure_sso(
        actor=coordinator,
        organisation=hattula,
        data=SsoSettings(
            server_url=HATTULA_ISSUER,
            client_id="portal-client-id",
            secret="portal-client-secret",
            tenant_id="",
            domains="hattula.fi",
            allow_new_members=False,
            enabled=True,
        ),
    )


class FakeIdP:
    """An identity provider answering over a fake network. ``claims`` is who signs in next;
    ``requests`` records every URL the portal asked for."""

    def __init__(self, issuer: str, tenant: str):
        self.issuer = issuer
        self.tenant = tenant
        self.claims: dict = {}
        self.requests: list[str] = []
        base = issuer.rsplit("/v2.0", 1)[0]
        self.config = {
            "issuer": issuer,
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def _id_token(self) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": "portal-client-id",
            "iat": now,
            "exp": now + 600,
            "tid": self.tenant,
            **self.claims,
        }
        return jwt.encode(payload, "fake-idp-signing-key-0123456789abcdef", algorithm="HS256")

    def answer(self, method: str, url: str) -> requests.Response:
        self.requests.append(url)
        body: dict[str, Any]
        if url.endswith("/.well-known/openid-configuration"):
            body = self.config
        elif url == self.config["token_endpoint"]:
            body = {
                "access_token": uuid.uuid4().hex,
                "token_type": "Bearer",
                "expires_in": 3600,
                "id_token": self._id_token(),
            }
        elif url == self.config["userinfo_endpoint"]:
            body = {k: v for k, v in self.claims.items() if k != "tid"}
        else:
            raise AssertionError(f"unexpected request to {url}")
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(body).encode()
        response.headers["content-type"] = "application/json"
        response.url = url
        return response

    def sign_in(self, client, provider_id: str, *, process: str = "login", start=None):
        """Press the sign-in button (or ``start(client)``), then come back from the
        provider with a code. Returns the portal's answer to the callback."""
        if start is None:
            started = client.post(f"/accounts/oidc/{provider_id}/login/", {"process": process})
        else:
            started = start(client)
        assert started.status_code == 302, started.content[:500]
        location = urlsplit(started["Location"])
        assert location.geturl().startswith(self.config["authorization_endpoint"])
        state = parse_qs(location.query)["state"][0]
        return client.get(
            f"/accounts/oidc/{provider_id}/login/callback/", {"code": "code-1", "state": state}
        )


@pytest.fixture
def fake_idp(monkeypatch):
    idp = FakeIdP(HATTULA_ISSUER, HATTULA_TENANT)

    def fake_request(self, method, url, *args, **kwargs):
        return idp.answer(method, url)

    monkeypatch.setattr(requests.Session, "request", fake_request)
    return idp
