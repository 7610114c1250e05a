import base64
import hashlib
import hmac
import struct
import time

import pytest


def _totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code, computed here so the test does not trust the code it tests."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


@pytest.fixture
def mfa_required(settings):
    settings.PORTAL_REQUIRE_MFA_FOR_COORDINATORS = True


def test_a_coordinator_without_mfa_is_sent_to_set_it_up(client_for, coordinator, mfa_required):
    response = client_for(coordinator).get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_other_roles_are_not_forced(client_for, forssa_admin, mfa_required):
    assert client_for(forssa_admin).get("/dashboard/").status_code == 200


def test_a_coordinator_activates_totp_and_then_works(client_for, coordinator, mfa_required):
    client = client_for(coordinator)
    client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": _totp(secret)})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_wrong_totp_code_activates_nothing(client_for, coordinator, mfa_required):
    from allauth.mfa.models import Authenticator

    client = client_for(coordinator)
    client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    client.get("/accounts/2fa/totp/activate/")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=coordinator).exists()
    assert client.get("/dashboard/").status_code == 302
