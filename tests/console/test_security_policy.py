"""Two-factor authentication: always for coordinators (a setting), and for organisation
admins when a coordinator turns it on in the console."""

from allauth.mfa.models import Authenticator

from console.models import SecurityPolicy
from portal.models import AuditEvent


def test_organisation_admins_are_not_forced_until_the_coordinator_says_so(
    client_for, coordinator, forssa_admin, forssa_member
):
    admin = client_for(forssa_admin)
    assert admin.get("/dashboard/").status_code == 200
    response = client_for(coordinator).post(
        "/console/security/", {"require_mfa_for_org_admins": "on"}
    )
    assert response.status_code == 302
    assert SecurityPolicy.current().require_mfa_for_org_admins
    refused = admin.get("/dashboard/", follow=True)
    assert refused.redirect_chain[0][0] == "/accounts/2fa/totp/activate/"
    assert "Organisaation pääkäyttäjän on käytettävä" in refused.content.decode()
    assert admin.get("/accounts/logout/").status_code in (200, 302)
    assert client_for(forssa_member).get("/dashboard/").status_code == 200
    event = AuditEvent.objects.get(action="policy.changed")
    assert event.changes == {"require_mfa_for_org_admins": [False, True]}


def test_an_organisation_admin_with_an_authenticator_goes_on(client_for, coordinator, forssa_admin):
    client_for(coordinator).post("/console/security/", {"require_mfa_for_org_admins": "on"})
    Authenticator.objects.create(user=forssa_admin, type=Authenticator.Type.TOTP, data={})
    assert client_for(forssa_admin).get("/console/").status_code == 200


def test_saving_the_same_policy_again_records_nothing(client_for, coordinator):
    client = client_for(coordinator)
    client.post("/console/security/", {})
    assert not AuditEvent.objects.filter(action="policy.changed").exists()
