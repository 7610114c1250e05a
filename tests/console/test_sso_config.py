"""Setting up an organisation's sign-in in the console: one app per organisation with its
own provider ID; bad issuers and domains are refused with a message and change nothing."""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.management import call_command

from console.models import IdentityProvider
from portal.models import AuditEvent
from tests.conftest import make_user

from .conftest import HATTULA_ISSUER, HATTULA_TENANT


def _form(**overrides):
    data = {
        "enabled": "on",
        "server_url": HATTULA_ISSUER,
        "tenant_id": "",
        "client_id": "portal-client-id",
        "secret": "very-secret-value",
        "domains": "hattula.fi\n@Hattula.FI\nposti.hattula.fi",
    }
    data.update(overrides)
    return data


def test_the_coordinator_sets_up_hattulas_sign_in(client_for, coordinator):
    response = client_for(coordinator).post("/console/organisations/hattula/sign-in/", _form())
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation__slug="hattula")
    app = provider.app
    assert (app.provider, app.provider_id) == ("openid_connect", "org-hattula")
    assert app.settings == {"server_url": HATTULA_ISSUER}
    assert provider.tenant_id == HATTULA_TENANT  # read from the Entra address
    assert sorted(d.domain for d in provider.domains.all()) == ["hattula.fi", "posti.hattula.fi"]
    event = AuditEvent.objects.get(action="sso.configured")
    assert "very-secret-value" not in str(event.changes)
    assert event.changes["secret"] == [None, "annettu"]


def test_each_organisation_gets_its_own_app(client_for, coordinator):
    client = client_for(coordinator)
    client.post("/console/organisations/hattula/sign-in/", _form())
    client.post(
        "/console/organisations/forssa/sign-in/",
        _form(
            server_url="https://login.microsoftonline.com/forssa.onmicrosoft.com/v2.0",
            domains="forssa.fi",
        ),
    )
    assert sorted(SocialApp.objects.values_list("provider_id", flat=True)) == [
        "org-forssa",
        "org-hattula",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("server_url", "http://login.microsoftonline.com/x/v2.0", "on alettava https://"),
        ("server_url", "https://login.microsoftonline.com/common/v2.0", "/common"),
        ("server_url", "https://login.microsoftonline.com/organizations/v2.0/", "/common"),
        (
            "server_url",
            "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
            "/common",
        ),
        ("server_url", "https://user:pw@idp.example/realms/x", "ilman käyttäjätunnusta"),
        ("domains", "", "Tämä kenttä vaaditaan"),
        ("domains", "not a domain", "ei ole sähköpostin verkkotunnus"),
        ("secret", "", "Anna sovelluksen salaisuus"),
        ("client_id", "", "Tämä kenttä vaaditaan"),
    ],
)
def test_bad_settings_are_refused_with_a_message(
    field, value, message, client_for, coordinator, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(
            "/console/organisations/hattula/sign-in/", _form(**{field: value})
        )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_domain_claimed_by_another_organisation_is_refused(
    client_for, coordinator, hattula_sso, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(
            "/console/organisations/forssa/sign-in/",
            _form(
                server_url="https://idp.forssa.fi/realms/forssa", domains="forssa.fi\nhattula.fi"
            ),
        )
    assert "Verkkotunnus hattula.fi on jo organisaation Hattulan kunta käytössä" in (
        response.content.decode()
    )


def test_a_change_keeps_the_saved_secret_when_left_empty(client_for, coordinator, hattula_sso):
    response = client_for(coordinator).post(
        "/console/organisations/hattula/sign-in/",
        _form(secret="", allow_new_members="on", domains="hattula.fi"),
    )
    assert response.status_code == 302
    hattula_sso.refresh_from_db()
    hattula_sso.app.refresh_from_db()
    assert hattula_sso.app.secret == "portal-client-secret"
    assert hattula_sso.allow_new_members
    event = AuditEvent.objects.get(action="sso.changed")
    assert "secret" not in event.changes
    assert event.changes["allow_new_members"] == [False, True]


def test_removing_the_sign_in_removes_the_links_but_keeps_the_people(
    client_for, coordinator, hattula_sso
):
    person = make_user("hattula", "member", "aino@hattula.fi")
    SocialAccount.objects.create(user=person, provider=hattula_sso.provider_id, uid="s-1")
    response = client_for(coordinator).post("/console/organisations/hattula/sign-in/remove/")
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    assert not SocialApp.objects.exists()
    assert person.__class__.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.get(action="sso.removed").changes["links"] == [1, 0]


def test_the_page_shows_the_redirect_address_to_register(client_for, coordinator):
    page = client_for(coordinator).get("/console/organisations/hattula/sign-in/").content.decode()
    assert "http://testserver/accounts/oidc/org-hattula/login/callback/" in page


def test_apps_in_settings_are_flagged_by_a_system_check(settings):
    from django.core.management.base import SystemCheckError

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": [{"provider_id": "x", "client_id": "y"}]}
    }
    with pytest.raises(SystemCheckError, match="console.E001"):
        call_command("check")
